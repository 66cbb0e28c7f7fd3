import Foundation
import Testing
import XML

@Suite struct HostileInputTests {
    @Test func externalEntityIsRefusedAndTheFileNeverAppears() throws {
        let variants = [
            """
            <?xml version="1.0"?>
            <!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <a>&x;</a>
            """,
            """
            <!DOCTYPE a [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><a/>
            """,
            """
            <!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>
            """,
        ]
        for text in variants {
            let error = try #require(xmlError { _ = try parse(text) })
            #expect(error.kind == .doctypeForbidden)
            #expect(!error.description.contains("root:"))
        }
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var declarations = #"<!ENTITY lol0 "lollollollollollollollollollol">"#
        for level in 1...12 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "\n<!ENTITY lol\(level) \"\(previous)\">"
        }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(declarations)\n]>\n<a>&lol12;</a>"
        let clock = ContinuousClock()
        var error: XMLError?
        let elapsed = clock.measure { error = xmlError { _ = try parse(text) } }
        #expect(error?.kind == .doctypeForbidden)
        #expect(error?.line == 2)
        #expect(elapsed < .milliseconds(500))
    }

    @Test func doctypeWithoutDeclarationsIsStillRefused() {
        #expect(xmlError { _ = try parse("<!DOCTYPE a><a/>") }?.kind == .doctypeForbidden)
        let spaced = "<?xml version='1.0'?>\n<!-- c -->\n<!DOCTYPE\n a []><a/>"
        #expect(xmlError { _ = try parse(spaced) }?.kind == .doctypeForbidden)
    }

    @Test func externalDTDOverTheNetworkIsNeverFetched() throws {
        let listener = try LoopbackListener()
        let texts = [
            "<!DOCTYPE a SYSTEM \"\(listener.url)/a.dtd\"><a/>",
            "<!DOCTYPE a PUBLIC \"-//x//y\" \"\(listener.url)/a.dtd\"><a/>",
            "<!DOCTYPE a [<!ENTITY x SYSTEM \"\(listener.url)/x\">]><a>&x;</a>",
        ]
        for text in texts {
            #expect(xmlError { _ = try parse(text) }?.kind == .doctypeForbidden)
        }
        #expect(!listener.receivedConnection())
    }

    @Test func xincludeIsNotProcessed() throws {
        let document = try parse(
            """
            <a xmlns:xi="http://www.w3.org/2001/XInclude">\
            <xi:include href="file:///etc/passwd" parse="text"/></a>
            """)
        #expect(document.root?.text == "")
        #expect(document.root?.children.first?.localName == "include")
    }

    @Test func inputOverTheByteLimitIsRefusedBeforeParsing() throws {
        let limits = XMLLimits(maximumBytes: 100)
        let fits = "<a>" + String(repeating: "x", count: 93) + "</a>"
        #expect(fits.utf8.count == 100)
        #expect(try parse(fits, limits: limits).root?.localName == "a")
        let error = xmlError { _ = try parse(fits + " ", name: "big.xml", limits: limits) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.subject == "big.xml")
        // Not even well-formed: refused on size alone.
        let junk = [UInt8](repeating: 0x3C, count: 101)
        #expect(
            xmlError { _ = try XMLDocument(bytes: junk, name: "j", limits: limits) }?.kind
                == .tooLarge)
    }

    @Test func fileOverTheByteLimitIsRefused() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limits = XMLLimits(maximumBytes: 1000)
        let error = xmlError {
            _ = try XMLDocument(contentsOf: Fixtures.omakanta.path, limits: limits)
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.subject == Fixtures.omakanta.path)
    }

    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)
        }
        #expect(try parse(nested(256)).root != nil)
        let error = try #require(xmlError { _ = try parse(nested(257)) })
        #expect(error.kind == .tooDeep)
        #expect(error.line == 1)
        #expect(error.column > 3 * 256)

        let small = XMLLimits(maximumDepth: 10)
        #expect(try parse(nested(10), limits: small).root != nil)
        #expect(xmlError { _ = try parse(nested(11), limits: small) }?.kind == .tooDeep)
    }

    @Test func extremelyDeepNestingIsRefusedQuickly() {
        let text = String(repeating: "<e>", count: 1_000_000)
        let clock = ContinuousClock()
        var error: XMLError?
        let elapsed = clock.measure { error = xmlError { _ = try parse(text) } }
        #expect(error?.kind == .tooDeep)
        #expect(elapsed < .seconds(1))
    }

    @Test func limitAboveLibxml2sCeilingActsAsTheCeiling() {
        let text = String(repeating: "<e>", count: 300) + String(repeating: "</e>", count: 300)
        let error = xmlError { _ = try parse(text, limits: XMLLimits(maximumDepth: 10_000)) }
        #expect(error?.kind == .tooDeep)
    }

    @Test func truncatedRealDocumentsAreMalformedNeverAccepted() throws {
        let text = Array(try Fixtures.text(of: Fixtures.omakanta).utf8)
        for percent in stride(from: 5, through: 95, by: 15) {
            let cut = Array(text.prefix(text.count * percent / 100))
            let error = xmlError { _ = try XMLDocument(bytes: cut, name: "cut") }
            #expect(error?.kind == .malformed || error?.kind == .encoding, "\(percent) %")
            #expect((error?.line ?? 0) > 0)
        }
    }
}
