import CSQLite

/// An open SQLite database (`sqlite3`), closed in deinit. Not Sendable: one owner at a time.
///
/// Opened with foreign keys on, write-ahead logging and `synchronous=FULL`, so a committed
/// transaction is on disk. A write that finds the database locked waits up to `busyTimeout`
/// seconds, then throws an `SQLError` whose `isBusy` is true.
public final class Connection {
    private var handle: OpaquePointer?

    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED", immediate = "IMMEDIATE", exclusive = "EXCLUSIVE"
    }

    /// Opens (creating when missing, unless `readOnly`) the database at `path`
    /// (`sqlite3_open_v2`).
    public init(path: String, busyTimeout: Double = 10, readOnly: Bool = false)
        throws(SQLError)
    {
        var connection: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = SQLResult.error(code, connection, sql: nil)
            sqlite3_close_v2(connection)
            throw error
        }
        handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(max(0, busyTimeout) * 1000))
        try execute("PRAGMA foreign_keys = ON")
        if !readOnly {
            try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
        }
    }

    deinit { try? close() }

    /// Closes the database (`sqlite3_close_v2`); later calls do nothing.
    public func close() throws(SQLError) {
        guard let handle else { return }
        let code = sqlite3_close_v2(handle)
        self.handle = nil
        try SQLResult.check(code, nil)
    }

    private func open() throws(SQLError) -> OpaquePointer {
        guard let handle else {
            throw SQLError(code: SQLITE_MISUSE, extendedCode: SQLITE_MISUSE,
                           message: "the connection is closed", sql: nil)
        }
        return handle
    }

    /// Runs one or more statements without parameters (`sqlite3_exec`).
    public func execute(_ sql: String) throws(SQLError) {
        let connection = try open()
        try SQLResult.check(sqlite3_exec(connection, sql, nil, nil, nil), connection, sql: sql)
    }

    /// Prepares one statement.
    public func prepare(_ sql: String) throws(SQLError) -> Statement {
        try Statement(connection: try open(), sql: sql)
    }

    /// Runs one statement with `values` bound, to its end; returns the rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue] = []) throws(SQLError) -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(try open()))
    }

    /// Runs one query with `values` bound and returns all its rows.
    public func query(_ sql: String, _ values: [SQLValue] = []) throws(SQLError) -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql, values) { rows.append($0) }
        return rows
    }

    /// Runs one query and hands each row to `body` as it is stepped.
    public func forEachRow(_ sql: String, _ values: [SQLValue] = [],
                           _ body: (Row) throws(SQLError) -> Void) throws(SQLError) {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() { try body(statement.row()) }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws
    /// (the body's error is rethrown unchanged).
    public func transaction<T>(_ kind: TransactionKind = .immediate,
                               _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue)")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The rowid of the last inserted row.
    public var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// `PRAGMA user_version`, used for schema migrations.
    public var userVersion: Int {
        get throws(SQLError) {
            Int(try query("PRAGMA user_version").first?.integer(0) ?? 0)
        }
    }

    /// Sets `PRAGMA user_version`.
    public func setUserVersion(_ version: Int) throws(SQLError) {
        try execute("PRAGMA user_version = \(version)")
    }
}
