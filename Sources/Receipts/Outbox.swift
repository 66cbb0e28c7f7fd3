import Domain
import Files
import Foundation

/// The outbox: one folder per sender under `Outbox/`, where receipts appear atomically.
public struct Outbox: Sendable {
    /// The `Outbox/` folder.
    public let root: String

    /// An outbox at `root`.
    public init(root: String) {
        self.root = root
    }

    /// The receipt's file name for a claimed bundle: its claim name with `.receipt.xml`.
    ///
    /// The claim name is unique and stable across restarts, so a re-run after a crash writes
    /// the same receipt again instead of a second one.
    public static func receiptName(forClaim claimName: String) -> String {
        let stem = claimName.lowercased().hasSuffix(".zip")
            ? String(claimName.dropLast(4)) : claimName
        return stem + ".receipt.xml"
    }

    /// Writes the receipt for `result` durably to `Outbox/<sender>/<name>` and returns its path.
    ///
    /// Written to a temporary name, synced and renamed: a receipt that exists is complete and
    /// on disk. Throws `FileError` when the outbox cannot be written (a fault on osva's side).
    ///
    /// A readable HTML rendering is written beside it first (`.receipt.html`), so that when
    /// the XML receipt exists, its rendering does too.
    @discardableResult
    public func write(_ result: BundleResult, name: String) throws(FileError) -> String {
        let folder = root + "/" + result.sender
        for part in [result.sender, name] where !Self.isPlainName(part) {
            throw FileError(.write, path: folder + "/" + name, errno: EINVAL)
        }
        try DurableFile.makeFolder(folder)
        let path = folder + "/" + name
        if name.hasSuffix(".xml") {
            try DurableFile.write(Array(ReceiptHTML.render(result).utf8),
                                  to: String(path.dropLast(4)) + ".html")
        }
        try DurableFile.write(Array(ReceiptXML.render(result).utf8), to: path)
        return path
    }

    /// True for a name that stays inside its folder: not empty, `.` or `..`, without `/` or
    /// NUL.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/")
            && !name.contains("\0")
    }
}
