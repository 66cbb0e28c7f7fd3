import Files
import Foundation

/// What a killed run leaves in osva's own folders, removed by the next run before it takes
/// any bundle (under the job's lock, so no write of a live run can be removed).
///
/// - everything in `state/staging/`: a bundle's staging folder is scratch; one whose bundle
///   was committed before the kill would otherwise never be removed;
/// - temporary files of durable writes and cross-device moves (`.tmp-…`, see `DurableFile`)
///   in the sender folders of `Outbox/`, `Claimed/`, `Archive/` and `Quarantine/`.
///
/// Orphan files of the document store are the store's sweep (`ContentStore.sweep`).
enum Leftovers {
    /// The name prefix of `DurableFile`'s temporary files.
    static let temporaryPrefix = ".tmp-"

    /// Removes the leftovers under `layout` and returns how many items were removed.
    static func remove(in layout: Layout) -> Int {
        let manager = FileManager.default
        var removed = 0
        for name in names(in: layout.staging)
        where (try? manager.removeItem(atPath: layout.staging + "/" + name)) != nil {
            removed += 1
        }
        for top in [layout.outbox, layout.claimed, layout.archive, layout.quarantine] {
            for sender in names(in: top) {
                let folder = top + "/" + sender
                for name in names(in: folder) where name.hasPrefix(temporaryPrefix) {
                    if (try? manager.removeItem(atPath: folder + "/" + name)) != nil {
                        removed += 1
                    }
                }
            }
        }
        return removed
    }

    private static func names(in folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    }
}
