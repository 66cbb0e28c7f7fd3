import Documents
import Domain
import Foundation
import Testing

/// `manifest.xml`: written by `ManifestXML`, read by `ManifestReader`.
@Suite struct ManifestTests {
    let reader: ManifestReader

    static let hashA = String(repeating: "0123456789abcdef", count: 4)
    static let hashB = String(repeating: "fedcba9876543210", count: 4)

    init() throws {
        reader = try ManifestReader()
    }

    static let sample = Manifest(
        bundleID: "2026-12-03-0001", sender: "1.2.246.10.48484841.10.0",
        created: Date(timeIntervalSince1970: 1_796_336_100),
        entries: [
            .init(path: "documents/visit-1.xml", kind: .document, sha256: hashA, size: 20480),
            .init(path: "authorisations/osva & 1.xml", kind: .authorisation, sha256: hashB),
        ])

    func read(_ text: String) throws(DocumentProblem) -> Manifest {
        try reader.read(bytes: Array(text.utf8))
    }

    func problem(_ text: String) -> DocumentProblem? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    /// A valid manifest with one entry whose attributes are `entry`.
    func manifest(entry: String, created: String = "2026-12-03T22:15:00Z") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest xmlns="urn:osva:bundle:1" version="1" id="b-1" sender="1.2.246.10.1" \
        created="\(created)">
          <entry \(entry)/>
        </manifest>
        """
    }

    @Test func renderedManifestReadsBackTheSame() throws {
        #expect(try read(ManifestXML.render(Self.sample)) == Self.sample)
    }

    @Test func renderedManifestFromAFileReadsBackTheSame() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-documents-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("manifest.xml")
        try ManifestXML.render(Self.sample).write(to: file, atomically: true, encoding: .utf8)
        #expect(try reader.read(path: file.path) == Self.sample)
    }

    @Test func millisecondsSurviveTheRoundTrip() throws {
        var manifest = Self.sample
        manifest.created = Date(timeIntervalSince1970: 1_796_336_100.25)
        let read = try read(ManifestXML.render(manifest))
        #expect(abs(read.created.timeIntervalSince(manifest.created)) < 0.0005)
        #expect(read.created != Self.sample.created)
    }

    @Test func createdIsReadWithAnyZoneOrNone() throws {
        let entry = #"path="a.xml" kind="document" sha256="\#(Self.hashA)""#
        let utc = Date(timeIntervalSince1970: 1_796_336_100)  // 2026-12-03T22:15:00Z
        let forms = [
            "2026-12-03T22:15:00Z": utc,
            "2026-12-04T00:15:00+02:00": utc,
            "2026-12-03T22:15:00.500Z": utc.addingTimeInterval(0.5),
            "2026-12-03T17:15:00-05:00": utc,
            "2026-12-04T00:15:00": utc,  // no zone: Helsinki, UTC+2 in December
            "2026-12-03T24:00:00Z": Date(timeIntervalSince1970: 1_796_342_400),
        ]
        for (text, expected) in forms {
            let created = try read(manifest(entry: entry, created: text)).created
            #expect(abs(created.timeIntervalSince(expected)) < 0.001, "\(text)")
        }
    }

    @Test func invalidManifestsAreRefused() {
        let hash = Self.hashA
        let entries = [
            #"path="a.xml" kind="document" sha256="\#(hash.uppercased())""#,
            #"path="a.xml" kind="document" sha256="\#(hash.dropLast())""#,
            #"path="a.xml" kind="document""#,
            #"kind="document" sha256="\#(hash)""#,
            #"path="a.xml" kind="image" sha256="\#(hash)""#,
            #"path="../a.xml" kind="document" sha256="\#(hash)""#,
            #"path="docs/../../a.xml" kind="document" sha256="\#(hash)""#,
            #"path="./a.xml" kind="document" sha256="\#(hash)""#,
            #"path="/etc/a.xml" kind="document" sha256="\#(hash)""#,
            #"path="docs\a.xml" kind="document" sha256="\#(hash)""#,
            #"path="a.xml" kind="document" sha256="\#(hash)" size="-1""#,
            #"path="a.xml" kind="document" sha256="\#(hash)" size="99999999999999999999""#,
        ]
        for entry in entries {
            let refusal = problem(manifest(entry: entry))
            #expect(refusal?.code == .manifestInvalid, "\(entry)")
            #expect(refusal?.isOsvaFault == false)
        }
    }

    @Test func invalidCreatedIsRefused() {
        let entry = #"path="a.xml" kind="document" sha256="\#(Self.hashA)""#
        for created in ["2026-12-03", "2026-02-30T10:00:00Z", "yesterday", "2026-12-03T25:00:00Z"] {
            #expect(problem(manifest(entry: entry, created: created))?.code == .manifestInvalid,
                    "\(created)")
        }
    }

    @Test func schemaProblemNamesTheLine() throws {
        let text = manifest(entry: #"path="a.xml" kind="image" sha256="\#(Self.hashA)""#)
        let refusal = try #require(problem(text))
        #expect(refusal.code == .manifestInvalid)
        #expect(refusal.line == 3)
    }

    @Test func malformedOrForeignManifestIsRefused() {
        let texts = [
            "<manifest",
            #"<manifest xmlns="urn:osva:bundle:2" version="1"/>"#,
            #"<?xml version="1.0"?><!DOCTYPE manifest SYSTEM "http://example.invalid/m.dtd">"#
                + "<manifest/>",
            """
            <manifest xmlns="urn:osva:bundle:1" version="1" id="b-1" sender="1.2.246.10.1" \
            created="2026-12-03T22:15:00Z">
              <entry path="a.xml" kind="document" sha256="\(Self.hashA)"/>
              <entry path="a.xml" kind="document" sha256="\(Self.hashB)"/>
            </manifest>
            """,
            """
            <manifest xmlns="urn:osva:bundle:1" version="1" id="b-1" sender="1.2.246.10.1" \
            created="2026-12-03T22:15:00Z"/>
            """,
        ]
        for text in texts {
            #expect(problem(text)?.code == .manifestInvalid, "\(text)")
        }
    }
}
