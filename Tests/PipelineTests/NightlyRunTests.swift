import Domain
import Files
import Foundation
import Pipeline
import Samples
import Storage
import Testing
import XML

/// The nightly job from Inbox to Outbox on the sample bundles, which are built from the real
/// Kanta corpus documents. Expected values come from the corpus files and the sample set's
/// description (which document is for which patient and register), never from osva's output.
@Suite struct NightlyRunTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let corpus = fixtures + "/kanta/documents"
    static let receiptSchema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Receipts/Schemas/osva-receipt.xsd").path

    static let visitAccepted = ["LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml",
                                "LM3__maaraaikainen_erityislupavalmiste.xml",
                                "LM12_potilaskohtainen_erityislupavalmiste.xml"]
    static let visitOtherPatient = "Test_CDA_V3_3_Esko_1_Leponex_UUS.xml"
    static let imagingAccepted = ["Test_CDA_V3_3_eRa_1_diatsepaami_lm.xml",
                                  "Test_CDA_V3_3_GFS_1_Leponex_LM.xml"]

    /// A fresh osva root with the sample bundles in its inbox and the organiser's registers
    /// configured as `make run` does.
    static func sampleRoot() throws -> (root: String, layout: Layout) {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-run-\(UUID().uuidString)").path
        let layout = Layout(root: root)
        _ = try SampleSet.write(corpus: corpus, to: layout.inbox)
        for folder in layout.folders { try DurableFile.makeFolder(folder) }
        let grants = GrantStore(try Database(path: layout.database))
        for register in SampleSet.controlledRegisters {
            _ = try grants.addRegister(ControlledRegister(
                organiser: SampleSet.organiser.id, controller: register.controller,
                type: register.type))
        }
        return (root, layout)
    }

    static func run(_ root: String) throws -> RunSummary {
        var options = RunOptions(root: root)
        options.settle = 0
        let summary = try NightlyRun(options: options, log: Log(threshold: .error),
                                     report: { _, _ in }).execute()
        try validateEveryReceipt(in: options.layout)
        return summary
    }

    /// Every receipt in the outbox must be valid against the shipped schema, whatever the
    /// test looks at: run after every test run of the job.
    static func validateEveryReceipt(in layout: Layout) throws {
        let schema = try XMLSchema(contentsOf: receiptSchema)
        for folder in files(in: layout.outbox) {
            for path in files(in: folder) where path.hasSuffix(".receipt.xml") {
                let issues = schema.validate(try XMLDocument(contentsOf: path))
                #expect(issues.isEmpty, "\(path): \(issues)")
            }
        }
    }

    /// The document id (`root` or `root.extension` form as osva stores it) of a corpus file.
    static func corpusDocumentID(_ name: String) throws -> String {
        let document = try XMLDocument(contentsOf: corpus + "/" + name)
        let path = try XPath(document: document, namespaces: ["cda": "urn:hl7-org:v3"])
        let root = try #require(try path.string("/cda:ClinicalDocument/cda:id/@root"))
        let ext = try path.string("/cda:ClinicalDocument/cda:id/@extension")
        return ext.map { root + "." + $0 } ?? root
    }

    /// The patient's henkilötunnus in a corpus file's header.
    static func corpusPatient(_ name: String) throws -> String {
        let document = try XMLDocument(contentsOf: corpus + "/" + name)
        let path = try XPath(document: document, namespaces: ["cda": "urn:hl7-org:v3"])
        return try #require(try path.string(
            "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:id/@extension"))
    }

    /// The string value of `expression`, empty when it selects nothing.
    static func value(_ path: XPath, _ expression: String) -> String {
        ((try? path.string(expression)) ?? nil) ?? ""
    }

    static func files(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().map { folder + "/" + $0 }
    }

    /// The single receipt for bundle file `name` of `sender`, parsed, after checking it is the
    /// only one and valid against the shipped schema.
    static func receipt(_ layout: Layout, sender: String, bundle name: String) throws -> XPath {
        let stem = name.replacingOccurrences(of: ".zip", with: "")
        let matches = files(in: layout.outbox + "/" + sender)
            .filter { $0.hasSuffix("--" + stem + ".receipt.xml") }
        try #require(matches.count == 1, "receipts for \(name): \(matches)")
        let document = try XMLDocument(contentsOf: matches[0])
        let issues = try XMLSchema(contentsOf: receiptSchema).validate(document)
        #expect(issues.isEmpty, "\(matches[0]): \(issues)")
        return try XPath(document: document, namespaces: ["r": "urn:osva:receipt:1"])
    }

    @Test func samplesEndInRegisterAndOutbox() throws {
        let (root, layout) = try Self.sampleRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let summary = try Self.run(root)
        #expect(summary.finished.count == 4)
        #expect(summary.leftForNextRun.isEmpty)
        #expect(summary.quarantined.isEmpty)

        let organiser = SampleSet.organiser.id.value
        let provider = SampleSet.provider.id.value
        let second = SampleSet.secondProvider.id.value

        let grants = try Self.receipt(layout, sender: organiser, bundle: "authorisations.zip")
        #expect(Self.value(grants, "/r:receipt/@acknowledgement") == "AA")
        #expect(try grants.count("//r:item[@kind='authorisation' and @outcome='accepted']") == 2)

        let visit = try Self.receipt(layout, sender: provider, bundle: "visit.zip")
        #expect(Self.value(visit, "/r:receipt/@acknowledgement") == "AE")
        for name in Self.visitAccepted {
            let item = "//r:item[@path='documents/\(name)']"
            #expect(Self.value(visit, "\(item)/@outcome") == "accepted", "\(name)")
            #expect(try Self.value(visit, "\(item)/@documentId")
                    == Self.corpusDocumentID(name))
            #expect(Self.value(visit, "\(item)/r:authorisation/@setId")
                    == "1.2.246.10.99999984.10.0.91.2009.58")
            #expect(Self.value(visit, "\(item)/r:serviceInformation/r:text")
                    == SampleSet.serviceInformation)
        }
        let other = "//r:item[@path='documents/\(Self.visitOtherPatient)']"
        #expect(Self.value(visit, "\(other)/@outcome") == "rejected")
        #expect(Self.value(visit, "\(other)/@code") == "right-other-patient")
        #expect(!Self.value(visit, "\(other)/r:message").isEmpty)

        let imaging = try Self.receipt(layout, sender: second, bundle: "imaging-unit.zip")
        #expect(Self.value(imaging, "/r:receipt/@acknowledgement") == "AA")
        #expect(try imaging.count("//r:item[@outcome='accepted']") == 2)

        let forged = try Self.receipt(layout, sender: provider, bundle: "self-authorisation.zip")
        #expect(Self.value(forged, "//r:item/@code") == "osva-sender-not-organiser")
        #expect(try forged.count("//r:item[@outcome='accepted']") == 0)

        // The register holds exactly the accepted documents, each with its content stored.
        let database = try Database(path: layout.database)
        let register = RegisterStore(database)
        let expected = try Set((Self.visitAccepted + Self.imagingAccepted)
            .map(Self.corpusDocumentID))
        // Sample documents keep the patient of their corpus file.
        var patients: [String: String] = [:]
        for name in Self.visitAccepted + Self.imagingAccepted {
            patients[try Self.corpusDocumentID(name)] = try Self.corpusPatient(name)
        }
        let stored = try register.documents()
        #expect(Set(stored.map(\.documentID)) == expected)
        #expect(stored.count == expected.count)
        for document in stored {
            let path = layout.store + "/" + document.sha256.prefix(2) + "/" + document.sha256
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.size] as? NSNumber)?.int64Value == document.size)
            #expect(document.patient.value == patients[document.documentID])
        }

        // Every bundle left the inbox for the archive; nothing is left claimed.
        for sender in [organiser, provider, second] {
            #expect(Self.files(in: layout.inbox + "/" + sender).isEmpty)
            #expect(Self.files(in: layout.claimed + "/" + sender).isEmpty)
        }
        #expect(Self.files(in: layout.archive + "/" + provider).count == 2)
    }

    @Test func resentBundleStoresNothingTwice() throws {
        let (root, layout) = try Self.sampleRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let provider = SampleSet.provider.id.value
        let visit = layout.inbox + "/" + provider + "/visit.zip"
        let copy = root + "/visit-copy.zip"
        try FileManager.default.copyItem(atPath: visit, toPath: copy)
        _ = try Self.run(root)
        let before = try RegisterStore(Database(path: layout.database)).count()

        try FileManager.default.copyItem(atPath: copy, toPath: visit)
        let summary = try Self.run(root)
        #expect(summary.finished.count == 1)
        #expect(try RegisterStore(Database(path: layout.database)).count() == before)
        let receipts = Self.files(in: layout.outbox + "/" + provider)
            .filter { $0.hasSuffix("--visit.receipt.xml") }
        #expect(receipts.count == 2)
        let second = try XPath(document: XMLDocument(contentsOf: try #require(receipts.last)),
                               namespaces: ["r": "urn:osva:receipt:1"])
        #expect(try second.count("//r:item[@outcome='accepted']") == 0)
        #expect(try second.count("//r:item[@outcome='already-stored']")
                == Self.visitAccepted.count)
    }

    @Test func documentsBeforeTheirAuthorisationWaitForNothing() throws {
        // Without the organiser's bundle, the provider's documents have no storage right.
        let (root, layout) = try Self.sampleRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(
            atPath: layout.inbox + "/" + SampleSet.organiser.id.value)
        _ = try Self.run(root)
        let visit = try Self.receipt(layout, sender: SampleSet.provider.id.value,
                                     bundle: "visit.zip")
        #expect(try visit.count("//r:item[@outcome='accepted']") == 0)
        #expect(try visit.count("//r:item[@code='right-none']") == 4)
        #expect(try RegisterStore(Database(path: layout.database)).count() == 0)
    }
}

extension NightlyRunTests {
    /// `Samples/` is what `osva samples` writes from the corpus, byte for byte.
    @Test func committedSamplesAreWhatTheSampleSetBuilds() throws {
        let samples = URL(fileURLWithPath: Self.fixtures).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples").path
        let out = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-samples-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let written = try SampleSet.write(corpus: Self.corpus, to: out)
        #expect(written.count == 4)
        for path in written {
            let relative = String(path.dropFirst(out.count))
            let committed = try Data(contentsOf: URL(fileURLWithPath: samples + relative))
            let built = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(committed == built, "Samples\(relative) is stale: run make samples")
        }
    }
}
