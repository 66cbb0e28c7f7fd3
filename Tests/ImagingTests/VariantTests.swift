import Foundation
import Imaging
import Testing

/// Variants of `CT_small.dcm` built in a temporary folder: each changes one thing the file
/// holds, so the expected outcome follows from the change.
@Suite struct VariantTests {
    static let source = "CT_small.dcm"

    /// Writes `data` to a temporary file, reads it, and removes the folder again.
    func read(_ data: Data) throws -> Result<DicomHeader, DicomProblem> {
        let folder = try DicomFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return DicomReader.read(path: try DicomFixtures.write(data, named: "x.dcm", in: folder))
    }

    func problem(_ result: Result<DicomHeader, DicomProblem>) throws -> DicomProblem {
        guard case .failure(let problem) = result else {
            Issue.record("the header was read")
            throw CancellationError()
        }
        return problem
    }

    @Test func unknownTransferSyntaxIsUnsupported() throws {
        let data = try DicomFixtures.replacing(
            Array("1.2.840.10008.1.2.1\0".utf8), with: Array("1.2.840.99999.1.2.1\0".utf8),
            in: try DicomFixtures.bytes(Self.source))
        let problem = try problem(try read(data))
        #expect(problem.kind == .transferSyntaxUnsupported)
        #expect(problem.tag == .transferSyntaxUID)
    }

    @Test func uidComponentWithLeadingZeroIsInvalid() throws {
        // The SOP Instance UID, in the meta header and the data set alike.
        let data = try DicomFixtures.replacing(
            Array("20040119072730.12322".utf8), with: Array("20040119072730.01232".utf8),
            in: try DicomFixtures.bytes(Self.source))
        let problem = try problem(try read(data))
        #expect(problem.kind == .uidInvalid)
        #expect(problem.tag == .mediaStorageSOPInstanceUID)
    }

    @Test func latin1PatientIDIsReadAsDcmdumpConvertsIt() throws {
        // CT_small declares ISO_IR 100 (Latin-1); 0xC4 is "Ä" there.
        let data = try DicomFixtures.replacing(
            Array("1CT1".utf8), with: [0xC4, 0x43, 0x54, 0x31],
            in: try DicomFixtures.bytes(Self.source))
        let folder = try DicomFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try DicomFixtures.write(data, named: "latin1.dcm", in: folder)
        let header = try DicomReader.read(path: path).get()
        #expect(header.patientID == "ÄCT1")
        #expect(try Dcmdump.run(path).value("0010,0020") == "ÄCT1")
    }

    @Test func controlCharacterInPatientIDIsInvalid() throws {
        let data = try DicomFixtures.replacing(
            Array("1CT1".utf8), with: Array("1C\u{1}1".utf8),
            in: try DicomFixtures.bytes(Self.source))
        let problem = try problem(try read(data))
        #expect(problem.kind == .valueInvalid)
        #expect(problem.tag == .patientID)
        #expect(!problem.detail.contains("1C"))
    }

    @Test func patientIDWithABinaryRepresentationIsInvalid() throws {
        // (0010,0020) LO, length 4 → the same bytes as US: two unsigned shorts.
        let data = try DicomFixtures.replacing(
            [0x10, 0x00, 0x20, 0x00, 0x4C, 0x4F, 0x04, 0x00],
            with: [0x10, 0x00, 0x20, 0x00, 0x55, 0x53, 0x04, 0x00],
            in: try DicomFixtures.bytes(Self.source))
        let problem = try problem(try read(data))
        #expect(problem.kind == .valueInvalid)
        #expect(problem.tag == .patientID)
    }

    @Test func impossibleStudyDateIsInvalid() throws {
        let data = try DicomFixtures.replacing(
            Array("20040119".utf8), with: Array("20040230".utf8),
            in: try DicomFixtures.bytes(Self.source))
        let problem = try problem(try read(data))
        #expect(problem.kind == .valueInvalid)
        #expect(problem.tag == .studyDate)
    }

    @Test(arguments: [0, 1, 131])
    func fileShorterThanPreambleAndPrefixIsNotPart10(length: Int) throws {
        let data = try DicomFixtures.bytes(Self.source).prefix(length)
        #expect(try problem(try read(Data(data))).kind == .notPart10)
    }

    @Test func fileEndingOneByteEarlyIsTruncated() throws {
        let data = try DicomFixtures.bytes(Self.source).dropLast()
        #expect(try problem(try read(Data(data))).kind == .truncated)
    }

    @Test func missingFileAndFolderAreOsvasFault() throws {
        let folder = try DicomFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for path in [folder, folder + "/absent.dcm"] {
            let problem = try problem(DicomReader.read(path: path))
            #expect(problem.kind == .unreadable)
            #expect(problem.isOsvaFault)
        }
    }
}
