import CSQLite

/// One open SQLite database file (`sqlite3`), opened with `sqlite3_open_v2`.
///
/// The connection owns its handle and closes it in deinit (`sqlite3_close_v2`) or earlier
/// with ``close()``. Statements keep their connection alive. Opened without SQLite's own
/// mutex (`SQLITE_OPEN_NOMUTEX`), so it is not Sendable: one owner uses it from one thread.
///
/// Every connection runs with foreign keys on, write-ahead logging and `synchronous=FULL`,
/// so a committed transaction is on disk when `COMMIT` returns. A statement that finds the
/// database locked by another connection waits up to the busy timeout, then throws an
/// ``SQLError`` whose `isBusy` is true.
public final class Connection {
    /// The database file as given to ``init(path:busyTimeout:readOnly:)``.
    public let path: String
    /// True when opened read-only.
    public let isReadOnly: Bool
    private var handle: OpaquePointer?

    /// Opens the database at `path`, creating it unless `readOnly`, and sets it up.
    ///
    /// `busyTimeout` is how many seconds a statement waits for another connection's lock
    /// (`sqlite3_busy_timeout`). The path is a plain file name, never a URI. Throws
    /// ``SQLError``: `.cannotOpen` when the file cannot be opened or created,
    /// `.notADatabase` when it is not an SQLite file, `isBusy` when set-up waited too long.
    public init(path: String, busyTimeout: Double = 10, readOnly: Bool = false)
        throws(SQLError)
    {
        self.path = path
        self.isReadOnly = readOnly
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var opened: OpaquePointer?
        let result = sqlite3_open_v2(path, &opened, access | SQLITE_OPEN_NOMUTEX, nil)
        guard let opened else {
            throw SQLError(code: .noMemory, message: "SQLite could not allocate a connection",
                           path: path)
        }
        handle = opened
        do {
            try SQLiteResult.check(result, success: [SQLITE_OK], connection: opened, path: path)
            try configure(busyTimeout: busyTimeout)
        } catch {
            // A failed open still allocates a handle, and this one is not handed out.
            sqlite3_close_v2(opened)
            handle = nil
            throw error
        }
    }

    private func configure(busyTimeout: Double) throws(SQLError) {
        let handle = try liveHandle()
        try check(sqlite3_extended_result_codes(handle, 1), success: [SQLITE_OK])
        let milliseconds = busyTimeout.isNaN ? 0 : min(max(busyTimeout * 1000, 0), 2e9)
        try check(sqlite3_busy_timeout(handle, Int32(milliseconds.rounded())),
                  success: [SQLITE_OK])
        try execute("PRAGMA foreign_keys = ON")
        if !isReadOnly {
            // Changing the journal mode writes the file, which a read-only connection cannot.
            try execute("PRAGMA journal_mode = WAL")
        }
        try execute("PRAGMA synchronous = FULL")
    }

    deinit {
        // Statements keep the connection alive, so none is left and closing cannot fail
        // for that reason; there is no caller left to report anything else to.
        if let handle {
            sqlite3_close_v2(handle)
        }
    }

    /// Closes the connection now (`sqlite3_close_v2`); closing twice does nothing.
    ///
    /// Throws ``SQLError`` with code `.misuse`, leaving the connection open, while one of its
    /// statements is still alive. Any later use throws `.misuse`.
    public func close() throws(SQLError) {
        guard let handle else {
            return
        }
        guard sqlite3_next_stmt(handle, nil) == nil else {
            throw SQLError(code: .misuse, message: "a statement is still alive", path: path)
        }
        try check(sqlite3_close_v2(handle), success: [SQLITE_OK])
        self.handle = nil
    }

    /// True while ``close()`` has not been called.
    public var isOpen: Bool {
        handle != nil
    }

    // MARK: Statements

    /// Runs every statement in `sql` in order, for schema scripts and pragmas.
    ///
    /// Takes no values: anything a sender sent goes through `run(_:_:)` or `query(_:_:)`.
    /// Statements before a failing one stay done unless a transaction surrounds them.
    /// Throws ``SQLError`` whose `sql` is the failing statement (or the rest of the script
    /// when it does not parse).
    public func execute(_ sql: String) throws(SQLError) {
        let handle = try liveHandle()
        let text = try cString(sql)
        var offset = 0
        while offset < text.count - 1 {
            let (result, prepared, next) = prepareNext(text, from: offset, on: handle)
            try check(result, success: [SQLITE_OK], sql: Self.string(text, from: offset))
            if let prepared {
                let statement = Statement(
                    handle: prepared, connection: self,
                    sql: sqlite3_sql(prepared).map { String(cString: $0) } ?? "")
                while try statement.step() {}
            }
            guard next > offset else {
                break
            }
            offset = next
        }
    }

    /// Prepares exactly one statement (`sqlite3_prepare_v2`).
    ///
    /// Throws ``SQLError`` carrying `sql`: SQLite's code when the text does not compile
    /// (`.error` for bad syntax or an unknown table), `.misuse` when it holds no statement
    /// or more than one.
    public func prepare(_ sql: String) throws(SQLError) -> Statement {
        let handle = try liveHandle()
        let text = try cString(sql)
        let (result, prepared, next) = prepareNext(text, from: 0, on: handle)
        try check(result, success: [SQLITE_OK], sql: sql)
        guard let prepared else {
            throw SQLError(code: .misuse, message: "no statement", sql: sql, path: path)
        }
        let statement = Statement(handle: prepared, connection: self, sql: sql)
        // Only whitespace, comments and semicolons may follow.
        var offset = next
        while offset < text.count - 1 {
            let (result, extra, after) = prepareNext(text, from: offset, on: handle)
            try check(result, success: [SQLITE_OK], sql: sql)
            if let extra {
                sqlite3_finalize(extra)
                throw SQLError(code: .misuse, message: "more than one statement", sql: sql,
                               path: path)
            }
            guard after > offset else {
                break
            }
            offset = after
        }
        return statement
    }

    /// Runs one statement with `values` bound to `?1`, `?2`, … to its end and returns how
    /// many rows it inserted, changed or deleted (`sqlite3_changes64`, so a statement that
    /// changes nothing, such as a `SELECT`, reports the previous change's count).
    ///
    /// Throws ``SQLError``: `isConstraint`, `isBusy`, `.range` for a wrong number of values.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue]) throws(SQLError) -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes64(try liveHandle()))
    }

    /// Runs one statement with `values` bound, as the form taking an array does.
    @discardableResult
    public func run(_ sql: String, _ values: SQLValue...) throws(SQLError) -> Int {
        try run(sql, values)
    }

    /// Runs one query with `values` bound and returns every row.
    public func query(_ sql: String, _ values: [SQLValue]) throws(SQLError) -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() {
            rows.append(statement.row())
        }
        return rows
    }

    /// Runs one query with `values` bound, as the form taking an array does.
    public func query(_ sql: String, _ values: SQLValue...) throws(SQLError) -> [Row] {
        try query(sql, values)
    }

    /// Runs one query with `values` bound and hands each row to `body` as it is read, so
    /// that a large result is never held whole. An error `body` throws ends the query and
    /// is rethrown unchanged.
    public func forEachRow(_ sql: String, _ values: [SQLValue] = [],
                           _ body: (Row) throws -> Void) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {
            try body(statement.row())
        }
    }

    // MARK: State

    /// The rowid of the last row inserted on this connection (`sqlite3_last_insert_rowid`);
    /// 0 before any insert or after ``close()``.
    public var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// True while a transaction is open (`sqlite3_get_autocommit` is 0).
    public var isInTransaction: Bool {
        handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    // MARK: Helpers

    /// The handle, or `.misuse` after ``close()``.
    func liveHandle() throws(SQLError) -> OpaquePointer {
        guard let handle else {
            throw SQLError(code: .misuse, message: "the connection is closed", path: path)
        }
        return handle
    }

    /// Checks `result` of a call on this connection with the one checker.
    @discardableResult
    func check(_ result: Int32, success: [Int32], sql: @autoclosure () -> String? = nil)
        throws(SQLError) -> Int32
    {
        try SQLiteResult.check(result, success: success, connection: handle, sql: sql(),
                               path: path)
    }

    /// `sql` as NUL-terminated UTF-8; a NUL inside it would silently cut it short, so it is
    /// refused with `.misuse`.
    private func cString(_ sql: String) throws(SQLError) -> [CChar] {
        guard !sql.utf8.contains(0) else {
            throw SQLError(code: .misuse, message: "SQL text contains a NUL character",
                           sql: sql, path: path)
        }
        return sql.utf8CString.map { $0 }
    }

    /// Prepares the first statement in `text` from byte `offset`. Returns SQLite's result,
    /// the statement (nil when only whitespace or comments follow) and the offset after it.
    private func prepareNext(_ text: [CChar], from offset: Int, on handle: OpaquePointer)
        -> (result: Int32, statement: OpaquePointer?, next: Int)
    {
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return (SQLITE_MISUSE, nil, offset)
            }
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            // The text is NUL-terminated (checked in cString), so -1 reads up to the end.
            let result = sqlite3_prepare_v2(handle, base + offset, -1, &statement, &tail)
            let next = tail.map { $0 - base } ?? buffer.count - 1
            return (result, statement, next)
        }
    }

    /// The text from `offset` to the end, trimmed, for an error about it.
    private static func string(_ text: [CChar], from offset: Int) -> String {
        let bytes = text[offset..<(text.count - 1)].map { UInt8(bitPattern: $0) }
        let rest = String(decoding: bytes, as: UTF8.self)
        return rest.trimmingPrefix(while: \.isWhitespace).description
    }
}

@available(*, unavailable, message: "a connection belongs to one thread (SQLITE_OPEN_NOMUTEX)")
extension Connection: Sendable {}
