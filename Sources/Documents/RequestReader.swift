import Domain
import XML

/// Reads a provider's access request (format `urn:osva:request:1`, `docs/access.md`):
/// parses it safely, validates it against `osva-request.xsd`, and types its values.
///
/// Load once and reuse. Not Sendable: it holds a compiled libxml2 schema.
public final class RequestReader {
    /// The request namespace.
    public static let namespace = "urn:osva:request:1"
    /// The default bounds: 4 MiB (a thousand patients with filters), nesting depth 8.
    public static let defaultLimits = XMLLimits(maximumBytes: 4 << 20, maximumDepth: 8)

    private let format: OwnFormat

    /// Loads `osva-request.xsd` from `SchemaFiles.request`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    public convenience init(limits: XMLLimits = RequestReader.defaultLimits) throws(XMLError) {
        try self.init(schemaPath: SchemaFiles.request, limits: limits)
    }

    /// Loads the request schema from `schemaPath`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    public init(schemaPath: String, limits: XMLLimits = RequestReader.defaultLimits)
        throws(XMLError)
    {
        format = try OwnFormat(schemaPath: schemaPath, limits: limits, invalid: .requestInvalid)
    }

    /// Reads the request file at `path`.
    ///
    /// - Throws: `DocumentProblem`: `xml-…` for a file that is not well-formed XML,
    ///   `request-invalid` (with line and column where known) for one the schema refuses or
    ///   whose values osva cannot use; marked `isOsvaFault` when the file could not be read.
    public func read(path: String) throws(DocumentProblem) -> AccessRequest {
        try request(format.root(path: path))
    }

    /// Reads a request held in memory; `name` is the parser's subject.
    ///
    /// - Throws: as `read(path:)`.
    public func read(bytes: some Collection<UInt8>, name: String = "request.xml")
        throws(DocumentProblem) -> AccessRequest
    {
        try request(format.root(bytes: bytes, name: name))
    }

    /// Types the values of a schema-valid request.
    private func request(_ root: XMLElement) throws(DocumentProblem) -> AccessRequest {
        let ns = Self.namespace
        guard let organiser = CDA.normalised(root.attribute("organiser")).flatMap(OID.init)
        else { throw invalid("The organiser is not an OID.", root) }
        var patients: [Henkilotunnus] = []
        for element in root.children("patient", in: ns) {
            let text = element.attribute("id") ?? ""
            do {
                patients.append(try Henkilotunnus(validating: text))
            } catch {
                throw invalid("Patient '\(text)' is not a valid henkilötunnus "
                              + "(\(error.rawValue)).", element)
            }
        }
        var request = AccessRequest(organiser: organiser, patients: patients)
        request.authorisation = CDA.normalised(root.attribute("authorisation"))
            .flatMap(OID.init)
        request.documentTypes = root.children("documentType", in: ns).map {
            DocumentType(code: $0.attribute("code") ?? "",
                         codeSystem: $0.attribute("codeSystem") ?? "")
        }
        if let interval = root.children("interval", in: ns).first {
            let from = interval.attribute("from")
            let to = interval.attribute("to")
            guard from != nil || to != nil else {
                throw invalid("The interval needs 'from', 'to' or both.", interval)
            }
            if let from { request.from = try day(from, interval) }
            if let to { request.through = try day(to, interval) }
            if let start = request.from, let end = request.through, end.start < start.start {
                throw invalid("The interval ends before it starts.", interval)
            }
        }
        request.serviceEvents = root.children("serviceEvent", in: ns).map { element in
            let root = element.attribute("root") ?? ""
            return element.attribute("extension").map { root + "^" + $0 } ?? root
        }
        return request
    }

    /// `YYYY-MM-DD` as a whole Helsinki day.
    private func day(_ text: String, _ element: XMLElement) throws(DocumentProblem) -> HL7Time {
        guard let day = HL7Time(text.replacingOccurrences(of: "-", with: "")),
              day.precision == .day
        else { throw invalid("'\(text)' is not a day osva can read.", element) }
        return day
    }

    private func invalid(_ detail: String, _ element: XMLElement) -> DocumentProblem {
        DocumentProblem(.requestInvalid, detail, line: element.line > 0 ? element.line : nil)
    }
}
