import SQL
import Testing

@Suite struct TransactionTests {
    /// An error of the caller's own, thrown from a transaction's body.
    struct Refusal: Error, Equatable {
        let reason: String
    }

    /// A database whose documents refer to bundles through a deferred foreign key.
    func ledger() throws -> (TemporaryDatabase, Connection) {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute(
            """
            CREATE TABLE bundles (claim TEXT PRIMARY KEY);
            CREATE TABLE documents (
                id TEXT PRIMARY KEY,
                claim TEXT NOT NULL REFERENCES bundles (claim) DEFERRABLE INITIALLY DEFERRED
            );
            """)
        return (database, connection)
    }

    /// The number of rows in `table`.
    func count(_ table: String, _ connection: Connection) throws -> Int64 {
        try connection.query("SELECT count(*) FROM \(table)").first?.integer(0) ?? -1
    }

    @Test func committedTransactionIsSeenByAnotherConnection() throws {
        let (database, connection) = try ledger()
        let stored = try connection.transaction(.immediate) {
            try connection.run("INSERT INTO documents VALUES ('d1', 'c1')")
            try connection.run("INSERT INTO bundles VALUES ('c1')")
            return "c1"
        }
        #expect(stored == "c1")
        #expect(!connection.isInTransaction)
        let other = try database.open()
        #expect(try count("documents", other) == 1)
        #expect(try count("bundles", other) == 1)
    }

    @Test func throwingBodyRollsBackAndItsErrorComesOutUnchanged() throws {
        let (_, connection) = try ledger()
        let error = #expect(throws: Refusal.self) {
            try connection.transaction {
                try connection.run("INSERT INTO bundles VALUES ('c1')")
                #expect(connection.isInTransaction)
                throw Refusal(reason: "no authorisation")
            }
        }
        #expect(error == Refusal(reason: "no authorisation"))
        #expect(!connection.isInTransaction)
        #expect(try count("bundles", connection) == 0)
    }

    @Test func constraintErrorInsideTheBodyUndoesEarlierWrites() throws {
        let (_, connection) = try ledger()
        let error = #expect(throws: SQLError.self) {
            try connection.transaction(.deferred) {
                try connection.run("INSERT INTO bundles VALUES ('c1')")
                try connection.run("INSERT INTO bundles VALUES ('c1')")
            }
        }
        #expect(error?.isConstraint == true)
        #expect(try count("bundles", connection) == 0)
    }

    @Test func deferredForeignKeyFailingAtCommitRollsBack() throws {
        let (_, connection) = try ledger()
        let error = #expect(throws: SQLError.self) {
            try connection.transaction(.exclusive) {
                try connection.run("INSERT INTO documents VALUES ('d1', 'unknown claim')")
            }
        }
        #expect(error?.isConstraint == true)
        #expect(error?.sql?.contains("COMMIT") == true)
        #expect(!connection.isInTransaction)
        #expect(try count("documents", connection) == 0)
    }

    @Test func transactionsDoNotNest() throws {
        let (_, connection) = try ledger()
        let error = #expect(throws: SQLError.self) {
            try connection.transaction {
                try connection.run("INSERT INTO bundles VALUES ('c1')")
                try connection.transaction {
                    try connection.run("INSERT INTO bundles VALUES ('c2')")
                }
            }
        }
        #expect(error?.code == .error)
        #expect(!connection.isInTransaction)
        #expect(try count("bundles", connection) == 0)
    }

    @Test func migrationAndItsVersionCommitTogether() throws {
        let (database, connection) = try ledger()
        #expect(throws: Refusal.self) {
            try connection.transaction {
                try connection.execute("CREATE TABLE extra (x INTEGER)")
                try connection.setUserVersion(2)
                throw Refusal(reason: "stop")
            }
        }
        let other = try database.open()
        #expect(try other.userVersion == 0)
        #expect(try other.query("SELECT 1 FROM sqlite_schema WHERE name = 'extra'").isEmpty)
    }
}
