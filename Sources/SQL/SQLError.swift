import CSQLite

/// A failed SQLite call: its result codes, SQLite's message, the statement and the database.
///
/// Thrown by every throwing member of ``Connection`` and ``Statement``. Values are bound to
/// statements, never written into their text, so `sql` and ``description`` carry no patient
/// data. Codes osva branches on have names in ``Code``; the `is…` properties group them the
/// way the pipeline needs them.
public struct SQLError: Error, Sendable, CustomStringConvertible {
    /// A primary SQLite result code (the low 8 bits of an extended one).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The numeric code, as SQLite defines it.
        public let rawValue: Int32

        /// Wraps a numeric code; an extended code is reduced to its primary code.
        public init(rawValue: Int32) {
            self.rawValue = rawValue & 0xFF
        }

        /// A generic error, also a syntax error or a missing table (`SQLITE_ERROR`).
        public static let error = Code(rawValue: SQLITE_ERROR)
        /// Another connection holds a lock past the busy timeout (`SQLITE_BUSY`).
        public static let busy = Code(rawValue: SQLITE_BUSY)
        /// A conflict inside this connection's own shared cache (`SQLITE_LOCKED`).
        public static let locked = Code(rawValue: SQLITE_LOCKED)
        /// A write on a read-only connection or file (`SQLITE_READONLY`).
        public static let readOnly = Code(rawValue: SQLITE_READONLY)
        /// A read or write of the file failed (`SQLITE_IOERR`).
        public static let ioError = Code(rawValue: SQLITE_IOERR)
        /// The file's contents are damaged (`SQLITE_CORRUPT`).
        public static let corrupt = Code(rawValue: SQLITE_CORRUPT)
        /// The disk or quota is full (`SQLITE_FULL`).
        public static let full = Code(rawValue: SQLITE_FULL)
        /// The file could not be opened or created (`SQLITE_CANTOPEN`).
        public static let cannotOpen = Code(rawValue: SQLITE_CANTOPEN)
        /// A unique, not-null, check or foreign-key constraint failed (`SQLITE_CONSTRAINT`).
        public static let constraint = Code(rawValue: SQLITE_CONSTRAINT)
        /// The file is not an SQLite database (`SQLITE_NOTADB`).
        public static let notADatabase = Code(rawValue: SQLITE_NOTADB)
        /// The API was used in a way it does not allow (`SQLITE_MISUSE`); osva's own bug.
        public static let misuse = Code(rawValue: SQLITE_MISUSE)
        /// A parameter index or name, or a value, is out of range (`SQLITE_RANGE`).
        public static let range = Code(rawValue: SQLITE_RANGE)
        /// A string or blob is larger than SQLite allows (`SQLITE_TOOBIG`).
        public static let tooBig = Code(rawValue: SQLITE_TOOBIG)
        /// SQLite could not allocate memory (`SQLITE_NOMEM`).
        public static let noMemory = Code(rawValue: SQLITE_NOMEM)

        /// SQLite's English name for the code, such as `database is locked`.
        public var description: String {
            sqlite3_errstr(rawValue).map { String(cString: $0) } ?? "code \(rawValue)"
        }
    }

    /// The primary result code.
    public let code: Code
    /// The extended result code, which also tells, for example, which kind of constraint or
    /// which I/O step failed; equal to the primary code when SQLite gave no detail.
    public let extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`) or osva's own for a misuse caught before SQLite.
    public let message: String
    /// The statement that failed, or `nil` when the failure was not about a statement.
    public let sql: String?
    /// The database file, or `nil` when not known.
    public let path: String?

    /// Creates an error; `extendedCode` defaults to the primary code.
    public init(code: Code, extendedCode: Int32? = nil, message: String, sql: String? = nil,
                path: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code.rawValue
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// True when another connection held a lock too long (`SQLITE_BUSY`, `SQLITE_LOCKED`).
    ///
    /// The database is fine and the statement may well succeed later: a fault on osva's side
    /// to retry on the next run, never a reason to reject what a sender sent.
    public var isBusy: Bool { code == .busy || code == .locked }

    /// True when a unique, not-null, check or foreign-key constraint failed.
    public var isConstraint: Bool { code == .constraint }

    /// True when the disk or quota is full (`SQLITE_FULL`).
    public var isFull: Bool { code == .full }

    /// True when reading or writing the database file failed (`SQLITE_IOERR`).
    public var isIOError: Bool { code == .ioError }

    /// One line: the code's name and numbers, the message, the statement and the file.
    ///
    /// Whitespace in the statement is collapsed and a long statement is shortened.
    public var description: String {
        var text = "SQLite \(code) (code \(code.rawValue), extended \(extendedCode)): \(message)"
        if let sql {
            text += "; in `\(Self.shortened(sql))`"
        }
        if let path {
            text += "; database \(path)"
        }
        return text
    }

    /// The statement on one line, at most `limit` characters.
    private static func shortened(_ sql: String, limit: Int = 160) -> String {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        return line.count <= limit ? line : line.prefix(limit - 1) + "…"
    }
}
