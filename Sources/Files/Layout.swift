/// The folders of one osva installation, all under one root folder.
///
/// ```
/// Inbox/<sender>/x.zip        dropped by senders
/// Claimed/<sender>/<claim>    being processed (moved here by an atomic rename)
/// Archive/<sender>/<claim>    processed; a receipt exists
/// Quarantine/<sender>/<claim> set aside after repeated faults; `osva retry` puts it back
/// Outbox/<sender>/…           receipts and reports
/// state/osva.sqlite           grant database and register index
/// state/store/                content-addressed document store
/// state/staging/              entries of the bundle being read
/// state/osva.lock             held by the running job
/// ```
public struct Layout: Sendable, Hashable {
    /// The root folder.
    public let root: String

    /// The layout under `root`.
    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    public var inbox: String { root + "/Inbox" }
    public var claimed: String { root + "/Claimed" }
    public var archive: String { root + "/Archive" }
    public var quarantine: String { root + "/Quarantine" }
    public var outbox: String { root + "/Outbox" }
    public var state: String { root + "/state" }
    public var database: String { state + "/osva.sqlite" }
    public var store: String { state + "/store" }
    public var staging: String { state + "/staging" }
    public var lock: String { state + "/osva.lock" }

    /// Every folder osva creates when missing.
    public var folders: [String] {
        [inbox, claimed, archive, quarantine, outbox, state, store, staging]
    }
}
