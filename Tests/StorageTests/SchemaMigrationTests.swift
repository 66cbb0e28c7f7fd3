import Domain
import Foundation
import SQL
@testable import Storage
import Testing

/// `Database`: a new file gets every migration and its version; opening again changes nothing.
@Suite struct SchemaMigrationTests {
    /// The tables the grant database, register index, bundle ledger, restrictions and
    /// disclosure log live in.
    static let tables = ["attempts", "authorisation_versions", "bundles",
                         "controlled_registers", "disclosure_log", "documents",
                         "imaging_users", "restrictions", "runs", "studies", "study_documents",
                         "study_instances"]

    func tables(_ connection: Connection) throws -> [String] {
        try connection.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).map { $0.text(0) }
    }

    @Test func aNewFileGetsEveryTableAndTheLatestVersion() throws {
        let test = try TestDatabase()
        let connection = try test.inspect()
        #expect(try tables(connection) == Self.tables)
        #expect(try connection.userVersion == Schema.migrations.count)
        #expect(Schema.migrations.count >= 1)
    }

    @Test func anEmptyExistingFileIsMigrated() throws {
        let scratch = try Scratch()
        let path = scratch.file("osva.sqlite")
        try #require(FileManager.default.createFile(atPath: path, contents: Data()))
        _ = try Database(path: path)
        let connection = try Connection(path: path)
        #expect(try tables(connection) == Self.tables)
        #expect(try connection.userVersion == Schema.migrations.count)
    }

    @Test func reopeningKeepsTheVersionAndTheRows() throws {
        let test = try TestDatabase()
        let entry = ControlledRegister(
            organiser: OID("1.2.246.10.99999984.10.0")!,
            controller: OID("1.2.246.10.99999984.19.0")!, type: "4")
        try GrantStore(test.database).addRegister(entry)
        try test.recordBundle("t--x.zip")

        for _ in 0..<3 {
            let again = try Database(path: test.path)
            #expect(try GrantStore(again).registers() == [entry])
            #expect(try BundleLedger(again).result(claim: "t--x.zip") != nil)
        }
        let connection = try test.inspect()
        #expect(try connection.userVersion == Schema.migrations.count)
        #expect(try tables(connection) == Self.tables)
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let scratch = try Scratch()
        let path = try scratch.write(Array(String(repeating: "not sqlite ", count: 100).utf8),
                                     to: "osva.sqlite")
        #expect(throws: SQLError.self) { _ = try Database(path: path) }
    }
}
