#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import Foundation

/// A bundle waiting in `Inbox/<sender>/`.
public struct WaitingBundle: Sendable, Hashable {
    /// The sender: the drop folder's name.
    public let sender: String
    /// The file name.
    public let file: String
    /// The full path.
    public let path: String
    /// The size in bytes when looked at.
    public let size: Int64
    /// The last modification time when looked at.
    public let modified: Date
}

/// A bundle osva has claimed: moved to `Claimed/<sender>/<claim>` by an atomic rename.
public struct ClaimedBundle: Sendable, Hashable {
    /// The sender.
    public let sender: String
    /// The claim name: `<UTC time>--<original file name>`, unique and stable.
    public let claim: String
    /// The full path in `Claimed/`.
    public let path: String

    /// The bundle's key in the database: `<sender>/<claim>`. Claim names are unique per
    /// sender only, so two senders' bundles of one name claimed in the same second still
    /// get distinct keys.
    public var key: String { sender + "/" + claim }

    /// The bundle's original file name.
    public var file: String {
        guard let range = claim.range(of: "--") else { return claim }
        return String(claim[range.upperBound...])
    }

    /// When it was claimed, read back from the claim name.
    public var claimedAt: Date {
        let stamp = claim.prefix { $0 != "-" || false }
        return Inbox.claimFormatter().date(from: String(stamp.prefix(16))) ?? Date()
    }
}

/// The inbox: finds complete bundles and claims them.
///
/// A bundle is complete when its name ends in `.zip` (any case), it is a regular file (never
/// a link, fifo or device), its name does not start with `.`, and it has not changed for
/// `settle` seconds: neither its size nor its modification time moved between two looks.
/// Upload leftovers (`.part`, `.filepart`, `.tmp`, hidden names) are never touched.
public struct Inbox: Sendable {
    /// The folder layout.
    public let layout: Layout
    /// How long a bundle must be unchanged before osva takes it.
    public let settle: TimeInterval

    /// An inbox in `layout`.
    public init(layout: Layout, settle: TimeInterval) {
        self.layout = layout
        self.settle = settle
    }

    /// Every complete bundle now waiting, and the files skipped as not yet complete.
    ///
    /// Senders are the folders directly under `Inbox/`; a folder whose name is not an OID is
    /// still listed, and the pipeline rejects its bundles (`sender-invalid`).
    public func waiting(now: Date = Date()) -> (ready: [WaitingBundle], young: [String]) {
        var ready: [WaitingBundle] = []
        var young: [String] = []
        for sender in Self.folders(in: layout.inbox) {
            let folder = layout.inbox + "/" + sender
            for name in Self.names(in: folder) where Self.isBundleName(name) {
                let path = folder + "/" + name
                guard let first = Self.regularFileStatus(path) else { continue }
                if now.timeIntervalSince(first.modified) < settle {
                    young.append(sender + "/" + name)
                    continue
                }
                ready.append(WaitingBundle(sender: sender, file: name, path: path,
                                           size: first.size, modified: first.modified))
            }
        }
        return (ready, young)
    }

    /// What osva leaves alone in the inbox and never follows: `*.zip` names that are not
    /// regular files (links, fifos, devices) and sender entries that are not plain folders,
    /// as `<sender>/<name>` or `<name>`, so that an operator can be told why they wait.
    public func skipped() -> [String] {
        var skipped: [String] = []
        for name in Self.names(in: layout.inbox) where !name.hasPrefix(".") {
            var info = stat()
            guard lstat(layout.inbox + "/" + name, &info) == 0 else { continue }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                skipped.append(name)
                continue
            }
            let folder = layout.inbox + "/" + name
            for file in Self.names(in: folder) where Self.isBundleName(file) {
                if Self.regularFileStatus(folder + "/" + file) == nil {
                    skipped.append(name + "/" + file)
                }
            }
        }
        return skipped
    }

    /// True for names osva treats as bundles: `*.zip` in any case, not hidden.
    public static func isBundleName(_ name: String) -> Bool {
        !name.hasPrefix(".") && name.lowercased().hasSuffix(".zip") && name.count > 4
    }

    /// Claims `bundle` by renaming it into `Claimed/<sender>/`; nil when it changed since it
    /// was listed (still uploading) or vanished.
    ///
    /// Throws `FileError` when the rename fails for another reason (a fault on osva's side).
    public func claim(_ bundle: WaitingBundle, at time: Date = Date()) throws(FileError)
        -> ClaimedBundle?
    {
        guard let now = Self.regularFileStatus(bundle.path), now.size == bundle.size,
              now.modified == bundle.modified
        else { return nil }
        let folder = layout.claimed + "/" + bundle.sender
        try DurableFile.makeFolder(folder)
        let file = Self.shortened(bundle.file)
        var claim = Self.claimFormatter().string(from: time) + "--" + file
        var suffix = 2
        // A claim name stays unique across claimed, archived and quarantined bundles, and so
        // does the receipt named after it (`x.zip` and `x.ZIP` share one), so a bundle resent
        // within the same second gets its own archive entry and receipt.
        let taken = [folder, layout.archive + "/" + bundle.sender,
                     layout.quarantine + "/" + bundle.sender]
        let outbox = layout.outbox + "/" + bundle.sender + "/"
        func isTaken(_ claim: String) -> Bool {
            taken.contains { FileManager.default.fileExists(atPath: "\($0)/\(claim)") }
                || FileManager.default.fileExists(atPath: outbox + Self.receiptStem(claim)
                                                      + ".receipt.xml")
        }
        while isTaken(claim) {
            claim = Self.claimFormatter().string(from: time) + "-\(suffix)--" + file
            suffix += 1
        }
        let target = folder + "/" + claim
        do {
            try DurableFile.move(bundle.path, to: target)
        } catch where error.code == ENOENT {
            return nil
        }
        return ClaimedBundle(sender: bundle.sender, claim: claim, path: target)
    }

    /// The longest original file name a claim keeps, in bytes: the claim, its receipt
    /// (`.receipt.html`) and its response (`.response.zip`) must fit a file name (255 bytes).
    static let fileNameBytes = 200

    /// `file` cut to `fileNameBytes` on a character boundary, keeping its `.zip` ending.
    static func shortened(_ file: String) -> String {
        guard file.utf8.count > fileNameBytes else { return file }
        var stem = String(file.dropLast(4))
        while stem.utf8.count > fileNameBytes - 5 { stem.removeLast() }
        return stem + "~" + String(file.suffix(4))
    }

    /// The receipt's stem for a claim: the claim without its `.zip`, in any case (as
    /// `Outbox.receiptName(forClaim:)` names receipts).
    static func receiptStem(_ claim: String) -> String {
        claim.lowercased().hasSuffix(".zip") ? String(claim.dropLast(4)) : claim
    }

    /// Bundles left in `Claimed/` by an interrupted run, oldest claim first.
    public func leftClaims() -> [ClaimedBundle] {
        Self.folders(in: layout.claimed).flatMap { sender in
            Self.names(in: layout.claimed + "/" + sender)
                .filter { !$0.hasPrefix(".") }
                .map { ClaimedBundle(sender: sender, claim: $0,
                                     path: layout.claimed + "/" + sender + "/" + $0) }
        }.sorted { $0.claim < $1.claim }
    }

    /// Moves a finished claim to `Archive/<sender>/` (or `Quarantine/` when `quarantine`).
    public func finish(_ bundle: ClaimedBundle, quarantine: Bool = false) throws(FileError) {
        let folder = (quarantine ? layout.quarantine : layout.archive) + "/" + bundle.sender
        try DurableFile.makeFolder(folder)
        try DurableFile.move(bundle.path, to: folder + "/" + bundle.claim)
    }

    /// The claim-name time format: `20261204T013000Z`.
    static func claimFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }

    /// Sub-folders of `path` (not following links), sorted.
    static func folders(in path: String) -> [String] {
        names(in: path).filter { name in
            var info = stat()
            return lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        }
    }

    static func names(in path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Size and modification time of a regular file, without following links.
    static func regularFileStatus(_ path: String) -> (size: Int64, modified: Date)? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return (Int64(info.st_size), Date(timeIntervalSince1970: seconds))
    }
}
