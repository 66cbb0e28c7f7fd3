import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

    /// A timestamp as stored in the database: ISO 8601 in UTC, whole seconds
    /// (`2026-12-04T01:30:00Z`), so that text order is time order.
    ///
    /// Formatted by hand: a Foundation date formatter is costly to make and not safe to share
    /// between threads.
    static func text(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900,
                      Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
                      Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The instant of a timestamp written by `text(_:)`; nil for any other text.
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
              bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16),
              let second = number(17..<19)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
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
