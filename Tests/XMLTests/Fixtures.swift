import Foundation
import XML

/// Paths to the repository's real sample files, found from this file's location.
enum Fixtures {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of Kanta CDA sample documents.
    static let documents = root.appendingPathComponent("Tests/Fixtures/kanta/documents")

    /// The Finnish CDA schema osva validates against.
    static let schema = root.appendingPathComponent("Sources/Documents/Schemas/CDA_Fi.xsd").path

    /// The patient-specific outsourcing authorisation from OmaKanta.
    static let omakanta = documents.appendingPathComponent("osva-patient-specific-omakanta.xml")

    /// Every sample document, sorted by name.
    static func allDocuments() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: documents.path)
            .filter { $0.hasSuffix(".xml") }
            .sorted()
            .map { documents.appendingPathComponent($0) }
    }

    /// The text of a sample document, as UTF-8.
    static func text(of url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// The CDA and Finnish header namespaces under the prefixes the tests use.
    static let namespaces = ["cda": "urn:hl7-org:v3", "hl7fi": "urn:hl7finland"]

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-xml-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// Runs `body` and returns the `XMLError` it throws, or nil when it throws nothing else.
func xmlError(_ body: () throws -> Void) -> XMLError? {
    do {
        try body()
        return nil
    } catch let error as XMLError {
        return error
    } catch {
        return nil
    }
}

/// Parses a string as UTF-8 bytes.
func parse(_ text: String, name: String = "test.xml", limits: XMLLimits = XMLLimits())
    throws(XMLError) -> XMLDocument
{
    try XMLDocument(bytes: Array(text.utf8), name: name, limits: limits)
}
