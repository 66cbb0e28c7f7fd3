import Domain
import Foundation
import SQL

/// The record of every bundle osva finished: its result, from which its receipt is written.
///
/// The row is committed in the same transaction as the bundle's documents, so after a crash a
/// claimed bundle with a row only needs its receipt and archiving; one without is read again.
public final class BundleLedger {
    private let connection: Connection

    /// The ledger inside `database`.
    public init(_ database: Database) {
        connection = database.connection
    }

    /// Records that the bundle claimed as `claim` is done with `result`.
    public func record(claim: String, _ result: BundleResult) throws {
        try connection.run(
            """
            INSERT INTO bundles (claim, sender, file, bundle_id, sha256, acknowledgement,
                received_at, processed_at, result_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(claim), .text(result.sender), .text(result.file), optional(result.bundleID),
             optional(result.sha256), .text(result.acknowledgement.rawValue),
             .text(Database.text(result.received)), .text(Database.text(result.processed)),
             .text(try Database.json(result))])
    }

    /// The recorded result of the bundle claimed as `claim`, if it is done.
    public func result(claim: String) throws -> BundleResult? {
        try connection.query("SELECT result_json FROM bundles WHERE claim = ?", [.text(claim)])
            .first.map { try Database.decode(BundleResult.self, from: $0.text(0)) }
    }

    /// The SHA-256 of an earlier bundle from `sender` with `bundleID` that was read, if any.
    public func earlierBundle(sender: String, bundleID: String) throws -> String? {
        try connection.query(
            """
            SELECT sha256 FROM bundles WHERE sender = ? AND bundle_id = ?
            ORDER BY processed_at LIMIT 1
            """, [.text(sender), .text(bundleID)]
        ).first?.optionalText(0)
    }

    /// Every recorded result, oldest first, optionally only one sender's.
    public func results(sender: String? = nil) throws -> [BundleResult] {
        try connection.query(
            """
            SELECT result_json FROM bundles WHERE (?1 IS NULL OR sender = ?1)
            ORDER BY processed_at, claim
            """, [optional(sender)]
        ).map { try Database.decode(BundleResult.self, from: $0.text(0)) }
    }
}

extension BundleLedger {
    /// Counts one more attempt at the claim and returns the new count. Committed at once, so
    /// that a run killed while processing the bundle still leaves the count behind.
    public func countAttempt(claim: String) throws -> Int {
        try connection.run(
            """
            INSERT INTO attempts (claim, count) VALUES (?, 1)
            ON CONFLICT (claim) DO UPDATE SET count = count + 1
            """, [.text(claim)])
        return Int(try connection.query("SELECT count FROM attempts WHERE claim = ?",
                                        [.text(claim)]).first?.integer(0) ?? 1)
    }

    /// Takes back the last attempt: the run ended it itself, for a reason on osva's side.
    public func uncountAttempt(claim: String) throws {
        try connection.run("UPDATE attempts SET count = max(count - 1, 0) WHERE claim = ?",
                           [.text(claim)])
    }

    /// Forgets the attempts at a claim (after it is done, or when an operator retries it).
    public func clearAttempts(claim: String) throws {
        try connection.run("DELETE FROM attempts WHERE claim = ?", [.text(claim)])
    }
}

extension BundleLedger {
    /// Results of the bundles processed from `from` (inclusive) to `to` (exclusive), oldest
    /// first.
    public func results(processedFrom from: Date, to: Date) throws -> [BundleResult] {
        try connection.query(
            """
            SELECT result_json FROM bundles WHERE processed_at >= ? AND processed_at < ?
            ORDER BY processed_at, claim
            """, [.text(Database.text(from)), .text(Database.text(to))]
        ).map { try Database.decode(BundleResult.self, from: $0.text(0)) }
    }
}
