import Foundation
import Testing
import XML

@Suite struct SchemaValidationTests {
    @Test func everyKantaSampleParsesAndIsValidAgainstTheFinnishSchema() throws {
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        let files = try Fixtures.allDocuments()
        #expect(files.count > 60)
        for file in files {
            let document = try XMLDocument(contentsOf: file.path)
            let issues = schema.validate(document)
            #expect(issues.isEmpty, "\(file.lastPathComponent): \(issues.prefix(3))")
        }
    }

    @Test func documentWithoutARequiredElementIsInvalidAtTheNextElementsLine() throws {
        let original = try Fixtures.text(of: Fixtures.omakanta)
        let required = #"<effectiveTime value="20140513104421"/>"#
        let range = try #require(original.range(of: required))
        let broken = original.replacingCharacters(in: range, with: "")
        let expectedLine = try #require(lineNumber(of: "<confidentialityCode", in: broken))
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        let issues = schema.validate(try parse(broken, name: "broken.xml"))
        #expect(!issues.isEmpty)
        #expect(issues.allSatisfy { $0.line > 0 && $0.severity != .warning })
        #expect(issues.first?.line == expectedLine)
    }

    @Test func oneSchemaValidatesManyDocumentsIndependently() throws {
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        let valid = try XMLDocument(contentsOf: Fixtures.omakanta.path)
        let original = try Fixtures.text(of: Fixtures.omakanta)
        let invalid = try parse(
            original.replacingOccurrences(of: "<versionNumber value=\"1\"/>", with: "<unknown/>"))
        #expect(schema.validate(valid).isEmpty)
        #expect(!schema.validate(invalid).isEmpty)
        #expect(schema.validate(valid).isEmpty)
        #expect(!schema.validate(invalid).isEmpty)
    }

    @Test func documentInNoNamespaceIsInvalid() throws {
        let original = try Fixtures.text(of: Fixtures.omakanta)
        let stripped = original.replacingOccurrences(
            of: #"<ClinicalDocument xmlns="urn:hl7-org:v3""#, with: "<ClinicalDocument")
        let document = try parse(stripped)
        #expect(document.root?.namespaceURI == nil)
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        #expect(!schema.validate(document).isEmpty)
    }

    @Test func issueListIsBoundedByTheCallersMaximum() throws {
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        let junk = String(repeating: "<x/>", count: 50)
        let document = try parse(
            "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\(junk)</ClinicalDocument>")
        #expect(schema.validate(document, maximumIssues: 1).count == 1)
    }

    @Test func missingSchemaFileIsAnIOError() {
        let error = xmlError { _ = try XMLSchema(contentsOf: "/nonexistent/osva/CDA.xsd") }
        #expect(error?.kind == .io)
    }

    @Test func schemaLocationHintInADocumentIsNeverFetched() throws {
        let listener = try LoopbackListener()
        let original = try Fixtures.text(of: Fixtures.omakanta)
        let hinted = original.replacingOccurrences(
            of: #"urn:hl7-org:v3 ..\skeemat\cda\schema-xml-muotoilu\CDA_fi.xsd"#,
            with: "urn:hl7-org:v3 \(listener.url)/CDA_Fi.xsd")
        #expect(hinted != original)
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        #expect(schema.validate(try parse(hinted)).isEmpty)
        #expect(!listener.receivedConnection())
    }
}

@Suite struct SchemaLoaderTests {
    /// A small schema whose root element's type comes from `include`'s target.
    private func writeSchema(in folder: URL, including location: String) throws -> String {
        let path = folder.appendingPathComponent("main.xsd")
        try """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:include schemaLocation="\(location)"/>
          <xs:element name="root" type="rootType"/>
        </xs:schema>
        """.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    private let part = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:complexType name="rootType"><xs:sequence/></xs:complexType>
        </xs:schema>
        """

    @Test func includeFromTheSchemasOwnFolderLoads() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try part.write(
            to: folder.appendingPathComponent("part.xsd"), atomically: true,
            encoding: .utf8)
        let schema = try XMLSchema(contentsOf: writeSchema(in: folder, including: "part.xsd"))
        #expect(schema.validate(try parse("<root/>")).isEmpty)
        #expect(!schema.validate(try parse("<root><x/></root>")).isEmpty)
    }

    @Test func includeFromOutsideTheSchemasFolderIsRefused() throws {
        let outer = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outer) }
        let inner = outer.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try part.write(
            to: outer.appendingPathComponent("part.xsd"), atomically: true,
            encoding: .utf8)
        for location in [
            "../part.xsd", outer.appendingPathComponent("part.xsd").path,
            "file://" + outer.appendingPathComponent("part.xsd").path,
        ] {
            let path = try writeSchema(in: inner, including: location)
            let error = xmlError { _ = try XMLSchema(contentsOf: path) }
            #expect(error?.kind == .schemaLoad, "\(location)")
        }
    }

    @Test func symbolicLinkLeadingOutOfTheSchemasFolderIsRefused() throws {
        let outer = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outer) }
        let inner = outer.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try part.write(
            to: outer.appendingPathComponent("part.xsd"), atomically: true,
            encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: inner.appendingPathComponent("part.xsd").path,
            withDestinationPath: outer.appendingPathComponent("part.xsd").path)
        let path = try writeSchema(in: inner, including: "part.xsd")
        #expect(xmlError { _ = try XMLSchema(contentsOf: path) }?.kind == .schemaLoad)
    }

    @Test func includeOverTheNetworkIsRefusedWithoutConnecting() throws {
        let listener = try LoopbackListener()
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeSchema(in: folder, including: "\(listener.url)/part.xsd")
        #expect(xmlError { _ = try XMLSchema(contentsOf: path) }?.kind == .schemaLoad)
        #expect(!listener.receivedConnection())
    }

    @Test func importOverTheNetworkIsNeverFetched() throws {
        let listener = try LoopbackListener()
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("main.xsd")
        try """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:import namespace="urn:other" schemaLocation="\(listener.url)/other.xsd"/>
          <xs:element name="root"/>
        </xs:schema>
        """.write(to: path, atomically: true, encoding: .utf8)
        // A failed import is only a warning to libxml2; what matters is that nothing connects.
        _ = try? XMLSchema(contentsOf: path.path)
        #expect(!listener.receivedConnection())
    }
}
