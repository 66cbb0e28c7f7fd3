import Foundation
import Testing
import XML

@Suite struct XPathTests {
    private func omakanta() throws -> XPath {
        try XPath(
            document: XMLDocument(contentsOf: Fixtures.omakanta.path),
            namespaces: Fixtures.namespaces)
    }

    /// The queries and the values read by hand from osva-patient-specific-omakanta.xml.
    private static let known: [(String, String)] = [
        ("/cda:ClinicalDocument/cda:id/@root", "1.2.246.10.99999984.10.0.91.2009.58"),
        ("/cda:ClinicalDocument/cda:setId/@root", "1.2.246.10.99999984.10.0.91.2009.58"),
        ("/cda:ClinicalDocument/cda:versionNumber/@value", "1"),
        ("/cda:ClinicalDocument/cda:effectiveTime/@value", "20140513104421"),
        ("/cda:ClinicalDocument/cda:code/@code", "13"),
        (
            "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:id/@extension",
            "030875-999Y"
        ),
        ("//hl7fi:localHeader/hl7fi:tableOfContents/hl7fi:contentsCode/@code", "362"),
        ("//hl7fi:softwareSupport/@moderator", "Kansaneläkelaitos"),
        ("//hl7fi:softwareSupport", "Omakanta"),
        (
            "//cda:custodian//cda:representedCustodianOrganization/cda:id/@root",
            "1.2.246.10.99999984.19.0"
        ),
    ]

    @Test func knownValuesAreReadFromTheOmaKantaAuthorisation() throws {
        let xpath = try omakanta()
        for (query, value) in Self.known {
            #expect(try xpath.string(query) == value, "\(query)")
        }
    }

    @Test func elementsAndCountsFollowTheDocument() throws {
        let xpath = try omakanta()
        #expect(try xpath.count("/cda:ClinicalDocument/cda:templateId") == 4)
        #expect(try xpath.count("//cda:templateId") == 5)
        #expect(try xpath.count("count(//cda:templateId)") == 5)
        let given = try xpath.elements("//cda:patient/cda:name/cda:given")
        #expect(given.map(\.text) == ["Testi-Pekka", "Teemu", "Testi-Pekka", "Sakari"])
        #expect(given.first?.attribute("qualifier") == "CL")
        #expect(given.allSatisfy { $0.namespaceURI == "urn:hl7-org:v3" })
    }

    @Test func queriesRunRelativeToAGivenElement() throws {
        let xpath = try omakanta()
        let patientRole = try #require(try xpath.element("//cda:recordTarget/cda:patientRole"))
        #expect(try xpath.string("cda:id/@root", in: patientRole) == "1.2.246.21")
        #expect(
            try xpath.string("cda:patient/cda:birthTime/@value", in: patientRole)
                == "19750803")
        #expect(try xpath.count("cda:id", in: patientRole) == 1)
        // The context node is not kept between queries.
        #expect(try xpath.string("cda:id/@root") == nil)
    }

    @Test func absentOrEmptyValuesAreNil() throws {
        let xpath = try XPath(document: parse(#"<a e=""><b/></a>"#))
        #expect(try xpath.string("/a/@missing") == nil)
        #expect(try xpath.string("/a/@e") == nil)
        #expect(try xpath.string("/a/b") == nil)
        #expect(try xpath.elements("/a/c").isEmpty)
        #expect(try xpath.string("count(/a/b)") == "1")
        #expect(try xpath.string("1 div 2") == "0.5")
        #expect(try xpath.string("/a/b = /a/b") == "true")
    }

    @Test func badExpressionsAreXPathErrors() throws {
        let xpath = try omakanta()
        for query in ["//[", "/cda:ClinicalDocument/", "//unbound:id", "unknownFunction()"] {
            let error = xmlError { _ = try xpath.elements(query) }
            #expect(error?.kind == .xpath, "\(query)")
        }
        #expect(xmlError { _ = try xpath.elements("count(//cda:id)") }?.kind == .xpath)
        #expect(xmlError { _ = try xpath.count("'text'") }?.kind == .xpath)
        #expect(xmlError { _ = try xpath.count("1 div 0") }?.kind == .xpath)
        #expect(xmlError { _ = try xpath.count("1e300") }?.kind == .xpath)
    }

    @Test func elementFromAnotherDocumentIsRefusedAsContext() throws {
        let xpath = try omakanta()
        let other = try #require(try parse("<a/>").root)
        #expect(xmlError { _ = try xpath.string("@x", in: other) }?.kind == .xpath)
    }

    @Test func prefixedCDANamespaceReadsAndValidatesTheSame() throws {
        let original = try Fixtures.text(of: Fixtures.omakanta)
        let prefixed = try Self.prefixingCDAElements(original)
        #expect(prefixed.contains("<hl7:ClinicalDocument xmlns:hl7=\"urn:hl7-org:v3\""))
        #expect(!prefixed.contains("xmlns=\"urn:hl7-org:v3\""))
        let document = try parse(prefixed, name: "prefixed.xml")
        let xpath = try XPath(document: document, namespaces: Fixtures.namespaces)
        for (query, value) in Self.known {
            #expect(try xpath.string(query) == value, "\(query)")
        }
        #expect(document.root?.localName == "ClinicalDocument")
        #expect(document.root?.namespaceURI == "urn:hl7-org:v3")
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        #expect(schema.validate(document).isEmpty)
    }

    /// The document rewritten with every unprefixed element name (and `xsi:type` value) under
    /// an `hl7:` prefix instead of the default namespace.
    private static func prefixingCDAElements(_ text: String) throws -> String {
        var result = text.replacingOccurrences(
            of: #"<ClinicalDocument xmlns="urn:hl7-org:v3""#,
            with: #"<ClinicalDocument xmlns:hl7="urn:hl7-org:v3""#)
        let rules = [
            (#"<(/?)([A-Za-z_][\w.\-]*)(?=[\s/>])"#, "<$1hl7:$2"),
            (#"xsi:type="([A-Za-z_][\w.\-]*)""#, #"xsi:type="hl7:$1""#),
        ]
        for (pattern, template) in rules {
            let expression = try NSRegularExpression(pattern: pattern)
            result = expression.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result),
                withTemplate: template)
        }
        return result
    }
}
