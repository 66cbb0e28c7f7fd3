import CLibXML2

/// A compiled W3C XML Schema, loaded once from osva's own files and reused for many documents.
///
/// Loading calls `xmlSchemaNewParserCtxt` and `xmlSchemaParse`; validation calls
/// `xmlSchemaValidateDoc` with a fresh `xmlSchemaValidCtxt` each time. The compiled schema is
/// owned by this object and freed with `xmlSchemaFree`. Files are read only from the main
/// schema's folder (and folders of other schemas loaded before): osva's entity loader refuses
/// any other path and any network URL, and a document's `xsi:schemaLocation` is never used.
/// Not Sendable.
public final class XMLSchema {
    /// The compiled schema; owned by this object.
    private let schema: xmlSchemaPtr
    /// The real path of the main schema file.
    public let path: String

    /// Loads and compiles the schema at `path` together with its includes and imports.
    ///
    /// The folder holding the schema becomes readable for libxml2 from then on (for this and
    /// any later schema load); nothing outside registered folders ever is.
    ///
    /// - Throws: `XMLError` `.io` when the file does not exist, `.schemaLoad` with the first
    ///   problem reported (line and column in the schema file when known), including a
    ///   refused include or import, or when the schema lies directly in `/`.
    public init(contentsOf path: String) throws(XMLError) {
        LibXML.ensureInitialised()
        guard let real = SchemaDirectories.realPath(path) else {
            throw XMLError(.io, message: "schema file not found", subject: path)
        }
        guard let slash = real.lastIndex(of: "/"), slash != real.startIndex else {
            // Allowing the schema's folder would allow the whole file system.
            throw XMLError(.schemaLoad, message: "schema is not inside a folder", subject: path)
        }
        SchemaDirectories.allow(String(real[..<slash]))
        self.schema = try LibXML.capturingIssues { log throws(XMLError) in
            guard let parser = real.withCString({ xmlSchemaNewParserCtxt($0) }) else {
                throw XMLError(.internal, message: "no schema parser context", subject: path)
            }
            defer { xmlSchemaFreeParserCtxt(parser) }
            let schema = xmlSchemaParse(parser)
            guard let schema, log.firstError == nil else {
                if let schema { xmlSchemaFree(schema) }
                let first = log.firstError
                throw XMLError(
                    .schemaLoad, message: first?.message ?? "the schema does not compile",
                    subject: path, line: first?.line ?? 0, column: first?.column ?? 0)
            }
            return schema
        }
        self.path = real
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Validates `document` and returns every error found, in document order; empty = valid.
    ///
    /// At most `maximumIssues` issues are returned; a document with more is still invalid.
    /// Warnings are left out. Issues have the element's line; libxml2 gives schema errors no
    /// column. Validation never loads anything: `xsi:schemaLocation` hints are ignored.
    public func validate(_ document: XMLDocument, maximumIssues: Int = 1000) -> [XMLIssue] {
        LibXML.capturingIssues(limit: maximumIssues) { log in
            guard let validator = xmlSchemaNewValidCtxt(schema) else {
                return [Self.unfinished("no schema validation context")]
            }
            defer { xmlSchemaFreeValidCtxt(validator) }
            let status = xmlSchemaValidateDoc(validator, document.pointer)
            let errors = log.errors
            if status != 0 && errors.isEmpty {
                return [Self.unfinished("validation failed with status \(status)")]
            }
            return errors
        }
    }

    /// An issue for a validation that libxml2 could not finish.
    private static func unfinished(_ message: String) -> XMLIssue {
        XMLIssue(severity: .fatal, code: -1, message: message, line: 0, column: 0)
    }
}
