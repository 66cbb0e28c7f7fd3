import CSQLite

extension Connection {
    /// How a transaction takes its locks (`BEGIN DEFERRED`, `IMMEDIATE` or `EXCLUSIVE`).
    public enum TransactionKind: String, Sendable {
        /// Locks on first read or write. A deferred transaction that reads and then writes
        /// may fail with `isBusy` at once, without waiting, so writers use `.immediate`.
        case deferred = "DEFERRED"
        /// Takes the write lock at the start, waiting up to the busy timeout for it.
        case immediate = "IMMEDIATE"
        /// Like `.immediate`; in write-ahead-log mode SQLite treats them the same.
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in one transaction: all of it is committed when it returns, none of it
    /// when it throws.
    ///
    /// An error thrown by `body` is rethrown unchanged after `ROLLBACK`. `BEGIN` and
    /// `COMMIT` throw ``SQLError``: `isBusy` when the lock could not be had in time,
    /// `isConstraint` when a deferred foreign key is violated at commit; a failed commit is
    /// rolled back as well. Transactions do not nest: calling this inside `body` throws.
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .immediate,
                               _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let value: T
        do {
            value = try body()
            try execute("COMMIT TRANSACTION")
        } catch {
            rollBack()
            throw error
        }
        return value
    }

    /// Rolls back the open transaction, if SQLite has not already done so.
    private func rollBack() {
        // Some errors (a full disk, an I/O error) make SQLite roll back by itself; then
        // there is nothing left to roll back.
        guard isInTransaction else {
            return
        }
        // A failed ROLLBACK leaves the transaction open and the next BEGIN reports that;
        // the error the caller gets is the one that caused the rollback.
        try? execute("ROLLBACK TRANSACTION")
    }

    /// The schema version stored in the file (`PRAGMA user_version`); 0 for a new file.
    public var userVersion: Int {
        get throws(SQLError) {
            Int(try query("PRAGMA user_version").first?.integer(0) ?? 0)
        }
    }

    /// Stores `version` as the schema version (`PRAGMA user_version`); it must fit in 32
    /// bits, otherwise throws ``SQLError`` with code `.range`. Part of the surrounding
    /// transaction, so a migration and its version commit together.
    public func setUserVersion(_ version: Int) throws(SQLError) {
        guard let checked = Int32(exactly: version) else {
            throw SQLError(code: .range, message: "user version \(version) is out of range",
                           path: path)
        }
        try execute("PRAGMA user_version = \(checked)")
    }
}
