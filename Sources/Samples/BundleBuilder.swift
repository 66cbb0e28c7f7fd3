import Documents
import Domain
import Foundation
import Hashing
import Zip

/// Builds a bundle: files with their kinds, a manifest listing them with SHA-256, one zip.
public struct BundleBuilder {
    /// The sender written into the manifest.
    public var sender: String
    /// The bundle id written into the manifest.
    public var bundleID: String
    /// The creation time written into the manifest.
    public var created: Date
    private var files: [File] = []

    /// One listed file: its bytes in memory, or a file on disk streamed into the zip.
    private struct File {
        var path: String
        var kind: ItemResult.Kind
        var study: String?
        var bytes: [UInt8]?
        var source: String?
        var sha256: String?
        var size: Int64
    }

    /// An empty bundle.
    public init(sender: String, bundleID: String, created: Date = Date()) {
        self.sender = sender
        self.bundleID = bundleID
        self.created = created
    }

    /// Adds a file listed in the manifest; `study` ties images and documents of one imaging
    /// study together.
    public mutating func add(_ path: String, kind: ItemResult.Kind, bytes: [UInt8],
                             study: String? = nil) {
        files.append(File(path: path, kind: kind, study: study, bytes: bytes, source: nil,
                          sha256: nil, size: Int64(bytes.count)))
    }

    /// Adds the file at `source` on disk, listed as `path`; it is streamed, never held whole.
    public mutating func add(_ path: String, kind: ItemResult.Kind, file source: String,
                             study: String? = nil) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: source)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        files.append(File(path: path, kind: kind, study: study, bytes: nil, source: source,
                          sha256: try SHA256Hasher.digest(ofFile: source).hex, size: size))
    }

    /// The manifest for the files added so far.
    public func manifest() throws -> Manifest {
        Manifest(bundleID: bundleID, sender: sender, created: created,
                 entries: try files.map { file in
                     let sha256 = try file.sha256 ?? SHA256Hasher.digest(of: file.bytes ?? []).hex
                     return Manifest.Entry(path: file.path, kind: file.kind, sha256: sha256,
                                           size: file.size, study: file.study)
                 })
    }

    /// Writes the bundle as a zip at `path`: `manifest.xml` first, then the files.
    ///
    /// `extra` entries are written after them without being listed (for tests of bundles
    /// that break the rules).
    public func write(to path: String, extra: [(String, [UInt8])] = [],
                      options: ZipWriter.Options = ZipWriter.Options()) throws {
        let writer = try ZipWriter(path: path, options: options)
        try writer.add(path: "manifest.xml",
                       bytes: Array(ManifestXML.render(try manifest()).utf8))
        for file in files {
            if let bytes = file.bytes {
                try writer.add(path: file.path, bytes: bytes)
            } else if let source = file.source {
                guard let handle = FileHandle(forReadingAtPath: source) else {
                    throw SampleError(description: "cannot read \(source)")
                }
                defer { try? handle.close() }
                try writer.add(path: file.path, size: file.size) { () throws -> [UInt8]? in
                    let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                    return chunk.isEmpty ? nil : [UInt8](chunk)
                }
            }
        }
        for (name, bytes) in extra { try writer.add(path: name, bytes: bytes) }
        try writer.finish()
    }
}
