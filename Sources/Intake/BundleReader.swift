#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Documents
import Domain
import Files
import XML

/// Reads one bundle: checks the zip archive and every entry name, unpacks the entries to
/// staging files while counting the limits, and checks them against `manifest.xml`.
///
/// The rules are those of `docs/bundle-format.md`, the limits those of `docs/limits.md`.
/// Everything wrong with the bundle itself comes back as a ``BundleReading/rejected(_:)``
/// value naming the entry (1-based index, escaped name) and the reason; only faults on
/// osva's side are thrown. No entry is ever held in memory whole: data goes to disk in
/// chunks of at most `ZipReader.chunkSize` bytes.
///
/// Create one per run and reuse it (it holds the compiled manifest schema). Not `Sendable`:
/// use it from one task.
public final class BundleReader {
    /// The limits every bundle is held to.
    public let limits: BundleLimits

    private let manifests: ManifestReader

    /// Bytes unpacked by the last call to ``read(path:into:)``, junk included; for tests
    /// that check a limit stopped the unpacking early.
    private(set) var lastUnpackedBytes: Int64 = 0

    /// A reader holding bundles to `limits`.
    ///
    /// Throws `XMLError` when the manifest schema cannot be loaded (an installation fault).
    public init(limits: BundleLimits) throws(XMLError) {
        self.limits = limits
        self.manifests = try ManifestReader()
    }

    /// Reads the bundle at `path`, unpacking its files into the existing folder `staging`
    /// as `<staging>/<entry index>`.
    ///
    /// On ``BundleReading/read(_:)`` the listed files stay in `staging` for the caller, who
    /// removes the folder when done. On ``BundleReading/rejected(_:)`` every file this call
    /// staged is already removed.
    ///
    /// Throws only for faults on osva's side, leaving the bundle to be tried again:
    /// `FileError` when the bundle cannot be looked at or a staging file cannot be written
    /// (a full disk), `ZipError` of kind `.io` when reading the bundle fails in the operating
    /// system, `HashingError` when libcrypto fails, and `DocumentProblem` with
    /// `isOsvaFault` when the staged manifest cannot be read back.
    public func read(path: String, into staging: String) throws -> BundleReading {
        lastUnpackedBytes = 0
        let size = try Self.fileSize(path)
        guard size <= limits.bundleBytes else {
            return .rejected(Rejection(
                .bundleTooLarge,
                "The bundle is \(size) bytes; the limit is \(limits.bundleBytes) bytes."))
        }
        let pass = ArchivePass(
            path: path, staging: staging, bundleBytes: size, limits: limits,
            manifests: manifests)
        defer { lastUnpackedBytes = pass.unpackedBytes }
        do {
            return .read(try pass.run())
        } catch let rejected as BundleRejected {
            pass.removeStaged()
            return .rejected(rejected.rejection)
        } catch {
            pass.removeStaged()
            throw error
        }
    }

    /// The size of the file at `path`, following no link; throws `FileError` (`.read`).
    private static func fileSize(_ path: String) throws(FileError) -> Int64 {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            throw FileError(.read, path: path, errno: errno)
        }
        return Int64(status.st_size)
    }
}

/// A rejection of the bundle as a whole, thrown inside one read and returned as a value.
struct BundleRejected: Error {
    /// What the receipt shows.
    let rejection: Rejection

    /// A rejection for `code` with `detail`, about the entry at 1-based `index` named
    /// `name` (escaped) when one entry caused it.
    init(_ code: ReasonCode, _ detail: String, index: Int? = nil, name: String? = nil) {
        rejection = Rejection(code, detail, entryIndex: index, entryName: name)
    }
}
