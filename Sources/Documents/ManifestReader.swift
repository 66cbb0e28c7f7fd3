import Domain
import XML

/// Reads a bundle's `manifest.xml` (format `urn:osva:bundle:1`, `docs/bundle-format.md`):
/// parses it safely, validates it against `osva-manifest.xsd`, and types its values.
///
/// Load once per run and reuse. Not Sendable: it holds a compiled libxml2 schema.
public final class ManifestReader {
    /// The compiled manifest schema.
    private let schema: XMLSchema
    /// The bounds a manifest must stay within.
    public let limits: XMLLimits

    /// The default bounds: 16 MiB (room for many thousand entries), nesting depth 8.
    public static let defaultLimits = XMLLimits(maximumBytes: 16 << 20, maximumDepth: 8)

    /// Loads `osva-manifest.xsd` from `SchemaFiles.manifest`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    public convenience init(limits: XMLLimits = ManifestReader.defaultLimits)
        throws(XMLError)
    {
        try self.init(schemaPath: SchemaFiles.manifest, limits: limits)
    }

    /// Loads the manifest schema from `schemaPath`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    public init(schemaPath: String, limits: XMLLimits = ManifestReader.defaultLimits)
        throws(XMLError)
    {
        self.schema = try XMLSchema(contentsOf: schemaPath)
        self.limits = limits
    }

    /// Reads the manifest file at `path`.
    ///
    /// - Throws: `DocumentProblem` `.manifestInvalid` with line and column when the manifest
    ///   is not well-formed, too large, invalid against the schema, or has a value osva
    ///   cannot use; marked `isOsvaFault` when the file itself could not be read.
    public func read(path: String) throws(DocumentProblem) -> Manifest {
        let limits = limits
        return try read { () throws(XMLError) in
            try XMLDocument(contentsOf: path, limits: limits)
        }
    }

    /// Reads a manifest held in memory; `name` is the parser's subject.
    ///
    /// - Throws: as `read(path:)`.
    public func read(bytes: some Collection<UInt8>, name: String = "manifest.xml")
        throws(DocumentProblem) -> Manifest
    {
        let limits = limits
        return try read { () throws(XMLError) in
            try XMLDocument(bytes: bytes, name: name, limits: limits)
        }
    }

    private func read(_ parse: () throws(XMLError) -> XMLDocument)
        throws(DocumentProblem) -> Manifest
    {
        let document: XMLDocument
        do {
            document = try parse()
        } catch {
            var problem = DocumentProblem.cda(error)
            problem.code = .manifestInvalid
            throw problem
        }
        let issues = schema.validate(document, maximumIssues: 20)
        if !issues.isEmpty {
            var problem = DocumentProblem.schema(.manifestInvalid, issues)
            problem.isOsvaFault = issues.allSatisfy { $0.code < 0 }
            throw problem
        }
        guard let root = document.root else {
            throw DocumentProblem(.manifestInvalid, "The manifest has no root element.")
        }
        return try manifest(root)
    }

    /// Types the values of a schema-valid manifest.
    private func manifest(_ root: XMLElement) throws(DocumentProblem) -> Manifest {
        let bundleID = root.attribute("id") ?? ""
        let sender = root.attribute("sender") ?? ""
        let createdText = CDA.normalised(root.attribute("created")) ?? ""
        guard let created = XSDateTime.parse(createdText) else {
            throw DocumentProblem(
                .manifestInvalid, "'created' is not a date and time osva can read: "
                    + "'\(createdText)'.", line: root.line)
        }
        var entries: [Manifest.Entry] = []
        for element in root.children where element.localName == "entry" {
            entries.append(try entry(element))
        }
        return Manifest(bundleID: bundleID, sender: sender, created: created, entries: entries)
    }

    /// One `entry`, with the checks the schema leaves to osva.
    private func entry(_ element: XMLElement) throws(DocumentProblem) -> Manifest.Entry {
        let path = element.attribute("path") ?? ""
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: { $0 == "." || $0 == ".." || $0.isEmpty }) {
            throw DocumentProblem(
                .manifestInvalid, "Entry path '\(XMLText.escape(path))' has an empty, '.' or "
                    + "'..' part.", line: element.line)
        }
        let kindText = CDA.normalised(element.attribute("kind")) ?? ""
        guard let kind = ItemResult.Kind(rawValue: kindText) else {
            throw DocumentProblem(
                .manifestInvalid, "Entry kind '\(kindText)' is unknown.", line: element.line)
        }
        var size: Int64?
        if let text = CDA.normalised(element.attribute("size")) {
            guard let value = Int64(text), value >= 0 else {
                throw DocumentProblem(
                    .manifestInvalid, "Entry size '\(text)' is out of range.",
                    line: element.line)
            }
            size = value
        }
        let study = CDA.normalised(element.attribute("study"))
        if kind == .image, study == nil {
            throw DocumentProblem(
                .manifestInvalid, "Image '\(XMLText.escape(path))' has no study.",
                line: element.line)
        }
        return Manifest.Entry(path: path, kind: kind, sha256: element.attribute("sha256") ?? "",
                              size: size, study: study)
    }
}
