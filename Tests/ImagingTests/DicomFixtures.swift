import Foundation
import Testing

/// The DICOM files under `Tests/Fixtures/dicom` (copied unchanged from pydicom's test files),
/// and helpers that build variants of them in a temporary folder.
enum DicomFixtures {
    /// The fixtures folder.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dicom").path

    /// The path of the fixture named `name`.
    static func path(_ name: String) -> String { folder + "/" + name }

    /// Every `.dcm` file name of the folder, sorted.
    static func allNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".dcm") }.sorted()
    }

    /// The fixture's bytes.
    static func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(name)))
    }

    /// A new empty temporary folder; the caller removes it.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-imaging-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `data` as `name` in `folder` and returns its path.
    static func write(_ data: Data, named name: String, in folder: String) throws -> String {
        let path = folder + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `data` with every occurrence of `old` replaced by `new`, which must be as long, so that
    /// no element length changes; fails the test when `old` does not occur.
    static func replacing(_ old: [UInt8], with new: [UInt8], in data: Data) throws -> Data {
        precondition(old.count == new.count, "a same-length replacement keeps the lengths")
        var bytes = [UInt8](data)
        var found = 0
        var index = 0
        while index + old.count <= bytes.count {
            if bytes[index..<(index + old.count)].elementsEqual(old) {
                bytes.replaceSubrange(index..<(index + old.count), with: new)
                found += 1
                index += old.count
            } else {
                index += 1
            }
        }
        try #require(found > 0, "the bytes to replace are in the file")
        return Data(bytes)
    }
}
