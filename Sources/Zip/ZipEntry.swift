/// One entry of a zip archive as the reader found it, before any of its data is read.
///
/// A pure value: the name is kept both as the stored bytes and decoded (see ``name``), so
/// the intake layer can judge the raw bytes (`../`, absolute paths, backslashes) while logs
/// and receipts show an escaped form.
public struct ZipEntry: Sendable, Hashable {
    /// What an entry stands for, from the file type the archive records for it.
    public enum Kind: String, Sendable, Hashable {
        /// A regular file with data.
        case regular
        /// A folder (a name ending in `/` or a directory file type).
        case directory
        /// A symbolic link; its target is in ``ZipEntry/symlinkTarget``.
        case symlink
        /// A hard link to another entry; its target is in ``ZipEntry/hardlinkTarget``.
        /// Zip has no hard links and libarchive's zip reader reports none; the case is kept
        /// so that a link libarchive does report is never taken for a file.
        case hardlink
        /// Anything else a Unix zip can record: a device or a socket. (libarchive 3.6 reads
        /// a fifo's mode as a regular file.)
        case other
    }

    /// The 0-based position of the entry in the order the reader returns entries
    /// (the order of the entries' data in the file).
    public let index: Int
    /// The name as libarchive gives it, never cleaned up by this module: the header bytes,
    /// with two changes libarchive makes: a name holding `\` but no `/` (as old Windows
    /// tools write them) has its `\` turned into `/`, and the UTF-8 name of an Info-ZIP
    /// Unicode path field replaces the header bytes when present. `../`, absolute paths
    /// and a `\` beside a `/` come through as stored.
    public let rawName: [UInt8]
    /// What the entry stands for.
    public let kind: Kind
    /// The uncompressed size the central directory declares for a regular file; `nil` for
    /// other kinds. Only a claim: never allocate from it; the reader counts real bytes
    /// while streaming and reports a mismatch as ``ZipError/Kind/corrupt``.
    public let declaredSize: Int64?
    /// Whether the entry's data is encrypted (ZipCrypto or AES). Reading such an entry's
    /// data throws ``ZipError/Kind/encrypted``.
    public let isEncrypted: Bool
    /// The link target of a symlink entry, decoded like ``name``.
    public let symlinkTarget: String?
    /// The link target of a hard link entry, decoded like ``name``.
    public let hardlinkTarget: String?

    /// Creates an entry; the reader is the usual source, tests may build their own.
    public init(
        index: Int, rawName: [UInt8], kind: Kind, declaredSize: Int64?,
        isEncrypted: Bool, symlinkTarget: String? = nil, hardlinkTarget: String? = nil
    ) {
        self.index = index
        self.rawName = rawName
        self.kind = kind
        self.declaredSize = declaredSize
        self.isEncrypted = isEncrypted
        self.symlinkTarget = symlinkTarget
        self.hardlinkTarget = hardlinkTarget
    }

    /// The name decoded by the rule of ``EntryName/decode(_:)``: UTF-8 when the bytes are
    /// valid UTF-8, otherwise code page 437 (the zip default when the UTF-8 flag is off).
    public var name: String {
        EntryName.decode(rawName)
    }

    /// The raw name with every byte outside printable ASCII shown as `\xHH` and a
    /// backslash shown as `\\`; safe in logs and receipts, and unambiguous.
    public var escapedName: String {
        EntryName.escape(rawName)
    }
}
