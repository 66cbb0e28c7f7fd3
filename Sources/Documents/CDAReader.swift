import Domain
import XML

/// Reads CDA R2 documents with the Finnish header: parses them safely, checks that they are
/// CDA, validates them against `CDA_Fi.xsd`, and returns either an outsourcing authorisation
/// (form 362) or a patient document's header.
///
/// Loading the schema is slow, so one reader is made per run and reused for every document.
/// Not Sendable: it holds a compiled libxml2 schema (`XMLSchema`), which stays with the task
/// that made it.
public final class CDAReader {
    /// The compiled Finnish CDA schema.
    private let schema: XMLSchema
    /// The bounds every document must stay within.
    public let limits: XMLLimits

    /// Loads `CDA_Fi.xsd` from `SchemaFiles.cda`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded: a fault
    ///   of osva's installation, never of a document.
    public convenience init(limits: XMLLimits = XMLLimits()) throws(XMLError) {
        try self.init(schemaPath: SchemaFiles.cda, limits: limits)
    }

    /// Loads the CDA schema from `schemaPath`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    public init(schemaPath: String, limits: XMLLimits = XMLLimits()) throws(XMLError) {
        self.schema = try XMLSchema(contentsOf: schemaPath)
        self.limits = limits
    }

    /// Reads the file at `path`; `name` is the entry's path in the bundle, for the caller.
    ///
    /// A problem describes the document, never the file system: a file that cannot be read
    /// gives a problem marked `isOsvaFault`.
    public func read(path: String, name: String) -> Result<CDAContent, DocumentProblem> {
        let limits = limits
        return read { () throws(XMLError) in
            try XMLDocument(contentsOf: path, limits: limits)
        }
    }

    /// Reads a document held in memory; `name` (the entry's path) is the parser's subject.
    public func read(bytes: some Collection<UInt8>, name: String)
        -> Result<CDAContent, DocumentProblem>
    {
        let limits = limits
        return read { () throws(XMLError) in
            try XMLDocument(bytes: bytes, name: name, limits: limits)
        }
    }

    /// Parses with `parse`, then checks, validates and classifies the document.
    private func read(_ parse: () throws(XMLError) -> XMLDocument)
        -> Result<CDAContent, DocumentProblem>
    {
        let document: XMLDocument
        do {
            document = try parse()
        } catch {
            return .failure(.cda(error))
        }
        if let problem = rootProblem(document) { return .failure(problem) }

        let issues = schema.validate(document, maximumIssues: 50)
        if !issues.isEmpty {
            var problem = DocumentProblem.schema(.cdaSchemaInvalid, issues)
            // An issue without a libxml2 code means validation itself could not run.
            problem.isOsvaFault = issues.allSatisfy { $0.code < 0 }
            return .failure(problem)
        }

        do {
            let path = try XPath(document: document, namespaces: CDA.prefixes)
            let header = try HeaderReader(path)
            if try header.isForm362() {
                return try AuthorisationReader(path, header: header).read()
                    .map(CDAContent.authorisation)
            }
            return try header.documentHeader().map(CDAContent.document)
        } catch {
            return .failure(.cda(error))
        }
    }

    /// `.cdaNotCDA` unless the root element is `ClinicalDocument` in `urn:hl7-org:v3`.
    private func rootProblem(_ document: XMLDocument) -> DocumentProblem? {
        guard let root = document.root else {
            return DocumentProblem(.cdaNotCDA, "The document has no root element.")
        }
        if root.localName == "ClinicalDocument" && root.namespaceURI == CDA.namespace {
            return nil
        }
        let namespace = root.namespaceURI.map { "namespace '\($0)'" } ?? "no namespace"
        return DocumentProblem(
            .cdaNotCDA,
            "The root element is '\(root.localName)' in \(namespace), not 'ClinicalDocument' "
                + "in '\(CDA.namespace)'.",
            line: root.line > 0 ? root.line : nil)
    }
}
