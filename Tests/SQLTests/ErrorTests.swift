import SQL
import Testing

@Suite struct ErrorTests {
    /// A test patient id (individual number 900–999).
    static let patient = "010190-901R"

    /// A database with a `people` table whose `register` refers to `registers`.
    func people() throws -> (TemporaryDatabase, Connection) {
        let database = try TemporaryDatabase()
        let connection = try database.open()
        try connection.execute(
            """
            CREATE TABLE registers (oid TEXT PRIMARY KEY);
            CREATE TABLE people (
                hetu TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                register TEXT REFERENCES registers (oid)
            );
            """)
        return (database, connection)
    }

    @Test func duplicateKeyIsAConstraintErrorWithItsExtendedCode() throws {
        let (_, connection) = try people()
        try connection.run("INSERT INTO people (hetu, name) VALUES (?, ?)", .text(Self.patient),
                           "Testi")
        let error = #expect(throws: SQLError.self) {
            try connection.run("INSERT INTO people (hetu, name) VALUES (?, ?)",
                               .text(Self.patient), "Toinen")
        }
        #expect(error?.isConstraint == true)
        #expect(error?.code == .constraint)
        #expect(error?.isBusy == false)
        // Extended codes are on: a primary-key failure is told apart from other constraints.
        #expect(error.map { $0.extendedCode & 0xFF } == SQLError.Code.constraint.rawValue)
        #expect(error.map { $0.extendedCode != $0.code.rawValue } == true)
    }

    @Test func missingRequiredValueIsAConstraintError() throws {
        let (_, connection) = try people()
        let error = #expect(throws: SQLError.self) {
            try connection.run("INSERT INTO people (hetu, name) VALUES (?, ?)",
                               .text(Self.patient), nil)
        }
        #expect(error?.isConstraint == true)
    }

    @Test func unknownForeignKeyIsAConstraintError() throws {
        let (_, connection) = try people()
        let error = #expect(throws: SQLError.self) {
            try connection.run("INSERT INTO people VALUES (?, ?, ?)",
                               .text(Self.patient), "Testi", "1.2.246.10.999")
        }
        #expect(error?.isConstraint == true)
    }

    @Test func errorDescriptionNamesTheStatementButNotTheValues() throws {
        let (database, connection) = try people()
        let sql = "INSERT INTO people (hetu, name) VALUES (?, ?)"
        try connection.run(sql, .text(Self.patient), "Virtanen")
        let error = try #require(#expect(throws: SQLError.self) {
            try connection.run(sql, .text(Self.patient), "Virtanen")
        })
        #expect(error.sql == sql)
        #expect(error.path == database.path)
        #expect(error.description.contains(sql))
        #expect(!error.description.contains(Self.patient))
        #expect(!error.description.contains("Virtanen"))
    }

    @Test func badSQLGivesAnErrorCarryingTheSQL() throws {
        let (_, connection) = try people()
        let sql = "SELEC name FROM people"
        let error = #expect(throws: SQLError.self) { _ = try connection.prepare(sql) }
        #expect(error?.code == .error)
        #expect(error?.sql == sql)
    }

    @Test func unknownTableGivesAnErrorCarryingTheSQL() throws {
        let (_, connection) = try people()
        let sql = "SELECT * FROM nobody WHERE hetu = ?"
        let error = #expect(throws: SQLError.self) {
            _ = try connection.query(sql, .text(Self.patient))
        }
        #expect(error?.code == .error)
        #expect(error?.sql == sql)
    }

    @Test func prepareTakesExactlyOneStatement() throws {
        let (_, connection) = try people()
        let two = "SELECT 1; SELECT 2"
        let error = #expect(throws: SQLError.self) { _ = try connection.prepare(two) }
        #expect(error?.code == .misuse)
        #expect(error?.sql == two)

        let none = #expect(throws: SQLError.self) { _ = try connection.prepare(" -- nothing ") }
        #expect(none?.code == .misuse)

        let statement = try connection.prepare("SELECT 1; -- a trailing comment\n ;")
        #expect(try statement.step())
    }

    @Test func nulCharacterInSQLIsRefused() throws {
        let (_, connection) = try people()
        let error = #expect(throws: SQLError.self) {
            try connection.execute("DELETE FROM people;\u{0} DROP TABLE people")
        }
        #expect(error?.code == .misuse)
        #expect(try connection.query("SELECT count(*) FROM people").first?.integer(0) == 0)
    }

    @Test func wrongNumberOfValuesIsARangeError() throws {
        let (_, connection) = try people()
        let tooFew = #expect(throws: SQLError.self) {
            try connection.run("INSERT INTO people (hetu, name) VALUES (?, ?)",
                               .text(Self.patient))
        }
        #expect(tooFew?.code == .range)
        let tooMany = #expect(throws: SQLError.self) {
            _ = try connection.query("SELECT * FROM people", 1)
        }
        #expect(tooMany?.code == .range)
    }

    @Test func unknownParameterNameIsARangeError() throws {
        let (_, connection) = try people()
        let statement = try connection.prepare("SELECT * FROM people WHERE hetu = :hetu")
        let error = #expect(throws: SQLError.self) {
            try statement.bind(.text(Self.patient), named: ":henkilo")
        }
        #expect(error?.code == .range)
    }

    @Test func codesGroupTheWayThePipelineNeeds() {
        #expect(SQLError(code: .busy, message: "").isBusy)
        #expect(SQLError(code: .locked, message: "").isBusy)
        #expect(SQLError(code: .full, message: "").isFull)
        #expect(SQLError(code: .ioError, message: "").isIOError)
        #expect(!SQLError(code: .constraint, message: "").isBusy)
        // An extended code is reduced to its primary code.
        #expect(SQLError.Code(rawValue: SQLError.Code.busy.rawValue | 0x200) == .busy)
    }
}
