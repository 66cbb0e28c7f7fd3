import Foundation
import Imaging
import Testing

/// A 200 MiB DICOM file: the header of `CT_small.dcm` followed by pixel data of that size,
/// written sparse so the test costs no disk. The reader must return the header without
/// reading the pixel data into memory (its peak memory is measured outside the tests).
@Suite struct LargeFileTests {
    static let pixelBytes: UInt32 = 200 * 1024 * 1024

    /// (7FE0,0010) OW with a 4-byte length, explicit VR little endian as in CT_small.
    static let pixelDataHeader: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x57, 0x00, 0x00]

    /// Writes CT_small's bytes up to its pixel data element, then that element with
    /// `pixelBytes` of zeros; returns the path.
    static func writeLargeFile(in folder: String) throws -> String {
        let source = [UInt8](try DicomFixtures.bytes("CT_small.dcm"))
        let header = pixelDataHeader
        let start = try #require(
            (0...(source.count - header.count)).last {
                source[$0..<($0 + header.count)].elementsEqual(header)
            })
        var prefix = Array(source[..<start]) + header
        withUnsafeBytes(of: pixelBytes.littleEndian) { prefix.append(contentsOf: $0) }
        let path = try DicomFixtures.write(Data(prefix), named: "large.dcm", in: folder)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(prefix.count) + UInt64(pixelBytes))
        try handle.close()
        return path
    }

    @Test func headerOfA200MiBFileIsReadAndMatchesDcmdump() throws {
        let folder = try DicomFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.writeLargeFile(in: folder)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64
        #expect((size ?? 0) > UInt64(Self.pixelBytes))

        let header = try DicomReader.read(path: path).get()
        #expect(header == (try DicomReader.read(path: DicomFixtures.path("CT_small.dcm")).get()))
        try expectHeader(header, matches: try Dcmdump.run(path))
    }

    @Test func largeFileCutInsideItsPixelDataIsTruncated() throws {
        let folder = try DicomFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.writeLargeFile(in: folder)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: try handle.seekToEnd() - 1)
        try handle.close()
        guard case .failure(let problem) = DicomReader.read(path: path) else {
            Issue.record("a file cut inside its pixel data was read")
            return
        }
        #expect(problem.kind == .truncated)
    }
}
