/// A failure to read, parse, query or validate XML, with where it happened.
///
/// `subject` names the document (or schema, or file) being worked on; `line` and `column`
/// are 1-based and 0 when libxml2 does not know them. `message` comes from libxml2 or from
/// osva and may quote a short part of the input, so callers that report it outside osva should
/// pass it through their own redaction rules.
public struct XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; callers decide on this, never on `message`.
    public enum Kind: String, Sendable, Equatable {
        /// The input is larger than `XMLLimits.maximumBytes`.
        case tooLarge
        /// Elements nest deeper than `XMLLimits.maximumDepth`.
        case tooDeep
        /// The input is not well-formed XML (or is empty).
        case malformed
        /// The input has a document type declaration, which osva never accepts.
        case doctypeForbidden
        /// The input's bytes do not match its declared or detected character encoding.
        case encoding
        /// An XPath expression could not be compiled or evaluated.
        case xpath
        /// An XML Schema could not be loaded or compiled.
        case schemaLoad
        /// A file could not be read.
        case io
        /// libxml2 failed for a reason of its own (for example out of memory).
        case `internal`
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// A one-line description of the failure.
    public let message: String
    /// The document, schema or file name the failure is about.
    public let subject: String
    /// The 1-based line of the failure, or 0 when unknown.
    public let line: Int
    /// The 1-based column of the failure, or 0 when unknown.
    public let column: Int

    /// Creates an error.
    public init(
        _ kind: Kind, message: String, subject: String, line: Int = 0, column: Int = 0
    ) {
        self.kind = kind
        self.message = message
        self.subject = subject
        self.line = line
        self.column = column
    }

    /// `subject:line:column: kind: message`, leaving out a line or column that is unknown.
    public var description: String {
        var place = subject
        if line > 0 {
            place += ":\(line)"
            if column > 0 { place += ":\(column)" }
        }
        return "\(place): \(kind.rawValue): \(message)"
    }
}

/// One problem that libxml2 reported: a schema validation error, or a parser diagnostic.
///
/// `code` is libxml2's numeric error code (`xmlParserErrors`), which names the broken rule
/// more stably than the message. The message may quote values from the document.
public struct XMLIssue: Sendable, Equatable, CustomStringConvertible {
    /// How serious libxml2 considers the problem.
    public enum Severity: String, Sendable, Equatable {
        /// The input is still usable.
        case warning
        /// The input breaks a rule; a document with one is invalid.
        case error
        /// The input breaks a rule so badly that processing stopped.
        case fatal
    }

    /// How serious the problem is.
    public let severity: Severity
    /// libxml2's error code (an `xmlParserErrors` value).
    public let code: Int
    /// libxml2's message, one line, without the trailing newline.
    public let message: String
    /// The 1-based line, or 0 when unknown.
    public let line: Int
    /// The 1-based column, or 0 when unknown (schema errors usually have none).
    public let column: Int

    /// Creates an issue.
    public init(severity: Severity, code: Int, message: String, line: Int, column: Int) {
        self.severity = severity
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line:column: severity: message`, leaving out an unknown column.
    public var description: String {
        let place = column > 0 ? "\(line):\(column)" : "\(line)"
        return "\(place): \(severity.rawValue): \(message)"
    }
}
