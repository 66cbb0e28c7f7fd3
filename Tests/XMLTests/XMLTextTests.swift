import Testing
import XML

@Suite struct XMLTextTests {
    @Test func specialCharactersBecomeReferences() {
        #expect(XMLText.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        #expect(XMLText.escape("x\ty\nz\r") == "x&#9;y&#10;z&#13;")
        #expect(XMLText.escape("Hämäläinen ✓ 𝄞") == "Hämäläinen ✓ 𝄞")
    }

    @Test func charactersXMLForbidsAreReplacedVisibly() {
        #expect(
            XMLText.escape("a\u{0}b\u{1}c\u{1F}d\u{FFFE}e\u{FFFF}")
                == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}")
        #expect(!XMLText.isAllowed("\u{B}"))
        #expect(XMLText.isAllowed("\u{85}"))
    }

    @Test func escapedTextSurvivesAParserInAttributesAndContent() throws {
        let original = "1 < 2 && \"quoted\" 'single' >\n\ttab\r\nend \u{7} ä"
        let expected = "1 < 2 && \"quoted\" 'single' >\n\ttab\r\nend \u{FFFD} ä"
        let escaped = XMLText.escape(original)
        let document = try parse("<a v=\"\(escaped)\" w='\(escaped)'>\(escaped)</a>")
        #expect(document.root?.attribute("v") == expected)
        #expect(document.root?.attribute("w") == expected)
        #expect(document.root?.text == expected)
    }
}
