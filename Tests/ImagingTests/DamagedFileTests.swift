import Foundation
import Imaging
import Testing

/// Cut and corrupted copies of every readable fixture: osva never crashes, never reads a file
/// dcmdump cannot read, and never blames itself for a damaged file.
@Suite struct DamagedFileTests {
    static let readable = FixtureExpectation.all.filter { $0.rejection == nil }.map(\.name)

    /// Checks osva's reading of `data` against dcmdump's on the same bytes.
    func expectAgreement(_ data: Data, _ label: String) throws {
        let folder = try DicomFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try DicomFixtures.write(data, named: "damaged.dcm", in: folder)
        switch DicomReader.read(path: path) {
        case .success(let header):
            let dump = try Dcmdump.run(path)
            #expect(dump.status == 0, "\(label): osva read a file dcmdump cannot read")
            try expectHeader(header, matches: dump)
        case .failure(let problem):
            #expect(!problem.isOsvaFault, "\(label): \(problem)")
        }
    }

    @Test(arguments: readable)
    func cutFilesAreRejectedOrReadAsDcmdumpReadsThem(_ name: String) throws {
        let bytes = try DicomFixtures.bytes(name)
        let cuts = Set(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 23)))
            .union([131, 132, 133, bytes.count - 1])
        for cut in cuts.sorted() {
            try expectAgreement(bytes.prefix(cut), "\(name) cut at \(cut)")
        }
    }

    @Test(arguments: readable)
    func corruptedBytesNeverMakeOsvaReadWhatDcmdumpCannot(_ name: String) throws {
        let bytes = try DicomFixtures.bytes(name)
        // The meta header and the start of the data set hold most of the structure.
        let positions = Array(stride(from: 128, to: min(bytes.count, 1_500), by: 53))
        for position in positions {
            var damaged = bytes
            damaged[position] ^= 0xFF
            try expectAgreement(damaged, "\(name) byte \(position) flipped")
        }
    }
}
