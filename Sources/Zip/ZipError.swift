/// A failure while reading or writing a zip file: the kind, a message and the subject.
///
/// The subject is the archive's path and, when the failure belongs to one entry, that
/// entry's index (0-based, in the reader's order) and escaped name. ``description`` never
/// prints entry contents.
public struct ZipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that branch on the cause.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The file is not a zip archive (a text, tar or gzip file, or empty).
        case notZip
        /// The file starts as a zip but its end (the central directory) is missing.
        case truncated
        /// The archive's structure or an entry's headers contradict themselves.
        case corrupt
        /// An entry's data does not match the CRC-32 recorded for it.
        case crc
        /// An entry is encrypted (ZipCrypto or AES); no passphrase is ever asked for.
        case encrypted
        /// An entry produced more bytes than the caller allowed.
        case entryTooLarge
        /// The file could not be opened, read or written.
        case io
        /// The input uses something this reader does not handle (a compression method,
        /// a file that is not a regular file).
        case unsupported
    }

    /// What went wrong.
    public let kind: Kind
    /// A sentence for the operator; may quote libarchive, never entry contents.
    public let message: String
    /// The zip file being read or written.
    public let archivePath: String
    /// The 0-based index of the entry concerned, if the failure belongs to one entry.
    public let entryIndex: Int?
    /// The concerned entry's name, escaped as in ``ZipEntry/escapedName``.
    public let entryName: String?

    /// Creates an error about `archivePath`, optionally about one entry of it.
    public init(
        _ kind: Kind, _ message: String, archivePath: String,
        entryIndex: Int? = nil, entryName: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.archivePath = archivePath
        self.entryIndex = entryIndex
        self.entryName = entryName
    }

    /// `zip <kind>: <message> (archive <path>, entry <index> "<name>")`, one line.
    public var description: String {
        var subject = "archive \(archivePath)"
        if let entryIndex {
            subject += ", entry \(entryIndex)"
        }
        if let entryName {
            subject += " \"\(entryName)\""
        }
        return "zip \(kind.rawValue): \(message) (\(subject))"
    }
}
