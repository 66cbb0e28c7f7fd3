import Domain

/// What reading a bundle gave: its manifest and every listed file, unpacked to staging.
public struct BundleContents: Sendable, Hashable {
    /// The validated manifest.
    public var manifest: Manifest
    /// The listed files in manifest order, each verified against its SHA-256.
    public var entries: [StagedEntry]
    /// Names of junk entries that were skipped (escaped for display).
    public var ignored: [String]

    /// Creates the contents.
    public init(manifest: Manifest, entries: [StagedEntry], ignored: [String]) {
        self.manifest = manifest
        self.entries = entries
        self.ignored = ignored
    }
}

/// One listed file, unpacked to a staging file whose name osva chose (never the entry's).
public struct StagedEntry: Sendable, Hashable {
    /// The entry's position in the archive, from 1.
    public var index: Int
    /// The manifest's line for it.
    public var listed: Manifest.Entry
    /// The staging file's path.
    public var stagedPath: String
    /// Its size in bytes, as counted while unpacking.
    public var size: Int64

    /// Creates a staged entry.
    public init(index: Int, listed: Manifest.Entry, stagedPath: String, size: Int64) {
        self.index = index
        self.listed = listed
        self.stagedPath = stagedPath
        self.size = size
    }
}

/// The outcome of reading one bundle: its contents, or the rejection of the whole bundle.
public enum BundleReading: Sendable, Hashable {
    /// The bundle was read; its documents can be decided one by one.
    case read(BundleContents)
    /// The bundle is rejected as a whole.
    case rejected(Rejection)
}

/// Limits for one bundle, counted while streaming, never trusted from headers.
/// Defaults are documented in `docs/limits.md`; `osva run` options override them.
public struct BundleLimits: Sendable, Hashable {
    /// Largest bundle file accepted.
    public var bundleBytes: Int64 = 512 << 20
    /// Most entries in one bundle (junk included).
    public var entries: Int = 10_000
    /// Most bytes all entries may unpack to together.
    public var unpackedBytes: Int64 = 2 << 30
    /// Largest single entry (one document).
    public var entryBytes: Int64 = 64 << 20
    /// Highest compression ratio accepted: bytes unpacked so far against the bundle file's
    /// size, checked once more than 1 MiB was unpacked (the zip reader gives no
    /// compressed size per entry).
    public var ratio: Int64 = 200
    /// Deepest element nesting accepted in an XML document.
    public var xmlDepth: Int = 256

    /// The default limits.
    public init() {}
}
