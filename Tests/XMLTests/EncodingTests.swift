import Foundation
import Testing
import XML

@Suite struct EncodingTests {
    @Test func isoLatin1DocumentGivesTheRightCharacters() throws {
        let text = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <nimi suku="Mäkelä">Hämäläinen Öberg</nimi>
            """
        let bytes = try #require(text.data(using: .isoLatin1))
        #expect(bytes.contains(0xE4))
        let document = try XMLDocument(bytes: bytes, name: "latin1.xml")
        #expect(document.root?.attribute("suku") == "Mäkelä")
        #expect(document.root?.text == "Hämäläinen Öberg")
        #expect(document.declaredEncoding?.uppercased() == "ISO-8859-1")
    }

    @Test func realDocumentRecodedToLatin1ReadsTheSame() throws {
        let original = try Fixtures.text(of: Fixtures.omakanta)
        let recoded = original.replacingOccurrences(
            of: #"encoding="UTF-8""#, with: #"encoding="ISO-8859-1""#)
        let bytes = try #require(recoded.data(using: .isoLatin1))
        let latin = try XPath(
            document: XMLDocument(bytes: bytes, name: "latin1.xml"),
            namespaces: Fixtures.namespaces)
        let query = "//hl7fi:softwareSupport/@moderator"
        #expect(try latin.string(query) == "Kansaneläkelaitos")
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        #expect(schema.validate(latin.document).isEmpty)
    }

    @Test func utf8WithByteOrderMarkIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\"?><a>ä</a>".utf8)
        let document = try XMLDocument(bytes: bytes, name: "bom.xml")
        #expect(document.root?.localName == "a")
        #expect(document.root?.text == "ä")
    }

    @Test func realDocumentWithByteOrderMarkIsValid() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(try Data(contentsOf: Fixtures.omakanta))
        let document = try XMLDocument(bytes: bytes, name: "bom.xml")
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        #expect(schema.validate(document).isEmpty)
    }

    @Test func utf16WithByteOrderMarkIsAccepted() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a v=\"ö\">ä</a>"
        let bytes = try #require(text.data(using: .utf16))  // writes a byte order mark
        let document = try XMLDocument(bytes: bytes, name: "utf16.xml")
        #expect(document.root?.attribute("v") == "ö")
    }

    @Test func invalidUTF8IsAnEncodingError() {
        let bytes = Array("<a>".utf8) + [0xC3, 0x28, 0xFF] + Array("</a>".utf8)
        let error = xmlError { _ = try XMLDocument(bytes: bytes, name: "bad.xml") }
        #expect(error?.kind == .encoding)
        #expect(error?.line == 1)
    }

    @Test func unknownDeclaredEncodingIsAnEncodingError() {
        let text = "<?xml version=\"1.0\" encoding=\"x-osva-unknown\"?><a/>"
        #expect(xmlError { _ = try parse(text) }?.kind == .encoding)
    }

    @Test func forbiddenControlCharacterIsMalformedNotEncoding() {
        let error = xmlError { _ = try parse("<a>&#1;</a>") }
        #expect(error?.kind == .malformed)
    }
}
