import Domain
import XML

/// One of osva's own XML formats (requests, restrictions): parsed safely and validated
/// against its schema before any value is read.
///
/// Not Sendable: it holds a compiled libxml2 schema.
final class OwnFormat {
    /// The compiled schema.
    private let schema: XMLSchema
    /// The bounds a file must stay within.
    let limits: XMLLimits
    /// The reason code for a file that is not valid against the schema.
    let invalid: ReasonCode

    /// Loads the schema at `schemaPath`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    init(schemaPath: String, limits: XMLLimits, invalid: ReasonCode) throws(XMLError) {
        self.schema = try XMLSchema(contentsOf: schemaPath)
        self.limits = limits
        self.invalid = invalid
    }

    /// The root element of the valid file at `path`.
    ///
    /// - Throws: `DocumentProblem`: an `xml-…` code for a file that is not well-formed, too
    ///   large or too deep; `invalid` with line and column for one the schema refuses; marked
    ///   `isOsvaFault` when the file could not be read or validation itself failed.
    func root(path: String) throws(DocumentProblem) -> XMLElement {
        let limits = limits
        return try root { () throws(XMLError) in
            try XMLDocument(contentsOf: path, limits: limits)
        }
    }

    /// The root element of a valid file held in memory; `name` is the parser's subject.
    ///
    /// - Throws: as `root(path:)`.
    func root(bytes: some Collection<UInt8>, name: String) throws(DocumentProblem)
        -> XMLElement
    {
        let limits = limits
        return try root { () throws(XMLError) in
            try XMLDocument(bytes: bytes, name: name, limits: limits)
        }
    }

    private func root(_ parse: () throws(XMLError) -> XMLDocument)
        throws(DocumentProblem) -> XMLElement
    {
        let document: XMLDocument
        do {
            document = try parse()
        } catch {
            throw DocumentProblem.cda(error)
        }
        let issues = schema.validate(document, maximumIssues: 20)
        if !issues.isEmpty {
            var problem = DocumentProblem.schema(invalid, issues)
            problem.isOsvaFault = issues.allSatisfy { $0.code < 0 }
            throw problem
        }
        guard let root = document.root else {
            throw DocumentProblem(invalid, "The file has no root element.")
        }
        return root
    }
}

extension XMLElement {
    /// The element children in `namespace` with this local name, in document order.
    func children(_ localName: String, in namespace: String) -> [XMLElement] {
        children.filter { $0.localName == localName && $0.namespaceURI == namespace }
    }
}
