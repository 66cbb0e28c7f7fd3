import CSQLite

/// A prepared statement (`sqlite3_stmt`), finalised in deinit. Not Sendable.
public final class Statement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// The statement's SQL text.
    public let sql: String

    init(connection: OpaquePointer, sql: String) throws(SQLError) {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            if let statement { sqlite3_finalize(statement) }
            throw SQLResult.error(code == SQLITE_OK ? SQLITE_MISUSE : code, connection, sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to the parameters `?1`, `?2`, … (`sqlite3_bind_*`).
    public func bind(_ values: [SQLValue]) throws(SQLError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 = switch value {
            case .null: sqlite3_bind_null(handle, index)
            case .integer(let number): sqlite3_bind_int64(handle, index, number)
            case .real(let number): sqlite3_bind_double(handle, index, number)
            case .text(let text):
                sqlite3_bind_text(handle, index, text, -1, osva_sqlite_transient())
            case .blob(let bytes):
                bytes.withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count),
                                      osva_sqlite_transient())
                }
            }
            try SQLResult.check(code, connection, sql: sql)
        }
    }

    /// Steps once (`sqlite3_step`); true when a row is available.
    public func step() throws(SQLError) -> Bool {
        let code = sqlite3_step(handle)
        try SQLResult.check(code, connection, sql: sql)
        return code == SQLITE_ROW
    }

    /// Resets the statement and clears its bindings, for running it again.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The current row's values (`sqlite3_column_*`).
    public func row() -> Row {
        let count = sqlite3_column_count(handle)
        var values: [SQLValue] = []
        var names: [String] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count {
            names.append(sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "")
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(handle, column)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, column)))
            case SQLITE_TEXT:
                let text = sqlite3_column_text(handle, column).map { String(cString: $0) } ?? ""
                values.append(.text(text))
            case SQLITE_BLOB:
                let size = Int(sqlite3_column_bytes(handle, column))
                let bytes = sqlite3_column_blob(handle, column).map {
                    Array(UnsafeRawBufferPointer(start: $0, count: size))
                } ?? []
                values.append(.blob(bytes))
            default: values.append(.null)
            }
        }
        return Row(values: values, columns: names)
    }
}
