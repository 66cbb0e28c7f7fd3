import Domain
import Files
import Foundation
import Pipeline
import Samples
import Storage
import Testing
import XML
import Zip

/// One run over many hostile bundles (one example of each archive kind Z1–Z10 of
/// docs/hostile-inputs.md, plus X1 and a drop folder that is not an OID) beside the
/// sample bundles: every hostile bundle gets its own receipt with its specific reason code,
/// nothing of it is stored or written outside osva's folders, and the samples are stored as
/// if the hostile bundles were not there. Codes come from docs/reason-codes.md.
@Suite struct HostileBundleTests {
    /// One hostile bundle: its file, how to build it, and the rejection its receipt must show.
    struct Case {
        let file: String
        let code: ReasonCode
        let entryIndex: Int?
        let entryName: String?
        let build: (String) throws -> Void
    }

    static let provider = HostileSamples.provider
    /// A document the provider may store (sample patient, occupational register).
    static let junkNeighbour = "Test_CDA_V3_3_Acute_2_Renavit_LM_.xml"

    /// Hostile bundles; `token` makes the names of files that must never appear unique.
    static func cases(token: String) throws -> [Case] {
        let document = try HostileSamples.visitDocument(
            "LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml")
        let other = try HostileSamples.visitDocument(
            "LM3__maaraaikainen_erityislupavalmiste.xml")
        let listed = try HostileSamples.manifest([("doc.xml", document)])
        func unsafe(_ file: String, _ name: String, shown: String) -> Case {
            Case(file: file, code: .entryUnsafePath, entryIndex: 3, entryName: shown) {
                try HostileZip.python($0, [("manifest.xml", listed, nil),
                                           ("doc.xml", document, nil), (name, document, nil)])
            }
        }
        var cases = [
            // Z1: names that climb out, are absolute or use `\`.
            unsafe("z1-parent.zip", "../../outside-\(token).xml",
                   shown: "../../outside-\(token).xml"),
            unsafe("z1-absolute.zip", "/tmp/abs-\(token).xml", shown: "/tmp/abs-\(token).xml"),
            // libarchive reads `\` as the separator in a name without `/`.
            unsafe("z1-backslash.zip", "..\\..\\bs-\(token).xml", shown: "../../bs-\(token).xml"),
            unsafe("z1-mixed.zip", "docs/..\\..\\mixed-\(token).xml",
                   shown: "docs/..\\\\..\\\\mixed-\(token).xml"),
            // Z2: links and special files.
            Case(file: "z2-link-folder.zip", code: .entryNotRegularFile, entryIndex: 2,
                 entryName: "link") { path in
                let writer = try ZipWriter(path: path)
                try writer.add(path: "manifest.xml", bytes: try HostileSamples.manifest([
                    ("link/owned-\(token).xml", document)]))
                try writer.addSymlink(path: "link", target: "/tmp")
                try writer.add(path: "link/owned-\(token).xml", bytes: document)
                try writer.finish()
            },
            Case(file: "z2-link-file.zip", code: .entryNotRegularFile, entryIndex: 2,
                 entryName: "doc.xml") { path in
                let writer = try ZipWriter(path: path)
                try writer.add(path: "manifest.xml", bytes: listed)
                try writer.addSymlink(path: "doc.xml", target: "/etc/hostname")
                try writer.finish()
            },
            Case(file: "z2-device.zip", code: .entryNotRegularFile, entryIndex: 2,
                 entryName: "device") {
                try HostileZip.python($0, [("manifest.xml", listed, nil),
                                           ("device", Array("/etc/passwd".utf8), 0o020644),
                                           ("doc.xml", document, 0o100644)])
            },
            // Z3: one name, two contents; names that differ only in case.
            Case(file: "z3-same-name.zip", code: .entryNameAmbiguous, entryIndex: 3,
                 entryName: "doc.xml") {
                try HostileZip.python($0, [("manifest.xml", listed, nil),
                                           ("doc.xml", document, nil), ("doc.xml", other, nil)])
            },
            Case(file: "z3-case.zip", code: .entryNameAmbiguous, entryIndex: 3,
                 entryName: "doc1.xml") {
                try HostileZip.write($0, [
                    ("manifest.xml", try HostileSamples.manifest([("Doc1.xml", document),
                                                                  ("doc1.xml", other)])),
                    ("Doc1.xml", document), ("doc1.xml", other)])
            },
            // Z4: a small bundle unpacking to megabytes of spaces; more entries than allowed
            // (the run's entry limit is set to 1,000).
            Case(file: "z4-spaces.zip", code: .bundleExpandsTooMuch, entryIndex: 2,
                 entryName: "spaces.xml") {
                try HostileZip.write($0, [
                    ("manifest.xml", try HostileSamples.manifest([("spaces.xml", [0x20])])),
                    ("spaces.xml", [UInt8](repeating: 0x20, count: 8 << 20))])
            },
            Case(file: "z4-entries.zip", code: .bundleTooManyEntries, entryIndex: 1_001,
                 entryName: "e999") { path in
                let writer = try ZipWriter(path: path, options: .init(compression: .store))
                try writer.add(path: "manifest.xml", bytes: listed)
                for number in 0..<2_000 { try writer.add(path: "e\(number)", bytes: []) }
                try writer.finish()
            },
            // Z5: a local header declaring 10 bytes for 1 MiB.
            Case(file: "z5-size-lie.zip", code: .bundleCorrupt, entryIndex: 2,
                 entryName: "big.xml") { path in
                let big = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 / 7) }
                try HostileZip.write(path, [
                    ("manifest.xml", try HostileSamples.manifest([("big.xml", big)])),
                    ("big.xml", big)], options: .init(compression: .store))
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                let local = try HostileZip.layout(bytes).locals[1]
                HostileZip.patch32(&bytes, at: local + 18, 10)
                HostileZip.patch32(&bytes, at: local + 22, 10)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            },
            // Z6: cut at 60 %, cut before the central directory, a flipped byte.
            Case(file: "z6-cut.zip", code: .bundleTruncated, entryIndex: nil, entryName: nil) {
                try Self.threeDocuments($0) { bytes in Array(bytes[..<(bytes.count * 6 / 10)]) }
            },
            Case(file: "z6-no-directory.zip", code: .bundleTruncated, entryIndex: nil,
                 entryName: nil) {
                try Self.threeDocuments($0) { bytes in
                    Array(bytes[..<(try HostileZip.layout(bytes).centralDirectory)])
                }
            },
            Case(file: "z6-flipped.zip", code: .bundleCorrupt, entryIndex: 3,
                 entryName: "b.xml") {
                try Self.threeDocuments($0) { bytes in
                    var bytes = bytes
                    let local = try HostileZip.layout(bytes).locals[2]
                    bytes[HostileZip.dataStart(bytes, local: local) + 1_000] ^= 0x04
                    return bytes
                }
            },
            // Z8: a code page 437 name without the UTF-8 flag, not in the manifest.
            Case(file: "z8-cp437.zip", code: .manifestEntryUnlisted, entryIndex: 3,
                 entryName: #"\x84\x94\x81\x8e.xml"#) { path in
                try HostileZip.write(path, [("manifest.xml", listed), ("doc.xml", document),
                                            ("QQQQ.xml", Array("<x/>".utf8))])
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                let found = HostileZip.replace(Array("QQQQ.xml".utf8),
                                               with: [0x84, 0x94, 0x81, 0x8E] + Array(".xml".utf8),
                                               in: &bytes)
                try #require(found == 2)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            },
        ]
        // Z7: encrypted entries.
        for (file, encryption) in [
            ("z7-zipcrypto.zip", ZipWriter.Options.Encryption.zipCrypto(passphrase: "sekret")),
            ("z7-aes.zip", .aes256(passphrase: "sekret")),
        ] {
            cases.append(Case(file: file, code: .bundleEncrypted, entryIndex: 1,
                              entryName: "manifest.xml") {
                try HostileZip.write($0, [("manifest.xml", listed), ("doc.xml", document)],
                                      options: .init(encryption: encryption))
            })
        }
        // Z10: a text file, a tar file and a gzip file named like a bundle.
        for format in ["text", "tar", "gzip"] {
            cases.append(Case(file: "z10-\(format).zip", code: .bundleNotZip, entryIndex: nil,
                              entryName: nil) { path in
                let source = path + ".source"
                try Data(document).write(to: URL(fileURLWithPath: source))
                defer { try? FileManager.default.removeItem(atPath: source) }
                switch format {
                case "text": try FileManager.default.copyItem(atPath: source, toPath: path)
                case "tar":
                    try command(["tar", "-cf", path, "-C", (source as NSString)
                        .deletingLastPathComponent, (source as NSString).lastPathComponent])
                default: try command(["sh", "-c", "gzip -c '\(source)' > '\(path)'"])
                }
            })
        }
        return cases
    }

    /// Writes a stored bundle of three corpus documents (`a.xml`, `b.xml`, `c.xml`) and
    /// passes its bytes through `damage`.
    static func threeDocuments(_ path: String, damage: ([UInt8]) throws -> [UInt8]) throws {
        let names = ["LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml",
                     "LM3__maaraaikainen_erityislupavalmiste.xml",
                     "LM12_potilaskohtainen_erityislupavalmiste.xml"]
        let files = try zip(["a.xml", "b.xml", "c.xml"], names).map {
            ($0, try HostileSamples.visitDocument($1))
        }
        try HostileZip.write(path, [("manifest.xml", try HostileSamples.manifest(files))] + files,
                             options: .init(compression: .store))
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(try damage(bytes)).write(to: URL(fileURLWithPath: path))
    }

    @Test func everyHostileBundleGetsItsOwnReceiptAndTheSamplesAreStored() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let token = String(UUID().uuidString.prefix(8))
        let folder = try root.inbox(Self.provider)
        let cases = try Self.cases(token: token)
        for item in cases { try item.build(folder + "/" + item.file) }

        // Z9: desktop junk beside a document the provider may store.
        let neighbour = try HostileSamples.visitDocument(Self.junkNeighbour,
                                                         patient: "030875-999Y")
        let appleDouble: [UInt8] = [0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]
            + Array("Mac OS X        ".utf8)
        let junk = ["__MACOSX/._doc.xml", ".DS_Store", "Thumbs.db"]
        try HostileZip.write(folder + "/z9-junk.zip", [
            ("manifest.xml", try HostileSamples.manifest([("doc.xml", neighbour)])),
            (junk[0], appleDouble), ("doc.xml", neighbour), (junk[1], [0, 0, 0, 1, 0x42]),
            (junk[2], [0xD0, 0xCF, 0x11, 0xE0])])

        // X1: an external entity naming a host file.
        let entity = Array("""
            <?xml version="1.0"?>
            <!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <ClinicalDocument xmlns="urn:hl7-org:v3"><title>&x;</title></ClinicalDocument>
            """.utf8)
        try HostileZip.write(folder + "/x1-entity.zip", [
            ("manifest.xml", try HostileSamples.manifest([("doc.xml", entity)])),
            ("doc.xml", entity)])

        // A drop folder whose name is not an OID.
        let stray = try root.inbox("not-an-oid")
        try FileManager.default.copyItem(atPath: folder + "/z9-junk.zip",
                                         toPath: stray + "/stray.zip")

        let summary = try root.run { $0.limits.entries = 1_000 }
        #expect(summary.exitCode == .success)
        #expect(summary.leftForNextRun.isEmpty, "\(summary.leftForNextRun)")
        #expect(summary.finished.count == HostileSamples.sampleBundles.count + cases.count + 3)

        for item in cases {
            let receipt = try root.receipt(Self.provider, item.file)
            let rejection = "/r:receipt/r:rejection"
            #expect(NightlyRunTests.value(receipt, rejection + "/@code") == item.code.rawValue,
                    "\(item.file)")
            #expect(NightlyRunTests.value(receipt, rejection + "/@entryIndex")
                    == (item.entryIndex.map(String.init) ?? ""), "\(item.file)")
            if let name = item.entryName {
                #expect(NightlyRunTests.value(receipt, rejection + "/@entryName") == name,
                        "\(item.file)")
            }
            #expect(try receipt.count("//r:item") == 0, "\(item.file)")
        }

        let junkReceipt = try root.receipt(Self.provider, "z9-junk.zip")
        #expect(NightlyRunTests.value(junkReceipt, "/r:receipt/@acknowledgement") == "AA")
        #expect(try junkReceipt.count("//r:item") == 1)
        #expect(try junkReceipt.elements("//r:ignored").map { $0.attribute("path") } == junk)
        #expect(NightlyRunTests.value(junkReceipt, "//r:item/@outcome") == "accepted")

        let entityReceipt = try root.receipt(Self.provider, "x1-entity.zip")
        #expect(NightlyRunTests.value(entityReceipt, "//r:item/@code") == "xml-doctype-forbidden")
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let firstLine = String(passwd.split(separator: "\n").first ?? "")
        #expect(try !root.allReceiptText().contains(firstLine))

        let strayReceipt = try root.receipt("not-an-oid", "stray.zip")
        #expect(NightlyRunTests.value(strayReceipt, "/r:receipt/r:rejection/@code")
                == "sender-invalid")
        #expect(NightlyRunTests.value(strayReceipt, "/r:receipt/@acknowledgement") == "AR")

        // The samples' receipts are as without the hostile bundles; the register holds the
        // samples' documents and the one beside the junk, nothing else.
        let visit = try root.receipt(Self.provider, "visit.zip")
        #expect(try visit.count("//r:item[@outcome='accepted']")
                == NightlyRunTests.visitAccepted.count)
        let imaging = try root.receipt(HostileSamples.imaging, "imaging-unit.zip")
        #expect(NightlyRunTests.value(imaging, "/r:receipt/@acknowledgement") == "AA")
        let expected = try HostileSamples.sampleIDs()
            .union([NightlyRunTests.corpusDocumentID(Self.junkNeighbour)])
        #expect(try root.registerIDs() == expected)

        // Nothing was written outside osva's folders; nothing is left in staging or claimed.
        let outside = ["outside", "abs", "bs", "mixed", "owned"].map { "\($0)-\(token).xml" }
        let parent = (root.root as NSString).deletingLastPathComponent
        let places = ["/tmp", "/", parent, (parent as NSString).deletingLastPathComponent,
                      root.root, root.layout.state, root.layout.staging,
                      FileManager.default.currentDirectoryPath]
        for place in places {
            for name in outside {
                #expect(!FileManager.default.fileExists(atPath: place + "/" + name),
                        "\(place)/\(name)")
            }
        }
        #expect(!root.tree().contains { $0.contains(token) })
        #expect(root.names(root.layout.staging).isEmpty)
        #expect(root.names(root.layout.claimed + "/" + Self.provider).isEmpty)
        #expect(root.names(folder).isEmpty)
        #expect(root.names(root.layout.archive + "/" + Self.provider).count
                == cases.count + 4)
    }
}
