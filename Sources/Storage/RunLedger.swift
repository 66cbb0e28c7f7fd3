import Foundation
import SQL

/// What one run of the nightly job did, as recorded for operators.
public struct RunRecord: Sendable, Hashable {
    /// The run's number, given when it is recorded.
    public var id: Int64?
    public var started: Date
    public var ended: Date
    /// Bundles answered with a receipt.
    public var bundles: Int
    /// Items accepted, already stored and rejected, over all bundles.
    public var accepted: Int
    public var alreadyStored: Int
    public var rejected: Int
    /// Bundles rejected as a whole.
    public var bundlesRejected: Int
    /// Bundles left for the next run by a fault on osva's side.
    public var leftForNextRun: Int
    /// Bundles moved to quarantine.
    public var quarantined: Int
    /// The run's exit code.
    public var exitCode: Int

    /// Creates a record.
    public init(id: Int64? = nil, started: Date, ended: Date, bundles: Int, accepted: Int,
                alreadyStored: Int, rejected: Int, bundlesRejected: Int, leftForNextRun: Int,
                quarantined: Int, exitCode: Int) {
        self.id = id
        self.started = started
        self.ended = ended
        self.bundles = bundles
        self.accepted = accepted
        self.alreadyStored = alreadyStored
        self.rejected = rejected
        self.bundlesRejected = bundlesRejected
        self.leftForNextRun = leftForNextRun
        self.quarantined = quarantined
        self.exitCode = exitCode
    }

    /// The run's length in seconds.
    public var seconds: Double { ended.timeIntervalSince(started) }
}

/// The record of every run (`osva runs`).
public final class RunLedger {
    private let connection: Connection

    /// The run ledger inside `database`.
    public init(_ database: Database) {
        connection = database.connection
    }

    /// Records `run` and returns its number.
    @discardableResult
    public func record(_ run: RunRecord) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO runs (started_at, ended_at, bundles, accepted, already_stored, rejected,
                bundles_rejected, left_for_next, quarantined, exit_code)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(Database.text(run.started)), .text(Database.text(run.ended)),
             .integer(Int64(run.bundles)), .integer(Int64(run.accepted)),
             .integer(Int64(run.alreadyStored)), .integer(Int64(run.rejected)),
             .integer(Int64(run.bundlesRejected)), .integer(Int64(run.leftForNextRun)),
             .integer(Int64(run.quarantined)), .integer(Int64(run.exitCode))])
        return try connection.query("SELECT last_insert_rowid()").first?.integer(0) ?? 0
    }

    /// The newest `limit` runs, newest first.
    public func runs(limit: Int = 30) throws -> [RunRecord] {
        try connection.query(
            """
            SELECT id, started_at, ended_at, bundles, accepted, already_stored, rejected,
                bundles_rejected, left_for_next, quarantined, exit_code
            FROM runs ORDER BY id DESC LIMIT ?
            """, [.integer(Int64(limit))]
        ).map { row in
            RunRecord(
                id: row.integer(0),
                started: Database.date(row.text(1)) ?? .distantPast,
                ended: Database.date(row.text(2)) ?? .distantPast,
                bundles: Int(row.integer(3)), accepted: Int(row.integer(4)),
                alreadyStored: Int(row.integer(5)), rejected: Int(row.integer(6)),
                bundlesRejected: Int(row.integer(7)),
                leftForNextRun: Int(row.integer(8)), quarantined: Int(row.integer(9)),
                exitCode: Int(row.integer(10)))
        }
    }
}
