import CSQLite

/// One prepared SQL statement (`sqlite3_stmt`), made by ``Connection/prepare(_:)``.
///
/// Binds with `sqlite3_bind_*`, runs with `sqlite3_step`, reads with `sqlite3_column_*` and
/// is finalised (`sqlite3_finalize`) in deinit, its only owner. It keeps its connection
/// alive, so the connection cannot be closed under it. Not Sendable: it belongs to the
/// connection's thread. Parameter indexes start at 1 (as `?1` does in SQL), column indexes
/// at 0; a column index past the last column is a bug and traps.
public final class Statement {
    /// The connection the statement was prepared on.
    public let connection: Connection
    /// The statement's SQL text.
    public let sql: String
    private let handle: OpaquePointer
    private var names: [String]?

    /// Takes ownership of `handle`, prepared on `connection` from `sql`.
    init(handle: OpaquePointer, connection: Connection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        // The result repeats the last step's error, which step() has already thrown.
        sqlite3_finalize(handle)
    }

    /// The number of parameters: the largest `?NNN` index, counting named ones.
    public var parameterCount: Int {
        Int(sqlite3_bind_parameter_count(handle))
    }

    /// The number of columns each row has.
    public var columnCount: Int {
        Int(sqlite3_column_count(handle))
    }

    /// The column names, in column order (`sqlite3_column_name`).
    public var columnNames: [String] {
        if let names {
            return names
        }
        let read = (0..<Int32(columnCount)).map { column in
            sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
        }
        names = read
        return read
    }

    // MARK: Binding

    /// Binds `values` to parameters 1, 2, …; throws with code `.range` unless there is
    /// exactly one value per parameter. Call ``reset()`` first to run the statement again.
    public func bind(_ values: [SQLValue]) throws(SQLError) {
        guard values.count == parameterCount else {
            throw SQLError(code: .range,
                           message: "\(values.count) values for \(parameterCount) parameters",
                           sql: sql, path: connection.path)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Binds `value` to parameter `index` (from 1); text and bytes are copied by SQLite.
    public func bind(_ value: SQLValue, at index: Int) throws(SQLError) {
        guard let position = Int32(exactly: index) else {
            throw SQLError(code: .range, message: "parameter \(index) out of range",
                           sql: sql, path: connection.path)
        }
        try check(bindResult(value, at: position), success: [SQLITE_OK])
    }

    /// Binds `value` to the parameter called `name`, prefix included (`:id`, `@id`, `$id`).
    public func bind(_ value: SQLValue, named name: String) throws(SQLError) {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else {
            throw SQLError(code: .range, message: "no parameter named \(name)",
                           sql: sql, path: connection.path)
        }
        try check(bindResult(value, at: index), success: [SQLITE_OK])
    }

    /// Sets every parameter back to NULL (`sqlite3_clear_bindings`).
    public func clearBindings() {
        // Always SQLITE_OK: it only overwrites this statement's bindings.
        sqlite3_clear_bindings(handle)
    }

    private func bindResult(_ value: SQLValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let number):
            return sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            return sqlite3_bind_double(handle, index, number)
        case .text(var text):
            // The explicit length keeps NUL characters; a null pointer would bind NULL,
            // so empty text gets a pointer of its own.
            return text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, !bytes.isEmpty else {
                    return sqlite3_bind_text(handle, index, "", 0, osva_sqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text64(handle, index, $0, UInt64(bytes.count),
                                        osva_sqlite_transient(), UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            guard !bytes.isEmpty else {
                // A null pointer would bind NULL; this binds an empty blob.
                return sqlite3_bind_zeroblob(handle, index, 0)
            }
            return bytes.withUnsafeBytes {
                sqlite3_bind_blob64(handle, index, $0.baseAddress, UInt64($0.count),
                                    osva_sqlite_transient())
            }
        }
    }

    // MARK: Running

    /// Runs the statement to its next row (`sqlite3_step`): true when a row is available,
    /// false when the statement is done.
    ///
    /// Throws ``SQLError``; `isBusy` when another connection held its lock past the busy
    /// timeout, `isConstraint` when a constraint failed. Stepping again after `false`
    /// starts the statement over.
    public func step() throws(SQLError) -> Bool {
        try check(sqlite3_step(handle), success: [SQLITE_ROW, SQLITE_DONE]) == SQLITE_ROW
    }

    /// Rewinds the statement so it can run again; the bindings stay (`sqlite3_reset`).
    public func reset() {
        // The result repeats the last step's error, which step() has already thrown.
        sqlite3_reset(handle)
    }

    // MARK: Reading the current row

    /// True when column `index` of the current row is NULL.
    public func isNull(at index: Int) -> Bool {
        sqlite3_column_type(handle, column(index)) == SQLITE_NULL
    }

    /// Column `index` as an integer, converted by SQLite (`sqlite3_column_int64`).
    public func int64(at index: Int) -> Int64 {
        sqlite3_column_int64(handle, column(index))
    }

    /// Column `index` as a floating-point number (`sqlite3_column_double`).
    public func double(at index: Int) -> Double {
        sqlite3_column_double(handle, column(index))
    }

    /// Column `index` as text (`sqlite3_column_text`); NULL reads as empty text.
    ///
    /// Reads the column's full length, NUL characters included; bytes that are not UTF-8
    /// are replaced with U+FFFD.
    public func string(at index: Int) -> String {
        let position = column(index)
        guard let text = sqlite3_column_text(handle, position) else {
            return ""
        }
        let count = Int(sqlite3_column_bytes(handle, position))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Column `index` as text, or nil when it is NULL.
    public func optionalString(at index: Int) -> String? {
        isNull(at: index) ? nil : string(at: index)
    }

    /// Column `index` as bytes (`sqlite3_column_blob`); NULL and an empty blob read as `[]`.
    public func blob(at index: Int) -> [UInt8] {
        let position = column(index)
        guard let bytes = sqlite3_column_blob(handle, position) else {
            return []
        }
        let count = Int(sqlite3_column_bytes(handle, position))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Column `index` in its own storage class (`sqlite3_column_type`).
    public func value(at index: Int) -> SQLValue {
        switch sqlite3_column_type(handle, column(index)) {
        case SQLITE_INTEGER: .integer(int64(at: index))
        case SQLITE_FLOAT: .real(double(at: index))
        case SQLITE_TEXT: .text(string(at: index))
        case SQLITE_BLOB: .blob(blob(at: index))
        default: .null
        }
    }

    /// The current row, copied out of the statement.
    public func row() -> Row {
        Row(columns: columnNames, values: (0..<columnCount).map(value(at:)))
    }

    private func column(_ index: Int) -> Int32 {
        precondition(index >= 0 && index < columnCount, "column \(index) out of range")
        return Int32(index)
    }

    @discardableResult
    private func check(_ result: Int32, success: [Int32]) throws(SQLError) -> Int32 {
        try SQLiteResult.check(result, success: success, connection: sqlite3_db_handle(handle),
                               sql: sql, path: connection.path)
    }
}

@available(*, unavailable, message: "a statement belongs to its connection's thread")
extension Statement: Sendable {}
