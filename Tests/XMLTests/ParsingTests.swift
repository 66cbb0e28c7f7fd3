import Foundation
import Testing
import XML

@Suite struct ParsingTests {
    @Test func rootElementOfARealDocumentHasItsNameNamespaceAndLine() throws {
        let document = try XMLDocument(contentsOf: Fixtures.omakanta.path)
        let root = try #require(document.root)
        #expect(root.localName == "ClinicalDocument")
        #expect(root.namespaceURI == "urn:hl7-org:v3")
        let text = try Fixtures.text(of: Fixtures.omakanta)
        let rootLine = try #require(lineNumber(of: "<ClinicalDocument ", in: text))
        #expect(root.line == rootLine)
        #expect(document.declaredEncoding == "UTF-8")
    }

    @Test func childrenAreElementsOnlyInDocumentOrder() throws {
        let document = try parse("<a>text<!-- c --><b/>more<c><d/></c><?pi x?><b/></a>")
        let root = try #require(document.root)
        #expect(root.children.map(\.localName) == ["b", "c", "b"])
        #expect(root.children[1].children.map(\.localName) == ["d"])
        #expect(root.children[1].parent?.localName == "a")
        #expect(root.parent == nil)
    }

    @Test func attributesAreMatchedByNameAndNamespace() throws {
        let document = try parse(
            """
            <a xmlns:x="urn:x" x:type="namespaced" type="plain" v="1 &amp; 2 &#228;"/>
            """)
        let root = try #require(document.root)
        #expect(root.attribute("type") == "plain")
        #expect(root.attribute("type", namespace: "urn:x") == "namespaced")
        #expect(root.attribute("type", namespace: "urn:other") == nil)
        #expect(root.attribute("v") == "1 & 2 ä")
        #expect(root.attribute("missing") == nil)
    }

    @Test func textIsTheUntrimmedStringValueOfAllDescendants() throws {
        let document = try parse("<a>  one <b>two</b><![CDATA[ <three> ]]>&lt;</a>")
        #expect(document.root?.text == "  one two <three> <")
    }

    @Test func lineNumbersAreRightPastSixtyFiveThousandLines() throws {
        let padding = String(repeating: "\n", count: 70_000)
        let document = try parse("<a>\(padding)<b/></a>")
        #expect(document.root?.children.first?.line == 70_001)
    }

    @Test func truncatedDocumentIsMalformedWithLineAndColumn() throws {
        let text = try Fixtures.text(of: Fixtures.omakanta)
        let cut = String(text.utf8.prefix(text.utf8.count * 6 / 10)) ?? ""
        let error = try #require(xmlError { _ = try parse(cut, name: "cut.xml") })
        #expect(error.kind == .malformed)
        #expect(error.subject == "cut.xml")
        #expect(error.line > 0)
        #expect(error.column > 0)
        #expect(error.line <= cut.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    @Test func misplacedClosingTagIsMalformedAtItsLine() throws {
        let error = try #require(xmlError { _ = try parse("<a>\n<b>\n</c>\n</a>") })
        #expect(error.kind == .malformed)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("test.xml:3:"))
    }

    @Test func emptyInputIsMalformed() {
        #expect(xmlError { _ = try XMLDocument(bytes: [UInt8](), name: "e") }?.kind == .malformed)
        #expect(xmlError { _ = try parse("   \n") }?.kind == .malformed)
    }

    @Test func bytesFromAnyCollectionParse() throws {
        let bytes = Data("<a><b/></a>".utf8)
        let document = try XMLDocument(bytes: bytes, name: "data")
        #expect(document.root?.children.count == 1)
        let slice = Array("xx<a/>".utf8).dropFirst(2)
        #expect(try XMLDocument(bytes: slice, name: "slice").root?.localName == "a")
    }

    @Test func elementsKeepTheirDocumentAlive() throws {
        var element: XMLElement?
        do {
            let document = try parse("<a><b v='kept'/></a>")
            element = document.root?.children.first
        }
        #expect(element?.attribute("v") == "kept")
        #expect(element?.parent?.localName == "a")
    }

    @Test func missingFileOrFolderIsAnIOError() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("none.xml").path
        #expect(xmlError { _ = try XMLDocument(contentsOf: missing) }?.kind == .io)
        #expect(xmlError { _ = try XMLDocument(contentsOf: folder.path) }?.kind == .io)
        #expect(xmlError { _ = try XMLDocument(contentsOf: missing) }?.subject == missing)
    }

    @Test func largeTextNodeWithinTheLimitIsKeptWhole() throws {
        // A base64 attachment bigger than libxml2's 10 MB text-node ceiling without HUGE.
        let payload = String(repeating: "QUJD", count: 3_000_000)
        let document = try parse("<a><b>\(payload)</b></a>")
        #expect(document.root?.children.first?.text.count == payload.count)
    }
}

/// The 1-based line on which `needle` first occurs in `text`.
func lineNumber(of needle: String, in text: String) -> Int? {
    guard let range = text.range(of: needle) else { return nil }
    return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
}
