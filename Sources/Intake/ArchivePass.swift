#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Documents
import Domain
import Hashing
import Zip

/// One pass over one bundle: the entries in archive order, then the manifest.
///
/// Throws ``BundleRejected`` for anything wrong with the bundle and passes faults on osva's
/// side through (see ``BundleReader/read(path:into:)``). Remembers every file it staged so
/// that a rejected bundle leaves nothing behind. Used once, by one ``BundleReader`` call.
final class ArchivePass {
    /// An entry unpacked to staging.
    struct Staged {
        /// The entry's 1-based index.
        let index: Int
        /// The entry's decoded name, which the manifest's paths are matched against.
        let name: String
        /// The entry's name escaped for display.
        let escapedName: String
        /// The staging file.
        let path: String
        /// The bytes unpacked.
        let size: Int64
        /// The SHA-256 of those bytes.
        let sha256: SHA256Digest
    }

    /// The manifest's name at the root of the bundle.
    static let manifestName = "manifest.xml"
    /// Below this many unpacked bytes the compression ratio is not checked: small,
    /// very regular files compress well and do no harm.
    static let ratioFloor: Int64 = 1 << 20

    /// Bytes unpacked so far, junk and the manifest included.
    private(set) var unpackedBytes: Int64 = 0

    private let path: String
    private let staging: String
    private let bundleBytes: Int64
    private let limits: BundleLimits
    private let manifests: ManifestReader
    private var stagedPaths: [String] = []
    private var files: [Staged] = []
    private var byName: [String: Staged] = [:]
    /// The first entry (index, escaped name) for each folded name.
    private var folded: [String: (index: Int, name: String)] = [:]
    private var ignored: [String] = []

    /// A pass over the bundle at `path` of `bundleBytes` bytes, staging into `staging`.
    init(path: String, staging: String, bundleBytes: Int64, limits: BundleLimits,
         manifests: ManifestReader) {
        self.path = path
        self.staging = staging
        self.bundleBytes = bundleBytes
        self.limits = limits
        self.manifests = manifests
    }

    /// Reads every entry, then the manifest, and returns the contents.
    func run() throws -> BundleContents {
        let zip: ZipReader
        do {
            zip = try ZipReader(path: path)
        } catch {
            throw Self.archiveProblem(error)
        }
        var count = 0
        while true {
            let next: ZipEntry?
            do {
                next = try zip.nextEntry()
            } catch {
                throw Self.archiveProblem(error)
            }
            guard let entry = next else {
                break
            }
            count += 1
            if count > limits.entries {
                throw BundleRejected(
                    .bundleTooManyEntries, "The bundle has more than \(limits.entries) entries.",
                    index: entry.index + 1, name: entry.escapedName)
            }
            try take(entry, from: zip)
        }
        return try ManifestCheck(
            staged: files, byName: byName, ignored: ignored, manifests: manifests
        ).contents()
    }

    /// Removes every file this pass staged; used when the bundle is rejected or a fault
    /// stopped the read.
    func removeStaged() {
        for path in stagedPaths {
            unlink(path)
        }
        stagedPaths.removeAll()
    }

    // MARK: - One entry

    /// Checks one entry's name and kind, then unpacks it, drains it (junk) or skips it
    /// (a folder).
    private func take(_ entry: ZipEntry, from zip: ZipReader) throws {
        let index = entry.index + 1
        if let reason = EntryNameRules.unsafeReason(entry) {
            throw BundleRejected(.entryUnsafePath, reason, index: index, name: entry.escapedName)
        }
        switch entry.kind {
        case .regular, .directory:
            break
        case .symlink, .hardlink, .other:
            throw BundleRejected(
                .entryNotRegularFile, Self.kindDetail(entry), index: index,
                name: entry.escapedName)
        }
        if entry.isEncrypted {
            throw BundleRejected(
                .bundleEncrypted, "The entry is encrypted; osva reads no passwords.",
                index: index, name: entry.escapedName)
        }
        if entry.kind == .directory {
            return
        }
        let name = entry.name
        let key = EntryNameRules.foldedKey(name)
        if let earlier = folded[key] {
            let same = earlier.name == entry.escapedName
            throw BundleRejected(
                .entryNameAmbiguous,
                same
                    ? "Entry \(earlier.index) has the same name."
                    : "Entry \(earlier.index) ('\(earlier.name)') has the same name apart "
                        + "from case or Unicode normalisation.",
                index: index, name: entry.escapedName)
        }
        folded[key] = (index, entry.escapedName)
        if EntryNameRules.isJunk(name) {
            ignored.append(entry.escapedName)
            try drain(entry, from: zip)
            return
        }
        let staged = try stage(entry, name: name, from: zip)
        files.append(staged)
        byName[name] = staged
    }

    /// Unpacks the entry to `<staging>/<index>`, hashing and counting as it streams.
    private func stage(_ entry: ZipEntry, name: String, from zip: ZipReader) throws -> Staged {
        let index = entry.index + 1
        let file = try StagingFile(path: staging + "/\(index)")
        stagedPaths.append(file.path)
        let hasher = try SHA256Hasher()
        let size: Int64
        do {
            size = try zip.readData(maxBytes: limits.entryBytes) { chunk in
                try self.count(chunk.count, entry)
                try file.append(chunk)
                hasher.update(chunk)
            }
        } catch {
            throw Self.archiveProblem(error)
        }
        try file.finish()
        return Staged(
            index: index, name: name, escapedName: entry.escapedName, path: file.path,
            size: size, sha256: hasher.finish())
    }

    /// Reads a junk entry to its end, so its CRC is checked, and keeps nothing of it.
    private func drain(_ entry: ZipEntry, from zip: ZipReader) throws {
        do {
            _ = try zip.readData(maxBytes: limits.entryBytes) { chunk in
                try self.count(chunk.count, entry)
            }
        } catch {
            throw Self.archiveProblem(error)
        }
    }

    /// Adds `bytes` to the bundle's unpacked total and stops the read as soon as the total
    /// or the bundle's compression ratio is over its limit.
    ///
    /// The zip reader gives no compressed size per entry, so the ratio is taken over the
    /// whole bundle: bytes unpacked so far against the bundle file's size, once more than
    /// ``ratioFloor`` bytes were unpacked.
    private func count(_ bytes: Int, _ entry: ZipEntry) throws(BundleRejected) {
        unpackedBytes += Int64(bytes)
        if unpackedBytes > limits.unpackedBytes {
            throw BundleRejected(
                .bundleExpandsTooMuch,
                "The bundle unpacks to more than \(limits.unpackedBytes) bytes.",
                index: entry.index + 1, name: entry.escapedName)
        }
        guard unpackedBytes > Self.ratioFloor else {
            return
        }
        let (allowed, overflow) = max(bundleBytes, 1).multipliedReportingOverflow(
            by: limits.ratio)
        if !overflow, unpackedBytes > allowed {
            throw BundleRejected(
                .bundleExpandsTooMuch,
                "The bundle's \(bundleBytes) bytes unpack to more than \(limits.ratio) times "
                    + "as many.",
                index: entry.index + 1, name: entry.escapedName)
        }
    }

    // MARK: - Failures

    /// The rejection for a `ZipError` of the bundle; any other error, and a `ZipError` of
    /// kind `.io` (the operating system failed, not the bundle), comes back unchanged.
    static func archiveProblem(_ error: any Error) -> any Error {
        guard let error = error as? ZipError, error.kind != .io else {
            return error
        }
        let code: ReasonCode
        let detail: String
        switch error.kind {
        case .notZip:
            code = .bundleNotZip
            detail = "The file is not a zip archive"
        case .truncated:
            code = .bundleTruncated
            detail = "The zip archive ends before its central directory"
        case .corrupt:
            code = .bundleCorrupt
            detail = "The zip archive is damaged"
        case .crc:
            code = .bundleCorrupt
            detail = "The entry's data does not match its CRC-32"
        case .unsupported:
            code = .bundleCorrupt
            detail = "The entry uses a zip feature osva does not read"
        case .encrypted:
            code = .bundleEncrypted
            detail = "The entry is encrypted; osva reads no passwords"
        case .entryTooLarge:
            code = .entryTooLarge
            detail = "The entry unpacks to more than the limit for one file"
        case .io:
            return error
        }
        return BundleRejected(
            code, detail + " (" + error.message + ").", index: error.entryIndex.map { $0 + 1 },
            name: error.entryName)
    }

    /// What kind of non-regular entry `entry` is, for the sender.
    private static func kindDetail(_ entry: ZipEntry) -> String {
        switch entry.kind {
        case .symlink:
            "The entry is a symbolic link"
                + (entry.symlinkTarget.map { " to '\(EntryName.escape(Array($0.utf8)))'." }
                    ?? ".")
        case .hardlink:
            "The entry is a hard link."
        case .regular, .directory, .other:
            "The entry is a device, socket or other special file."
        }
    }
}
