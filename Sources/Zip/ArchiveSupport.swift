import CArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libarchive's return codes, named; the one place that reads them.
///
/// `ok` is the only success of a set-up or write call. While reading, `eof` ends the entry
/// list, and `warn` means libarchive went on after finding something wrong.
enum ArchiveStatus: Equatable {
    /// `ARCHIVE_OK`: the call did what was asked.
    case ok
    /// `ARCHIVE_EOF`: no more entries, or no more data in the entry.
    case eof
    /// `ARCHIVE_RETRY`: a transient failure; the reader treats it like `failed`.
    case retry
    /// `ARCHIVE_WARN`: done, but something was wrong (a header mismatch, a bad CRC).
    case warn
    /// `ARCHIVE_FAILED`: this entry cannot be handled; later ones may be.
    case failed
    /// `ARCHIVE_FATAL`: the handle is unusable from now on.
    case fatal

    /// Names a code returned by a libarchive function; unknown codes count as fatal.
    init(_ code: Int32) {
        switch code {
        case ARCHIVE_OK: self = .ok
        case ARCHIVE_EOF: self = .eof
        case ARCHIVE_RETRY: self = .retry
        case ARCHIVE_WARN: self = .warn
        case ARCHIVE_FAILED: self = .failed
        default: self = .fatal
        }
    }

    /// libarchive's last message on `archive`, or a stand-in when it left none.
    static func message(of archive: OpaquePointer) -> String {
        guard let text = archive_error_string(archive) else {
            return "libarchive gave no reason"
        }
        return String(cString: text)
    }

    /// Whether libarchive's last failure on `archive` came from the operating system
    /// (an errno such as EIO or EACCES) rather than from the archive's contents.
    ///
    /// libarchive's public header leaves its own codes undefined; on Linux its sources use
    /// EILSEQ for a bad file format, EINVAL for misuse and -1 for anything else.
    static func isSystemFailure(of archive: OpaquePointer) -> Bool {
        let code = archive_errno(archive)
        return code > 0 && code != EILSEQ && code != EINVAL
    }
}

/// libarchive's `AE_IF…` file types, whose cast-based macros do not import into Swift;
/// the values are the traditional Unix octal ones that libarchive fixes on every platform.
enum ArchiveFileType {
    /// `AE_IFREG`.
    static let regular = mode_t(0o100000)
    /// `AE_IFDIR`.
    static let directory = mode_t(0o040000)
    /// `AE_IFLNK`.
    static let symlink = mode_t(0o120000)
}

/// Runs libarchive calls with a UTF-8 character type on the calling thread only.
///
/// libarchive converts names flagged UTF-8 into the current locale's charset; in the C
/// locale of a cron job (`env -i`) that conversion fails and the entry comes back with no
/// name at all. `uselocale` swaps the locale for this thread for the duration of `body`
/// and restores it afterwards, leaving the process locale (`setlocale`) alone. Names
/// without the UTF-8 flag are never converted, so their bytes stay as stored.
enum UTF8CharacterType {
    /// `C.UTF-8` (built into glibc since 2.35) or, failing that, `en_US.UTF-8`; created once
    /// and never freed, so sharing the handle between threads is safe.
    nonisolated(unsafe) private static let locale: locale_t? = {
        for name in ["C.UTF-8", "en_US.UTF-8"] {
            if let locale = newlocale(LC_CTYPE_MASK, name, nil) {
                return locale
            }
        }
        return nil
    }()

    /// Whether a UTF-8 locale was found; without one, UTF-8 names may fail to convert and
    /// the reader reports such entries as corrupt instead of crashing.
    static var isAvailable: Bool {
        locale != nil
    }

    /// Runs `body` with the UTF-8 character type in force on this thread.
    static func run<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard let locale, let previous = uselocale(locale) else {
            return try body()
        }
        defer { uselocale(previous) }
        return try body()
    }
}
