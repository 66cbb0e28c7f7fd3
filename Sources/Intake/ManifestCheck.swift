import Documents
import Domain
import Zip

/// Checks the staged entries of a bundle against its `manifest.xml`.
///
/// Runs after every entry was unpacked, when names are known to be safe and unambiguous, so
/// a manifest path matches an entry name exactly. Throws ``BundleRejected`` for a missing,
/// invalid or disagreeing manifest, and `DocumentProblem` when the staged manifest could
/// not be read back (a fault on osva's side).
struct ManifestCheck {
    /// The unpacked entries in archive order (junk left out).
    let staged: [ArchivePass.Staged]
    /// The same entries by decoded name.
    let byName: [String: ArchivePass.Staged]
    /// The junk entries' escaped names.
    let ignored: [String]
    /// The manifest reader.
    let manifests: ManifestReader

    /// The bundle's contents: the manifest and its listed files in manifest order.
    func contents() throws -> BundleContents {
        guard let file = byName[ArchivePass.manifestName] else {
            throw BundleRejected(
                .manifestMissing, "The bundle has no '\(ArchivePass.manifestName)' at its root"
                    + hint(for: ArchivePass.manifestName) + ".")
        }
        let manifest = try read(file)
        var entries: [StagedEntry] = []
        for listed in manifest.entries {
            entries.append(try match(listed, manifestFile: file))
        }
        let listed = Set(manifest.entries.map(\.path))
        for entry in staged where entry.name != ArchivePass.manifestName {
            if !listed.contains(entry.name) {
                throw BundleRejected(
                    .manifestEntryUnlisted, "The manifest does not list this file.",
                    index: entry.index, name: entry.escapedName)
            }
        }
        return BundleContents(manifest: manifest, entries: entries, ignored: ignored)
    }

    /// The manifest read from its staging file.
    private func read(_ file: ArchivePass.Staged) throws -> Manifest {
        do {
            return try manifests.read(path: file.path)
        } catch {
            if error.isOsvaFault {
                throw error
            }
            var place = ""
            if let line = error.line {
                place = "Line \(line)" + (error.column.map { ", column \($0)" } ?? "") + ": "
            }
            throw BundleRejected(
                .manifestInvalid, place + error.detail, index: file.index,
                name: file.escapedName)
        }
    }

    /// The staged file `listed` names, checked against its hash and size.
    private func match(_ listed: Manifest.Entry, manifestFile: ArchivePass.Staged) throws
        -> StagedEntry
    {
        let shown = EntryName.escape(Array(listed.path.utf8))
        if listed.path == ArchivePass.manifestName {
            throw BundleRejected(
                .manifestInvalid, "The manifest lists itself.", index: manifestFile.index,
                name: manifestFile.escapedName)
        }
        guard let file = byName[listed.path] else {
            throw BundleRejected(
                .manifestEntryMissing,
                "The manifest lists '\(shown)' but the bundle has no such file"
                    + hint(for: listed.path) + ".",
                name: shown)
        }
        guard file.sha256.hex == listed.sha256 else {
            throw BundleRejected(
                .manifestHashMismatch,
                "The manifest gives SHA-256 \(listed.sha256); the file's is \(file.sha256.hex).",
                index: file.index, name: file.escapedName)
        }
        if let size = listed.size, size != file.size {
            throw BundleRejected(
                .manifestInvalid,
                "The manifest gives the size of '\(shown)' as \(size) bytes; the file holds "
                    + "\(file.size).",
                index: manifestFile.index, name: manifestFile.escapedName)
        }
        return StagedEntry(index: file.index, listed: listed, stagedPath: file.path,
                           size: file.size)
    }

    /// `; entry N is named 'X'` when a file's name differs from `path` only in case.
    private func hint(for path: String) -> String {
        let key = EntryNameRules.foldedKey(path)
        guard let near = staged.first(where: { EntryNameRules.foldedKey($0.name) == key })
        else { return "" }
        return " (entry \(near.index) is named '\(near.escapedName)'; names must match exactly)"
    }
}
