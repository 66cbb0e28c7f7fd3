import Foundation
import Testing
import XML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct IsolationTests {
    @Test func concurrentParsesReportTheirOwnErrors() async throws {
        let errors = await withTaskGroup(of: (Int, XMLError?).self) { group in
            for index in 1...16 {
                group.addTask {
                    let text = String(repeating: "\n", count: index) + "<a><b></a>"
                    var last: XMLError?
                    for _ in 0..<50 {
                        last = xmlError { _ = try parse(text, name: "n\(index)") }
                    }
                    return (index, last)
                }
            }
            var found: [(Int, XMLError?)] = []
            for await result in group { found.append(result) }
            return found
        }
        #expect(errors.count == 16)
        for (index, error) in errors {
            #expect(error?.kind == .malformed)
            #expect(error?.subject == "n\(index)")
            #expect(error?.line == index + 1)
        }
    }

    @Test func failuresWriteNothingToStandardError() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = folder.appendingPathComponent("stderr.txt").path
        let file = open(capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(file >= 0)
        let saved = dup(STDERR_FILENO)
        dup2(file, STDERR_FILENO)
        close(file)

        _ = xmlError { _ = try parse("<a><b></a>") }
        _ = xmlError { _ = try parse("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>") }
        _ = xmlError { _ = try XMLDocument(bytes: [0x3C, 0x61, 0x3E, 0xFF], name: "b") }
        _ = xmlError { _ = try XPath(document: parse("<a/>")).elements("//[") }
        _ = xmlError { _ = try XPath(document: parse("<a/>")).elements("unknownFunction()") }
        _ = xmlError { _ = try XMLSchema(contentsOf: folder.appendingPathComponent("x").path) }
        let schema = try XMLSchema(contentsOf: Fixtures.schema)
        let invalid = "<ClinicalDocument xmlns='urn:hl7-org:v3'><x/></ClinicalDocument>"
        _ = schema.validate(try parse(invalid))
        let broken = folder.appendingPathComponent("broken.xsd")
        try "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:bogus/></xs:schema>"
            .write(to: broken, atomically: true, encoding: .utf8)
        _ = xmlError { _ = try XMLSchema(contentsOf: broken.path) }

        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        // Other tests run meanwhile and Swift Testing reports on stderr too; its lines start
        // with an escape sequence, a symbol or indentation, libxml2's with plain ASCII.
        let written = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: capture)),
            as: UTF8.self)
        let foreign = written.split(separator: "\n").filter { line in
            guard let first = line.unicodeScalars.first else { return false }
            return first.isASCII && first.value > 0x20 && first.value < 0x7F
        }
        #expect(foreign.isEmpty, "\(foreign)")
    }
}
