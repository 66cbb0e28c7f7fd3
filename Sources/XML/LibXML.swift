import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process-wide state of libxml2 and the one place that turns its reports into Swift.
///
/// libxml2 keeps its error handlers per thread. Every call into it from this module that can
/// fail runs inside `LibXML.capturingIssues`, which points the calling thread's structured
/// error handler at a collector for the duration of the call and back at a silent sink
/// afterwards, so reports from concurrent calls on other threads never mix. The silent sink is
/// also every thread's default (`xmlThrDefSetStructuredErrorFunc`), so libxml2 never prints
/// to stderr, not even from a call made outside a capture.
///
/// A few libxml2 messages bypass the structured handler and go to the "generic" handler,
/// which prints to a `FILE *`. Its default stream is pointed at `/dev/null` for every thread.
enum LibXML {
    /// Runs `xmlInitParser`, silences libxml2 and installs osva's external entity loader,
    /// once per process.
    private static let initialised: Bool = {
        xmlInitParser()
        xmlThrDefSetStructuredErrorFunc(nil) { _, _ in }
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        // Kept open for the life of the process: libxml2 may write to it from any thread.
        if let discard = fopen("/dev/null", "w") {
            // A nil handler selects libxml2's default one, which writes to the given stream.
            xmlThrDefSetGenericErrorFunc(discard, nil)
            xmlSetGenericErrorFunc(discard, nil)
        }
        SchemaDirectories.installLoader()
        return true
    }()

    /// Makes sure libxml2 is initialised; cheap after the first call, safe from any thread.
    static func ensureInitialised() {
        _ = initialised
    }

    /// Points the calling thread's structured error handler at a sink that drops everything.
    static func silenceCurrentThread() {
        xmlSetStructuredErrorFunc(nil) { _, _ in }
    }

    /// Runs `body` with every libxml2 report on this thread collected into an `IssueLog`.
    ///
    /// `body` must not hop threads (it is synchronous) and must not start another capture.
    static func capturingIssues<T, E: Error>(
        limit: Int = IssueLog.defaultLimit, _ body: (IssueLog) throws(E) -> T
    ) throws(E) -> T {
        ensureInitialised()
        let log = IssueLog(limit: limit)
        let context = Unmanaged.passUnretained(log).toOpaque()
        xmlSetStructuredErrorFunc(context) { context, error in
            guard let context, let error else { return }
            Unmanaged<IssueLog>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
        }
        defer {
            silenceCurrentThread()
            withExtendedLifetime(log) {}
        }
        return try body(log)
    }

    /// Copies a libxml2 string (`xmlChar *`, UTF-8) into a Swift string; nil for a null pointer.
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// The string value of a node (`xmlNodeBufGetContent`): all descendant text, unchanged.
    static func content(of node: xmlNodePtr) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        guard xmlNodeBufGetContent(buffer, node) == 0, let bytes = xmlBufferContent(buffer) else {
            return ""
        }
        let count = Int(xmlBufferLength(buffer))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}

/// The reports libxml2 made during one captured call, bounded in number.
///
/// Not Sendable: it lives on one thread for the length of one `LibXML.capturingIssues` call.
final class IssueLog {
    /// How many issues a log keeps unless told otherwise.
    static let defaultLimit = 1000

    /// The issues kept, in the order libxml2 reported them.
    private(set) var issues: [XMLIssue] = []
    /// How many issues were reported after the limit was reached.
    private(set) var dropped = 0
    /// Whether any report was about character encoding rather than markup.
    private(set) var sawEncodingProblem = false
    /// The most issues this log keeps.
    let limit: Int

    /// Creates an empty log keeping at most `limit` issues.
    init(limit: Int) {
        self.limit = limit
    }

    /// The first error or fatal error, if any.
    var firstError: XMLIssue? {
        issues.first { $0.severity != .warning }
    }

    /// Errors and fatal errors only.
    var errors: [XMLIssue] {
        issues.filter { $0.severity != .warning }
    }

    /// Keeps one report from libxml2, mapping its fields to an `XMLIssue`.
    func record(_ error: xmlError) {
        if error.level != XML_ERR_WARNING, Self.isAboutEncoding(error) {
            sawEncodingProblem = true
        }
        guard issues.count < limit else {
            dropped += 1
            return
        }
        issues.append(XMLIssue(libxml: error))
    }

    /// Whether libxml2 reports bytes that do not decode in the document's encoding.
    ///
    /// libxml2 2.9 reports invalid UTF-8 as `XML_ERR_INVALID_CHAR` with the offending bytes
    /// in `str1`; a bad character reference has the same code but a number in `int1` instead.
    private static func isAboutEncoding(_ error: xmlError) -> Bool {
        if error.domain == Int32(XML_FROM_I18N.rawValue) { return true }
        switch xmlParserErrors(rawValue: UInt32(bitPattern: error.code)) {
        case XML_ERR_UNSUPPORTED_ENCODING, XML_ERR_UNKNOWN_ENCODING, XML_ERR_INVALID_ENCODING,
            XML_ERR_ENCODING_NAME, XML_IO_ENCODER:
            return true
        case XML_ERR_INVALID_CHAR:
            return error.str1 != nil
        default:
            return false
        }
    }

    /// Adds an issue that osva itself found, within the same limit.
    func append(_ issue: XMLIssue) {
        guard issues.count < limit else {
            dropped += 1
            return
        }
        issues.append(issue)
    }

    /// The log collecting libxml2's reports on the calling thread, if a capture is running.
    ///
    /// Read back from libxml2's per-thread structured-error context, which
    /// `LibXML.capturingIssues` sets; nil outside a capture.
    static var current: IssueLog? {
        guard let slot = __xmlStructuredErrorContext(), let context = slot.pointee else {
            return nil
        }
        return Unmanaged<IssueLog>.fromOpaque(context).takeUnretainedValue()
    }
}

extension XMLIssue {
    /// Maps a libxml2 `xmlError` (line from the node when it has one, column from `int2`).
    init(libxml error: xmlError) {
        let severity: Severity
        switch error.level {
        case XML_ERR_WARNING: severity = .warning
        case XML_ERR_FATAL: severity = .fatal
        default: severity = .error
        }
        var line = Int(error.line)
        if let node = error.node?.assumingMemoryBound(to: xmlNode.self),
            node.pointee.type == XML_ELEMENT_NODE
        {
            let nodeLine = Int(xmlGetLineNo(node))
            if nodeLine > 0 { line = nodeLine }
        }
        let message = error.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        self.init(
            severity: severity,
            code: Int(error.code),
            message: message.oneLine(),
            line: max(0, line),
            column: max(0, Int(error.int2))
        )
    }
}

extension String {
    /// The string on one line: runs of spaces, tabs and line breaks become one space, and
    /// leading and trailing ones go.
    func oneLine() -> String {
        split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline })
            .joined(separator: " ")
    }
}
