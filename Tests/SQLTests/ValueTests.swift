import SQL
import Testing

@Suite struct ValueTests {
    static let values: [SQLValue] = [
        .null, .integer(0), .integer(.min), .integer(.max), .integer(-1),
        .real(0.1), .real(-1.5e300), .real(0),
        .text(""), .text("Äänekoski, Jyväskylä, Öljymäki"), .text("NUL\u{0}inside"),
        .text("lippu 🇫🇮"),
        .blob([]), .blob([0, 1, 0, 0xFF, 0]), .blob([0]),
    ]

    @Test func everyValueTypeReadsBackAsWritten() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        // No declared type, so no affinity changes a value's storage class.
        try connection.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, value)")
        for value in Self.values {
            try connection.run("INSERT INTO v (value) VALUES (?)", value)
        }
        let read = try connection.query("SELECT value FROM v ORDER BY id").map { $0[0] }
        #expect(read == Self.values)
    }

    @Test func statementAccessorsReadFinnishTextAndZeroBytes() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute("CREATE TABLE t (name TEXT, data BLOB, note TEXT)")
        try connection.run("INSERT INTO t VALUES (?, ?, ?)",
                           "Hämäläinen-Öberg", .blob([0, 0, 7, 0]), nil)

        let statement = try connection.prepare("SELECT name, data, note, length(data) FROM t")
        #expect(try statement.step())
        #expect(statement.string(at: 0) == "Hämäläinen-Öberg")
        #expect(statement.blob(at: 1) == [0, 0, 7, 0])
        #expect(statement.isNull(at: 2))
        #expect(statement.optionalString(at: 2) == nil)
        #expect(statement.optionalString(at: 0) == "Hämäläinen-Öberg")
        #expect(statement.int64(at: 3) == 4)
        #expect(statement.columnNames == ["name", "data", "note", "length(data)"])
        #expect(try !statement.step())
    }

    @Test func literalsMakeTheMatchingValues() {
        let values: [SQLValue] = [nil, 7, 2.5, true, false, "ä"]
        #expect(values == [.null, .integer(7), .real(2.5), .integer(1), .integer(0), .text("ä")])
        #expect(SQLValue.text("x").text == "x")
        #expect(SQLValue.integer(1).text == nil)
        #expect(SQLValue.null.isNull)
    }

    @Test func rowReadsByNameAndConvertsLikeALooseColumn() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        let row = try #require(try connection.query(
            "SELECT 42 AS answer, ' 17 ' AS spelled, NULL AS absent, 2.9 AS real, 'abc' AS word"
        ).first)
        #expect(row.columns == ["answer", "spelled", "absent", "real", "word"])
        #expect(row["answer"] == .integer(42))
        #expect(row["missing"] == nil)
        #expect(row.text(0) == "42")
        #expect(row.integer(1) == 17)
        #expect(row.text(2) == "")
        #expect(row.optionalText(2) == nil)
        #expect(row.optionalInteger(2) == nil)
        #expect(row.integer(3) == 2)
        #expect(row.real(0) == 42)
        #expect(row.integer(4) == 0)
        #expect(row.blob(4) == Array("abc".utf8))
    }

    @Test func namedParametersBindByName() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute("CREATE TABLE t (name TEXT, size INTEGER)")
        let insert = try connection.prepare("INSERT INTO t VALUES (:name, :size)")
        try insert.bind(.integer(12), named: ":size")
        try insert.bind("Äänekoski", named: ":name")
        #expect(try !insert.step())

        let row = try #require(try connection.query("SELECT name, size FROM t").first)
        #expect(row["name"] == .text("Äänekoski"))
        #expect(row["size"] == .integer(12))
    }

    @Test func preparedStatementRunsAgainAfterReset() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        let insert = try connection.prepare("INSERT INTO t (name) VALUES (?)")
        var ids: [Int64] = []
        for name in ["Oulu", "Espoo", "Pori"] {
            insert.reset()
            try insert.bind([.text(name)])
            #expect(try !insert.step())
            ids.append(connection.lastInsertRowID)
        }
        #expect(ids == [1, 2, 3])
        #expect(try connection.query("SELECT name FROM t ORDER BY id").map { $0.text(0) }
                == ["Oulu", "Espoo", "Pori"])
    }

    @Test func runReturnsTheNumberOfChangedRows() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute(
            "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);")
        #expect(try connection.run("UPDATE t SET x = x + 10 WHERE x < ?", 3) == 2)
        #expect(try connection.run("DELETE FROM t WHERE x > ?", [.integer(100)]) == 0)
    }

    @Test func forEachRowStreamsInOrderAndStopsOnTheBodysError() throws {
        struct Enough: Error {}
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute(
            "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (3), (1), (2);")
        var seen: [Int64] = []
        try connection.forEachRow("SELECT x FROM t ORDER BY x") { seen.append($0.integer(0)) }
        #expect(seen == [1, 2, 3])

        seen = []
        #expect(throws: Enough.self) {
            try connection.forEachRow("SELECT x FROM t WHERE x > ? ORDER BY x", [0]) { row in
                seen.append(row.integer(0))
                if seen.count == 2 { throw Enough() }
            }
        }
        #expect(seen == [1, 2])
    }
}
