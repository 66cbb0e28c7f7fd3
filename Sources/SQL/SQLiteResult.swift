import CSQLite

/// The one place that turns an SQLite result code into success or a thrown ``SQLError``.
enum SQLiteResult {
    /// Returns `result` when its primary code is one of `success`; otherwise throws an
    /// ``SQLError`` with SQLite's message for `connection` (`sqlite3_errmsg`).
    ///
    /// Call it straight after the C call, before anything else touches the connection, so
    /// that the message belongs to `result`. `sql` is evaluated only on failure.
    @discardableResult
    static func check(
        _ result: Int32, success: [Int32], connection: OpaquePointer?,
        sql: @autoclosure () -> String? = nil, path: String?
    ) throws(SQLError) -> Int32 {
        let primary = result & 0xFF
        guard !success.contains(primary) else {
            return result
        }
        throw SQLError(code: SQLError.Code(rawValue: result), extendedCode: result,
                       message: message(for: result, connection: connection),
                       sql: sql(), path: path)
    }

    /// SQLite's message for the connection's last call, or the code's name without one.
    static func message(for result: Int32, connection: OpaquePointer?) -> String {
        if let connection, let text = sqlite3_errmsg(connection) {
            return String(cString: text)
        }
        return sqlite3_errstr(result).map { String(cString: $0) } ?? "code \(result)"
    }
}
