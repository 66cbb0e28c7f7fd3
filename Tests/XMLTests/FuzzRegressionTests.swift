import Foundation
import Testing
import XML

/// Each input the `xml` fuzz target failed on (`docs/fuzzing.md`), kept under
/// `Tests/Fixtures/fuzz/xml/`, goes through the target's steps with the target's checks, so
/// a fixed crash, hang or broken contract stays fixed.
@Suite struct FuzzRegressionTests {
    /// The kept inputs, sorted; none when the folder does not exist.
    static let findings: [URL] = {
        let folder = Fixtures.root.appendingPathComponent("Tests/Fixtures/fuzz/xml")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map {
            folder.appendingPathComponent($0)
        }
    }()

    /// The namespaces the target's queries bind.
    static let namespaces = [
        "cda": "urn:hl7-org:v3", "xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "m": "urn:osva:bundle:1",
    ]

    @Test(arguments: findings)
    func findingParsesOrFailsAsTheInputsProblem(_ url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        let clock = ContinuousClock()
        let start = clock.now
        escapedTextParsesBack(String(decoding: bytes.prefix(4096), as: UTF8.self))
        let document: XMLDocument
        do {
            document = try XMLDocument(bytes: bytes, name: "fuzz.xml")
        } catch {
            let inputKinds: [XMLError.Kind] = [
                .tooLarge, .tooDeep, .doctypeForbidden, .encoding, .malformed,
            ]
            #expect(inputKinds.contains(error.kind), "\(error)")
            return
        }
        let root = try #require(document.root)
        var pending = [root]
        while let element = pending.popLast() {
            _ = element.attribute("type", namespace: Self.namespaces["xsi"])
            pending.append(contentsOf: element.children)
        }
        _ = root.text
        let path = try XPath(document: document, namespaces: Self.namespaces)
        _ = try path.elements("//cda:section/cda:code[@codeSystem]")
        _ = try path.string("normalize-space(/cda:ClinicalDocument/cda:effectiveTime/@value)")
        _ = try path.count("count(//m:entry)")
        #expect(clock.now - start < .seconds(10))
    }

    /// `text` escaped into an attribute and an element parses back to itself, with each
    /// character XML forbids replaced by U+FFFD.
    private func escapedTextParsesBack(_ text: String) {
        let escaped = XMLText.escape(text)
        var expected = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            expected.append(XMLText.isAllowed(scalar) ? scalar : "\u{FFFD}")
        }
        let wrapper = "<r a=\"" + escaped + "\">" + escaped + "</r>"
        let root = try? parse(wrapper, name: "escaped.xml").root
        #expect(root?.attribute("a") == String(expected))
        #expect(root?.text == String(expected))
    }
}
