import Domain
import Files
import Foundation
import Pipeline
import Samples
import Storage
import Testing
import XML

/// Imaging studies through the nightly job: DICOM files from the corpus, given the study's
/// patient and one Study Instance UID with `dcmodify` (Debian `dcmtk`), stored with a real
/// Kanta document under the sample register-specific authorisation. Expectations follow
/// docs/imaging.md.
@Suite struct ImagingRunTests {
    static let dicom = NightlyRunTests.fixtures + "/dicom"
    static let dcmodify = "/usr/bin/dcmodify"
    static let provider = SampleSet.secondProvider.id.value
    static let note = "Test_CDA_V3_3_eRa_1_diatsepaami_lm.xml"  // patient 101070-971W
    static let otherNote = "Test_CDA_V3_3_GFS_1_Leponex_LM.xml"  // patient 211069-971R

    let root: String
    let layout: Layout

    /// A root with the organiser's sample authorisations waiting and the second provider
    /// (authorised for the public register) configured as an imaging user when `imaging`.
    init() throws {
        let (root, layout) = try NightlyRunTests.sampleRoot()
        self.root = root
        self.layout = layout
        for sender in [SampleSet.provider.id.value, Self.provider] {
            try FileManager.default.removeItem(atPath: layout.inbox + "/" + sender)
        }
    }

    func allowImaging() throws {
        _ = try StudyStore(Database(path: layout.database))
            .addImagingUser(SampleSet.secondProvider.id)
    }

    /// Corpus DICOM files copied and edited to `patient` and study `studyUID`.
    func images(_ names: [String], patient: String, studyUID: String) throws -> [String] {
        try names.map { name in
            let copy = root + "/img-\(UUID().uuidString)-" + name
            try FileManager.default.copyItem(atPath: Self.dicom + "/" + name, toPath: copy)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.dcmodify)
            process.arguments = ["-nb", "-m", "(0010,0020)=\(patient)",
                                 "-m", "(0020,000D)=\(studyUID)", copy]
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "dcmodify failed on \(name)")
            return copy
        }
    }

    func document(_ name: String) throws -> [UInt8] {
        let bytes = try Array(Data(contentsOf: URL(
            fileURLWithPath: NightlyRunTests.corpus + "/" + name)))
        return try CorpusEditor.outsourced(bytes, name: name, for: CorpusEditor.Target(
            register: SampleSet.publicRegister, controllerName: "Testi tk",
            organiser: SampleSet.organiser, producer: SampleSet.secondProvider))
    }

    func drop(_ name: String, study: String, note: String, images: [String]) throws {
        var bundle = BundleBuilder(sender: Self.provider, bundleID: name)
        bundle.add("study/note.xml", kind: .document, bytes: try document(note), study: study)
        for (index, image) in images.enumerated() {
            try bundle.add("study/\(index).dcm", kind: .image, file: image, study: study)
        }
        let folder = layout.inbox + "/" + Self.provider
        try DurableFile.makeFolder(folder)
        try bundle.write(to: folder + "/" + name + ".zip")
    }

    @Test func aStudyIsStoredWholeUnderTheRegisterSpecificAuthorisation() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.dcmodify),
                     "dcmodify (Debian dcmtk) is needed; run make deps")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try allowImaging()
        let uid = "2.25.31415926535897932384626433832795"
        try drop("study-1", study: "s1", note: Self.note,
                 images: images(["CT_small.dcm", "MR_small.dcm"], patient: "101070-971W",
                                studyUID: uid))
        _ = try NightlyRunTests.run(root)

        let receipt = try NightlyRunTests.receipt(layout, sender: Self.provider,
                                                  bundle: "study-1.zip")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/@acknowledgement") == "AA")
        #expect(try receipt.count("//r:item[@outcome='accepted' and @study='s1']") == 3)
        #expect(try receipt.count("//r:item[@kind='image' and @studyInstanceUid='\(uid)']")
                == 2)
        let database = try Database(path: layout.database)
        let study = try #require(try StudyStore(database).study(uid: uid))
        #expect(study.patient == "101070-971W")
        #expect(study.register == SampleSet.publicRegister)
        #expect(study.instances == 2)
        #expect(study.producer == Self.provider)
        #expect(try StudyStore(database).documents(of: uid).count == 1)
        #expect(try RegisterStore(database).count() == 1)
    }

    @Test func imagesOfAnotherPatientRejectTheWholeStudy() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.dcmodify))
        defer { try? FileManager.default.removeItem(atPath: root) }
        try allowImaging()
        // The note is for 211069-971R; the images are for 101070-971W.
        try drop("study-2", study: "s2", note: Self.otherNote,
                 images: images(["CT_small.dcm", "MR_small.dcm"], patient: "101070-971W",
                                studyUID: "2.25.2718281828459045"))
        _ = try NightlyRunTests.run(root)

        let receipt = try NightlyRunTests.receipt(layout, sender: Self.provider,
                                                  bundle: "study-2.zip")
        #expect(try receipt.count("//r:item[@outcome='accepted']") == 0)
        #expect(try receipt.count("//r:item[@code='study-patient-mismatch']") == 3)
        let database = try Database(path: layout.database)
        #expect(try StudyStore(database).studies().isEmpty)
        #expect(try RegisterStore(database).count() == 0)
    }

    @Test func aProviderThatIsNoImagingUserStoresNoStudy() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.dcmodify))
        defer { try? FileManager.default.removeItem(atPath: root) }
        try drop("study-3", study: "s3", note: Self.note,
                 images: images(["CT_small.dcm"], patient: "101070-971W",
                                studyUID: "2.25.16180339887"))
        _ = try NightlyRunTests.run(root)
        let receipt = try NightlyRunTests.receipt(layout, sender: Self.provider,
                                                  bundle: "study-3.zip")
        #expect(try receipt.count("//r:item[@code='study-provider-not-imaging-user']") == 2)
        #expect(try RegisterStore(Database(path: layout.database)).count() == 0)
    }

    @Test func aDamagedImageRejectsItsStudyWithItsOwnReason() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try allowImaging()
        try drop("study-4", study: "s4", note: Self.note,
                 images: [Self.dicom + "/MR_truncated.dcm", Self.dicom + "/CT_small.dcm"])
        _ = try NightlyRunTests.run(root)
        let receipt = try NightlyRunTests.receipt(layout, sender: Self.provider,
                                                  bundle: "study-4.zip")
        #expect(NightlyRunTests.value(receipt, "//r:item[@path='study/0.dcm']/@code")
                == "dicom-truncated")
        #expect(NightlyRunTests.value(receipt, "//r:item[@path='study/1.dcm']/@code")
                == "study-incomplete")
        #expect(NightlyRunTests.value(receipt, "//r:item[@path='study/note.xml']/@code")
                == "study-incomplete")
        #expect(try RegisterStore(Database(path: layout.database)).count() == 0)
    }

    @Test func aResentStudyAddsOnlyNewImages() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.dcmodify))
        defer { try? FileManager.default.removeItem(atPath: root) }
        try allowImaging()
        let uid = "2.25.141421356237"
        let first = try images(["CT_small.dcm"], patient: "101070-971W", studyUID: uid)
        try drop("study-5", study: "s5", note: Self.note, images: first)
        _ = try NightlyRunTests.run(root)
        let more = try images(["MR_small.dcm"], patient: "101070-971W", studyUID: uid)
        try drop("study-5b", study: "s5", note: Self.note, images: first + more)
        _ = try NightlyRunTests.run(root)
        let receipt = try NightlyRunTests.receipt(layout, sender: Self.provider,
                                                  bundle: "study-5b.zip")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/@acknowledgement") == "AA")
        let study = try #require(try StudyStore(Database(path: layout.database))
            .study(uid: uid))
        #expect(study.instances == 2)
    }
}

extension ImagingRunTests {
    /// A provider that may see a study's document gets the study's images with it in its
    /// response (docs/access.md), byte for byte as stored.
    @Test func aReturnedStudyDocumentBringsItsImages() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.dcmodify))
        defer { try? FileManager.default.removeItem(atPath: root) }
        try allowImaging()
        let uid = "2.25.57721566490153286"
        let files = try images(["CT_small.dcm", "MR_small.dcm"], patient: "101070-971W",
                               studyUID: uid)
        try drop("study-6", study: "s6", note: Self.note, images: files)
        _ = try NightlyRunTests.run(root)

        var request = BundleBuilder(sender: Self.provider, bundleID: "ask-1")
        request.add("request.xml", kind: .request, bytes: Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <request xmlns="urn:osva:request:1" version="1" \
            organiser="\(SampleSet.organiser.id.value)">
              <patient id="101070-971W"/>
            </request>
            """.utf8))
        try request.write(to: layout.inbox + "/" + Self.provider + "/ask.zip")
        _ = try NightlyRunTests.run(root)

        let receipt = try NightlyRunTests.receipt(layout, sender: Self.provider,
                                                  bundle: "ask.zip")
        #expect(try receipt.count("//r:item[@kind='document' and @outcome='returned']") == 1)
        #expect(try receipt.count("//r:item[@kind='image' and @outcome='returned' and "
                                  + "@studyInstanceUid='\(uid)']") == 2)
        let response = try #require(NightlyRunTests.files(in: layout.outbox + "/" + Self.provider)
            .first { $0.hasSuffix("--ask.response.zip") })
        let listing = try #require(try runTool("/usr/bin/bsdtar", ["-tf", response]))
        let names = Set(listing.split(separator: "\n").map(String.init))
        #expect(names.contains("images/0001.dcm") && names.contains("images/0002.dcm"))
        let unpacked = root + "/unpacked"
        try DurableFile.makeFolder(unpacked)
        _ = try runTool("/usr/bin/bsdtar", ["-xf", response, "-C", unpacked])
        let sent = try Set(files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) })
        let got = try Set(["images/0001.dcm", "images/0002.dcm"].map {
            try Data(contentsOf: URL(fileURLWithPath: unpacked + "/" + $0))
        })
        #expect(got == sent)
    }

    func runTool(_ path: String, _ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
