import Domain
import Foundation
import SQL

/// osva's database: the grant database, the register index and the bundle ledger, in one
/// SQLite file so that one transaction can record a bundle's documents and its "done" row.
///
/// Not Sendable: one run owns it. A busy database past `busyTimeout` throws an `SQLError`
/// with `isBusy`, which the pipeline treats as a fault on osva's side.
public final class Database {
    /// The open connection.
    let connection: Connection

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    public init(path: String, busyTimeout: Double = 30) throws {
        connection = try Connection(path: path, busyTimeout: busyTimeout)
        try migrate()
    }

    /// Runs `body` in one immediate transaction: all of it is committed, or none.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(.immediate, body)
    }

    private func migrate() throws {
        let current = try connection.userVersion
        guard current < Schema.migrations.count else { return }
        try connection.transaction(.immediate) {
            for (index, script) in Schema.migrations.enumerated() where index >= current {
                try connection.execute(script)
            }
            try connection.setUserVersion(Schema.migrations.count)
        }
    }

    /// A timestamp as stored in the database: ISO 8601 in UTC.
    static func text(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func date(_ text: String?) -> Date? {
        text.flatMap { ISO8601DateFormatter().date(from: $0) }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
