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
    @discardableResult
    public func write(_ result: BundleResult, name: String) throws(FileError) -> String {
        let folder = root + "/" + result.sender
        try DurableFile.makeFolder(folder)
        let path = folder + "/" + name
        try DurableFile.write(Array(ReceiptXML.render(result).utf8), to: path)
        return path
    }
}
