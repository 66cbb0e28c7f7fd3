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
    private var files: [(path: String, kind: ItemResult.Kind, bytes: [UInt8])] = []

    /// An empty bundle.
    public init(sender: String, bundleID: String, created: Date = Date()) {
        self.sender = sender
        self.bundleID = bundleID
        self.created = created
    }

    /// Adds a file listed in the manifest.
    public mutating func add(_ path: String, kind: ItemResult.Kind, bytes: [UInt8]) {
        files.append((path, kind, bytes))
    }

    /// The manifest for the files added so far.
    public func manifest() throws -> Manifest {
        Manifest(bundleID: bundleID, sender: sender, created: created,
                 entries: try files.map { file in
                     Manifest.Entry(path: file.path, kind: file.kind,
                                    sha256: try SHA256Hasher.digest(of: file.bytes).hex,
                                    size: Int64(file.bytes.count))
                 })
    }

    /// Writes the bundle as a zip at `path`: `manifest.xml` first, then the files.
    ///
    /// `extra` entries are written after them without being listed (for tests of bundles
    /// that break the rules).
    public func write(to path: String, extra: [(String, [UInt8])] = []) throws {
        let writer = try ZipWriter(path: path)
        try writer.add(path: "manifest.xml", bytes: Array(ManifestXML.render(manifest()).utf8))
        for file in files { try writer.add(path: file.path, bytes: file.bytes) }
        for (name, bytes) in extra { try writer.add(path: name, bytes: bytes) }
        try writer.finish()
    }
}
