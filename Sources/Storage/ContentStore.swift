import Files
import Foundation

/// Content-addressed file store: each file lives at `store/<first two hex>/<sha256>`.
///
/// Writing the same content twice is harmless, so a bundle processed again after a crash
/// rewrites nothing new. Files are synced before the database row that references them is
/// committed; files no row references are removed by `sweep(keeping:)`.
public struct ContentStore: Sendable {
    /// The store's root folder.
    public let root: String

    /// A store at `root`.
    public init(root: String) {
        self.root = root
    }

    /// The path of the file with `sha256`.
    public func path(of sha256: String) -> String {
        root + "/" + sha256.prefix(2) + "/" + sha256
    }

    /// True when a file with `sha256` is stored.
    public func contains(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: path(of: sha256))
    }

    /// Stores the file at `source`, whose SHA-256 the caller has verified, and returns its
    /// path. The source is copied (never moved), synced, and renamed into place.
    ///
    /// Throws `FileError` on a fault of the disk (a fault on osva's side).
    @discardableResult
    public func put(copyOf source: String, sha256: String) throws(FileError) -> String {
        let target = path(of: sha256)
        if contains(sha256) { return target }
        let folder = (target as NSString).deletingLastPathComponent
        try DurableFile.makeFolder(folder)
        try DurableFile.copy(source, to: target)
        return target
    }

    /// Removes every stored file whose hash is not in `referenced`, and returns how many.
    ///
    /// Runs under the job's lock, before any bundle is processed, so no file written by a
    /// transaction still in flight can be removed.
    public func sweep(keeping referenced: Set<String>) -> Int {
        let manager = FileManager.default
        guard let folders = try? manager.contentsOfDirectory(atPath: root) else { return 0 }
        var removed = 0
        for folder in folders where folder.count == 2 {
            let path = root + "/" + folder
            for name in (try? manager.contentsOfDirectory(atPath: path)) ?? []
            where !referenced.contains(name) {
                if (try? manager.removeItem(atPath: path + "/" + name)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
