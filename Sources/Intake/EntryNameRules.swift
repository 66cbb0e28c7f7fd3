import Foundation
import Zip

/// The rules osva applies to an entry's name before anything of the entry is written.
///
/// Pure functions over the name libarchive reports (``ZipEntry/rawName``) and its decoded
/// form (``ZipEntry/name``); the process locale is never consulted. The rules are listed in
/// `docs/bundle-format.md`.
enum EntryNameRules {
    /// Why a name is unsafe, as a sentence for the sender; `nil` when it is safe.
    ///
    /// A name is unsafe when it is absolute (`/…`, or a drive letter such as `C:`), holds a
    /// `\`, a NUL or another control character, or has an empty, `.` or `..` part. A folder's
    /// single trailing `/` is not an empty part.
    static func unsafeReason(_ entry: ZipEntry) -> String? {
        var bytes = entry.rawName
        if bytes.isEmpty {
            return "The name is empty."
        }
        if bytes.first == UInt8(ascii: "/") {
            return "The name is absolute (starts with '/')."
        }
        if bytes.count >= 2, isASCIILetter(bytes[0]), bytes[1] == UInt8(ascii: ":") {
            return "The name starts with a drive letter."
        }
        if bytes.contains(UInt8(ascii: "\\")) {
            return "The name contains a backslash."
        }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return "The name contains a NUL or control character."
        }
        // Controls can also hide in decoded text (C1 controls in UTF-8, such as U+0085).
        if entry.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            return "The name contains a control character."
        }
        if entry.kind == .directory, bytes.last == UInt8(ascii: "/") {
            bytes.removeLast()
        }
        let parts = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if parts.contains(where: { $0.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) }) {
            return "The name has a '..' part."
        }
        if parts.contains(where: { $0.elementsEqual([UInt8(ascii: ".")]) }) {
            return "The name has a '.' part."
        }
        if parts.contains(where: \.isEmpty) {
            return "The name has an empty part ('//' or a trailing '/')."
        }
        return nil
    }

    /// Whether a (safe) name is desktop-archiver junk: anything under `__MACOSX/`, a file
    /// named `.DS_Store`, `Thumbs.db` or `desktop.ini` (any case), or an AppleDouble file
    /// whose name starts with `._`.
    static func isJunk(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 1, parts.first == "__MACOSX" {
            return true
        }
        guard let base = parts.last else {
            return false
        }
        if base.hasPrefix("._") {
            return true
        }
        return junkNames.contains(base.lowercased())
    }

    /// The key two names share when they differ only in case or Unicode normalisation.
    ///
    /// Full case folding is approximated by upper-casing then lower-casing (which folds
    /// `ß` with `SS` and final `ς` with `σ`), around a canonical decomposition and a final
    /// NFC composition. It may join a few names that strict case folding keeps apart (the
    /// dotless `ı` with `i`); joining more rejects more, never less.
    static func foldedKey(_ name: String) -> String {
        name.decomposedStringWithCanonicalMapping.uppercased().lowercased()
            .precomposedStringWithCanonicalMapping
    }

    /// Base names of junk files, lower-cased.
    private static let junkNames: Set<String> = [".ds_store", "thumbs.db", "desktop.ini"]

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }
}
