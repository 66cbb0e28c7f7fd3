import Foundation
import Imaging
import Testing

/// What osva must make of each fixture, from what the file holds.
struct FixtureExpectation: Sendable, CustomTestStringConvertible {
    /// The fixture's file name.
    let name: String
    /// nil: the header is read; otherwise the problem's kind and tag.
    let rejection: (kind: DicomProblem.Kind, tag: DicomTag?)?

    var testDescription: String { name }

    static func read(_ name: String) -> FixtureExpectation {
        FixtureExpectation(name: name, rejection: nil)
    }

    static func rejected(
        _ name: String, _ kind: DicomProblem.Kind, _ tag: DicomTag? = nil
    )
        -> FixtureExpectation
    {
        FixtureExpectation(name: name, rejection: (kind, tag))
    }

    /// One row per fixture; the comment says what in the file decides the outcome.
    static let all: [FixtureExpectation] = [
        .read("CT_small.dcm"),
        .read("JPEG-lossy.dcm"),  // encapsulated JPEG pixel data
        .read("JPEG2000.dcm"),
        .read("MR_small.dcm"),
        .read("MR_small_RLE.dcm"),
        .read("MR_small_bigendian.dcm"),  // explicit VR big endian
        .read("MR_small_expb.dcm"),
        .read("MR_small_implicit.dcm"),  // implicit VR little endian
        // Pixel data declares 8192 bytes; the file ends before them.
        .rejected("MR_truncated.dcm", .truncated),
        .read("SC_rgb_small_odd.dcm"),  // UTF-8 character set, UIDs in nested sequences
        // Meta header (0002,0003) is 1.2.999…, the data set's SOP Instance UID 1.9.999….
        .rejected("badVR.dcm", .metaMismatch, .mediaStorageSOPInstanceUID),
        // The meta header has no (0002,0010).
        .rejected("meta_missing_tsyntax.dcm", .tagMissing, .transferSyntaxUID),
        // The data set starts at byte 0: no preamble, no "DICM".
        .rejected("no_meta.dcm", .notPart10),
        .rejected("rtdose_1frame.dcm", .metaMismatch, .mediaStorageSOPInstanceUID),
        // Meta header (0002,0003) is 1.2.999…, the data set's SOP Instance UID 1.2.777….
        .rejected("rtplan.dcm", .metaMismatch, .mediaStorageSOPInstanceUID),
        .rejected("rtstruct.dcm", .notPart10),  // a bare implicit-VR data set
        // (0010,0020) Patient ID is present with an empty value.
        .rejected("test-SR.dcm", .tagMissing, .patientID),
        .read("waveform_ecg.dcm"),
    ]
}

@Suite struct FixtureTests {
    @Test func everyFixtureHasAnExpectation() throws {
        #expect(try DicomFixtures.allNames() == FixtureExpectation.all.map(\.name).sorted())
    }

    @Test(arguments: FixtureExpectation.all)
    func fixtureIsReadOrRejectedWithItsReason(_ expectation: FixtureExpectation) {
        let result = DicomReader.read(path: DicomFixtures.path(expectation.name))
        switch (result, expectation.rejection) {
        case (.success, nil):
            break
        case (.failure(let problem), let rejection?):
            #expect(problem.kind == rejection.kind, "\(problem)")
            #expect(problem.tag == rejection.tag, "\(problem)")
            #expect(!problem.isOsvaFault)
        case (.success, _?):
            Issue.record("read, but expected a rejection")
        case (.failure(let problem), nil):
            Issue.record("rejected: \(problem)")
        }
    }

    @Test(arguments: FixtureExpectation.all.filter { $0.rejection == nil }.map(\.name))
    func headerMatchesWhatDcmdumpPrints(_ name: String) throws {
        let path = DicomFixtures.path(name)
        let dump = try Dcmdump.run(path)
        #expect(dump.status == 0)
        let header = try DicomReader.read(path: path).get()
        try expectHeader(header, matches: dump)
    }

    @Test(arguments: FixtureExpectation.all)
    func osvaReadsNoFileThatDcmdumpCannotRead(_ expectation: FixtureExpectation) throws {
        let dump = try Dcmdump.run(DicomFixtures.path(expectation.name))
        if dump.status != 0 {
            #expect(expectation.rejection != nil)
            #expect(expectation.rejection?.kind != .tagMissing)
        }
    }

    @Test(arguments: FixtureExpectation.all.filter { $0.rejection?.kind == .notPart10 })
    func filesRejectedAsNotPart10LackThePreamble(_ expectation: FixtureExpectation) throws {
        let bytes = try DicomFixtures.bytes(expectation.name)
        #expect(bytes.count < 132 || bytes[128..<132] != Data("DICM".utf8))
        let dump = try Dcmdump.run(DicomFixtures.path(expectation.name))
        #expect(!dump.hasMetaElements)
    }

    @Test(
        arguments: FixtureExpectation.all.filter {
            [.tagMissing, .metaMismatch].contains($0.rejection?.kind)
        })
    func rejectedElementsAreAsDcmdumpPrintsThem(_ expectation: FixtureExpectation) throws {
        let dump = try Dcmdump.run(DicomFixtures.path(expectation.name))
        #expect(dump.status == 0)
        let tag = try #require(expectation.rejection?.tag)
        let printed = dump.value(Self.key(tag))
        if expectation.rejection?.kind == .tagMissing {
            #expect(printed == nil || printed == "")
        } else {
            let dataSetTag: DicomTag =
                tag == .mediaStorageSOPClassUID
                ? .sopClassUID : .sopInstanceUID
            let dataSetValue = try #require(dump.value(Self.key(dataSetTag)))
            #expect(printed != nil && printed != dataSetValue)
        }
    }

    /// `gggg,eeee` as dcmdump prints it.
    static func key(_ tag: DicomTag) -> String {
        String(tag.description.dropFirst().prefix(9))
    }
}

/// Expects every field of `header` to equal dcmdump's top-level value for its tag.
func expectHeader(_ header: DicomHeader, matches dump: Dcmdump) throws {
    let key = FixtureTests.key
    #expect(header.patientID == dump.value(key(.patientID)))
    #expect(header.studyInstanceUID.value == dump.value(key(.studyInstanceUID)))
    #expect(header.seriesInstanceUID.value == dump.value(key(.seriesInstanceUID)))
    #expect(header.sopInstanceUID.value == dump.value(key(.sopInstanceUID)))
    #expect(header.sopClassUID.value == dump.value(key(.sopClassUID)))
    #expect(header.transferSyntaxUID.value == dump.value(key(.transferSyntaxUID)))
    #expect((header.accessionNumber ?? "") == (dump.value(key(.accessionNumber)) ?? ""))
    #expect((header.modality ?? "") == (dump.value(key(.modality)) ?? ""))
    #expect((header.studyDate ?? "") == (dump.value(key(.studyDate)) ?? ""))
    #expect((header.studyTime ?? "") == (dump.value(key(.studyTime)) ?? ""))
}
