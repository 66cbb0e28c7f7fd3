import Foundation
import SQL
import Testing

@Suite struct ConnectionTests {
    @Test func openingCreatesTheFile() throws {
        let database = try TemporaryDatabase()
        #expect(!FileManager.default.fileExists(atPath: database.path))
        let connection = try database.open()
        #expect(FileManager.default.fileExists(atPath: database.path))
        #expect(connection.path == database.path)
        #expect(connection.isOpen)
    }

    @Test func connectionRunsWithWriteAheadLogFullSyncAndForeignKeys() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        #expect(try connection.query("PRAGMA journal_mode").first?.text(0) == "wal")
        #expect(try connection.query("PRAGMA synchronous").first?.integer(0) == 2)
        #expect(try connection.query("PRAGMA foreign_keys").first?.integer(0) == 1)
    }

    @Test func schemaScriptRunsEveryStatement() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute(
            """
            -- two tables and an index
            CREATE TABLE organisations (oid TEXT PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE documents (
                id TEXT PRIMARY KEY,
                organisation TEXT NOT NULL REFERENCES organisations (oid)
            );;
            CREATE INDEX documents_by_organisation ON documents (organisation);
            """)
        let names = try connection.query(
            "SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            .map { $0.text(0) }
        #expect(names == ["documents", "documents_by_organisation", "organisations"])
    }

    @Test func failingStatementInScriptIsNamedAndEarlierOnesStayDone() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        let error = #expect(throws: SQLError.self) {
            try connection.execute(
                """
                CREATE TABLE first (id INTEGER);
                INSERT INTO missing VALUES (1);
                CREATE TABLE third (id INTEGER);
                """)
        }
        #expect(error?.code == .error)
        #expect(error?.sql?.hasPrefix("INSERT INTO missing") == true)
        #expect(try connection.query("SELECT name FROM sqlite_schema").map { $0.text(0) }
                == ["first"])
    }

    @Test func userVersionStartsAtZeroAndIsKeptInTheFile() throws {
        let database = try TemporaryDatabase()
        let first = try database.open()
        #expect(try first.userVersion == 0)
        try first.setUserVersion(3)
        try first.close()

        let second = try database.open()
        #expect(try second.userVersion == 3)
    }

    @Test func userVersionOutsideThirtyTwoBitsIsARangeError() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        let error = #expect(throws: SQLError.self) {
            try connection.setUserVersion(Int(Int32.max) + 1)
        }
        #expect(error?.code == .range)
        #expect(try connection.userVersion == 0)
    }

    @Test func readOnlyConnectionReadsButCannotWrite() throws {
        let database = try TemporaryDatabase()
        let writer = try database.open()
        try writer.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);")

        let reader = try database.open(readOnly: true)
        #expect(reader.isReadOnly)
        #expect(try reader.query("SELECT x FROM t").first?.integer(0) == 1)
        let error = #expect(throws: SQLError.self) {
            try reader.run("INSERT INTO t VALUES (2)")
        }
        #expect(error?.code == .readOnly)
    }

    @Test func readOnlyOpeningOfAMissingFileFails() throws {
        let database = try TemporaryDatabase()
        let error = #expect(throws: SQLError.self) {
            _ = try database.open(readOnly: true)
        }
        #expect(error?.code == .cannotOpen)
        #expect(error?.path == database.path)
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }

    @Test func openingInAMissingFolderFails() throws {
        let database = try TemporaryDatabase()
        let error = #expect(throws: SQLError.self) {
            _ = try Connection(path: database.sibling("no/such/folder/db.sqlite"))
        }
        #expect(error?.code == .cannotOpen)
    }

    @Test func fileThatIsNotADatabaseIsRefused() throws {
        let database = try TemporaryDatabase()
        let garbage = Data(repeating: 0x5A, count: 4096)
        try garbage.write(to: URL(fileURLWithPath: database.path))
        let error = #expect(throws: SQLError.self) {
            _ = try database.open()
        }
        #expect(error?.code == .notADatabase)
    }

    @Test func closedConnectionRefusesWork() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.close()
        try connection.close()
        #expect(!connection.isOpen)
        let error = #expect(throws: SQLError.self) {
            try connection.execute("CREATE TABLE t (x)")
        }
        #expect(error?.code == .misuse)
    }

    @Test func connectionWithALiveStatementDoesNotClose() throws {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        var statement: Statement? = try connection.prepare("SELECT 1")
        withExtendedLifetime(statement) {
            let error = #expect(throws: SQLError.self) { try connection.close() }
            #expect(error?.code == .misuse)
        }
        #expect(connection.isOpen)
        #expect(try statement?.step() == true)
        statement = nil
        try connection.close()
        #expect(!connection.isOpen)
    }
}
