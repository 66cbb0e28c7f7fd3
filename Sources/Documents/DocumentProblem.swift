import Domain
import XML

/// Why a CDA document or a manifest could not be read: a reason code for the receipt, a
/// detail for the sender, and where in the file the problem is.
///
/// `detail` may quote a short part of the input (a schema message names the element and the
/// value it refused); it never holds more of the document than that.
public struct DocumentProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason code a receipt shows.
    public var code: ReasonCode
    /// A plain-language detail: which rule, which element, which value.
    public var detail: String
    /// The 1-based line of the problem, when known.
    public var line: Int?
    /// The 1-based column of the problem, when known.
    public var column: Int?
    /// True when the problem lies on osva's side (a staged file could not be read, libxml2
    /// failed on its own): the sender is not at fault, and the caller should treat it as a
    /// fault of the run rather than reject the document.
    public var isOsvaFault: Bool

    /// Creates a problem.
    public init(_ code: ReasonCode, _ detail: String, line: Int? = nil, column: Int? = nil,
                isOsvaFault: Bool = false) {
        self.code = code
        self.detail = detail
        self.line = line
        self.column = column
        self.isOsvaFault = isOsvaFault
    }

    /// `code (line:column): detail`, leaving out an unknown place.
    public var description: String {
        var place = ""
        if let line {
            place = " (line \(line)" + (column.map { ", column \($0)" } ?? "") + ")"
        }
        return code.rawValue + place + ": " + detail
    }

    /// The problem for an XML error met while reading a CDA document.
    ///
    /// Size, depth, document type and well-formedness map to their own codes; failures that
    /// are not the document's (I/O, libxml2 itself, osva's own queries) are marked as osva's.
    static func cda(_ error: XMLError) -> DocumentProblem {
        let code: ReasonCode
        var isOsvaFault = false
        switch error.kind {
        case .tooLarge: code = .xmlTooLarge
        case .tooDeep: code = .xmlTooDeep
        case .doctypeForbidden: code = .xmlDoctypeForbidden
        case .malformed, .encoding: code = .xmlMalformed
        case .io, .internal, .xpath, .schemaLoad:
            code = .xmlMalformed
            isOsvaFault = true
        }
        return DocumentProblem(
            code, error.message, line: error.line > 0 ? error.line : nil,
            column: error.column > 0 ? error.column : nil, isOsvaFault: isOsvaFault)
    }

    /// The problem for schema issues: the first issue's place, and up to `shown` messages.
    static func schema(_ code: ReasonCode, _ issues: [XMLIssue], shown: Int = 3)
        -> DocumentProblem
    {
        let first = issues.first
        var parts: [String] = []
        for (index, issue) in issues.prefix(shown).enumerated() {
            parts.append(index == 0 || issue.line <= 0
                ? issue.message : "line \(issue.line): \(issue.message)")
        }
        if issues.count > shown { parts.append("\(issues.count - shown) more") }
        return DocumentProblem(
            code, parts.joined(separator: "; "),
            line: first.flatMap { $0.line > 0 ? $0.line : nil },
            column: first.flatMap { $0.column > 0 ? $0.column : nil })
    }
}
