import Domain
import XML

/// Reads an organiser's disclosure restrictions (format `urn:osva:restrictions:1`,
/// `docs/access.md`): parses the file safely, validates it against `osva-restrictions.xsd`,
/// and types its changes in document order.
///
/// Load once and reuse. Not Sendable: it holds a compiled libxml2 schema.
public final class RestrictionsReader {
    /// The restrictions namespace.
    public static let namespace = "urn:osva:restrictions:1"
    /// The default bounds: 8 MiB (ten thousand changes), nesting depth 8.
    public static let defaultLimits = XMLLimits(maximumBytes: 8 << 20, maximumDepth: 8)

    private let format: OwnFormat

    /// Loads `osva-restrictions.xsd` from `SchemaFiles.restrictions`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    public convenience init(limits: XMLLimits = RestrictionsReader.defaultLimits)
        throws(XMLError)
    {
        try self.init(schemaPath: SchemaFiles.restrictions, limits: limits)
    }

    /// Loads the restrictions schema from `schemaPath`.
    ///
    /// - Throws: `XMLError` (`.io` or `.schemaLoad`) when the schema cannot be loaded.
    public init(schemaPath: String, limits: XMLLimits = RestrictionsReader.defaultLimits)
        throws(XMLError)
    {
        format = try OwnFormat(schemaPath: schemaPath, limits: limits,
                               invalid: .restrictionsInvalid)
    }

    /// Reads the restrictions file at `path`.
    ///
    /// - Throws: `DocumentProblem`: `xml-…` for a file that is not well-formed XML,
    ///   `restrictions-invalid` (with line and column where known) for one the schema refuses
    ///   or whose values osva cannot use; marked `isOsvaFault` when the file could not be
    ///   read.
    public func read(path: String) throws(DocumentProblem) -> [RestrictionChange] {
        try changes(format.root(path: path))
    }

    /// Reads restrictions held in memory; `name` is the parser's subject.
    ///
    /// - Throws: as `read(path:)`.
    public func read(bytes: some Collection<UInt8>, name: String = "restrictions.xml")
        throws(DocumentProblem) -> [RestrictionChange]
    {
        try changes(format.root(bytes: bytes, name: name))
    }

    /// Types the changes of a schema-valid file.
    private func changes(_ root: XMLElement) throws(DocumentProblem) -> [RestrictionChange] {
        var changes: [RestrictionChange] = []
        for element in root.children where element.namespaceURI == Self.namespace {
            guard let action = RestrictionChange.Action(rawValue: element.localName) else {
                continue
            }
            let text = element.attribute("patient") ?? ""
            let patient: Henkilotunnus
            do {
                patient = try Henkilotunnus(validating: text)
            } catch {
                throw invalid("Patient '\(text)' is not a valid henkilötunnus "
                              + "(\(error.rawValue)).", element)
            }
            changes.append(RestrictionChange(
                action, Restriction(patient: patient, scope: try scope(of: element))))
        }
        return changes
    }

    /// The scope a `restrict` or `lift` names.
    private func scope(of element: XMLElement) throws(DocumentProblem) -> Restriction.Scope {
        guard let register = element.children("register", in: Self.namespace).first else {
            return .allRegisters
        }
        guard let controller = register.attribute("controller").flatMap(OID.init),
              let type = register.attribute("type")
        else { throw invalid("The register needs a controller OID and a type.", register) }
        let specifier = register.attribute("specifier")
        if type == RegisterRef.occupationalHealthType, specifier == nil {
            throw invalid("Register type 4 (occupational health) needs its specifier.",
                          register)
        }
        return .register(RegisterRef(controller: controller, type: type, specifier: specifier))
    }

    private func invalid(_ detail: String, _ element: XMLElement) -> DocumentProblem {
        DocumentProblem(.restrictionsInvalid, detail,
                        line: element.line > 0 ? element.line : nil)
    }
}
