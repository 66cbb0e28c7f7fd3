import Domain
import Foundation
import Hashing
import SQL

/// One row of the disclosure log: a provider's request for one patient, answered or refused.
public struct DisclosureRecord: Sendable, Hashable {
    /// Whether documents were disclosed or the request was refused.
    public enum Outcome: String, Sendable, Hashable {
        /// Answered under an authorisation (possibly with nothing to return).
        case disclosed
        /// Refused: no authorisation in force allowed it.
        case refused
    }

    /// A document the request asked for but did not get, and why.
    public struct Withheld: Sendable, Hashable {
        public var documentID: String
        public var reason: ReasonCode

        /// Creates an entry.
        public init(documentID: String, reason: ReasonCode) {
            self.documentID = documentID
            self.reason = reason
        }
    }

    /// The row's position in the chain, from 1; assigned when appended.
    public var seq: Int64 = 0
    /// When osva answered.
    public var at: Date
    /// The request's time, at which the authorisation was judged (the bundle's claim).
    public var requestedAt: Date
    /// The requesting provider (the bundle's drop folder).
    public var provider: String
    /// The organiser whose registers were asked.
    public var organiser: String
    /// The patient.
    public var patient: String
    /// Disclosed or refused.
    public var outcome: Outcome
    /// The reason of a refusal.
    public var reason: ReasonCode?
    /// The authorisation the answer was given under, or the closest one of a refusal.
    public var authorisation: AuthorisationRef?
    /// The ids of the documents returned.
    public var returned: [String]
    /// The documents withheld, with their reasons.
    public var withheld: [Withheld]
    /// The request bundle's claim name.
    public var bundleClaim: String
    /// The request's path in the bundle.
    public var requestPath: String
    /// The previous row's hash (64 zeros for the first row); set when appended.
    public var previousHash = ""
    /// SHA-256 over `previousHash` and this row's canonical content; set when appended.
    public var hash = ""

    /// Creates a record; `seq` and the hashes are set when it is appended.
    public init(at: Date, requestedAt: Date, provider: String, organiser: String,
                patient: String, outcome: Outcome, reason: ReasonCode? = nil,
                authorisation: AuthorisationRef?, returned: [String] = [],
                withheld: [Withheld] = [], bundleClaim: String, requestPath: String) {
        self.at = at
        self.requestedAt = requestedAt
        self.provider = provider
        self.organiser = organiser
        self.patient = patient
        self.outcome = outcome
        self.reason = reason
        self.authorisation = authorisation
        self.returned = returned
        self.withheld = withheld
        self.bundleClaim = bundleClaim
        self.requestPath = requestPath
    }
}

/// The disclosure log: every disclosure to a provider and every refused request, in a chain
/// of SHA-256 hashes so that a changed, removed or inserted row is detected by `verify()`.
///
/// Each row's hash is SHA-256 over the previous row's hash (hex), a line feed, and the row's
/// canonical content: every column but the hashes, in a fixed order, each written as
/// `name=<length in UTF-8 bytes>:<value>` and a line feed (`name=-` for a null).
public final class DisclosureLog {
    private let connection: Connection

    /// The hash before the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The log inside `database`.
    public init(_ database: Database) {
        connection = database.connection
    }

    private static let columns = """
        seq, at, requested_at, provider, organiser, patient, outcome, reason, auth_set_id,
        auth_document_id, auth_version, returned, withheld, bundle_claim, request_path,
        previous_hash, hash
        """

    /// The names of the hashed columns, in canonical order (all but the two hashes).
    private static let hashed = [
        "seq", "at", "requested_at", "provider", "organiser", "patient", "outcome", "reason",
        "auth_set_id", "auth_document_id", "auth_version", "returned", "withheld",
        "bundle_claim", "request_path",
    ]

    /// Appends `record` at the end of the chain and returns it with its sequence number and
    /// hashes. The caller holds the bundle's transaction.
    @discardableResult
    public func append(_ record: DisclosureRecord) throws -> DisclosureRecord {
        var record = record
        let last = try connection.query(
            "SELECT seq, hash FROM disclosure_log ORDER BY seq DESC LIMIT 1", []).first
        record.seq = (last?.integer(0) ?? 0) + 1
        record.previousHash = last?.text(1) ?? Self.genesis
        let values = Self.values(record)
        record.hash = try Self.hash(previous: record.previousHash, values: values)
        try connection.run(
            "INSERT INTO disclosure_log (\(Self.columns)) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values + [.text(record.previousHash), .text(record.hash)])
        return record
    }

    /// The rows, oldest first, optionally only one organiser's or one patient's.
    public func records(organiser: String? = nil, patient: String? = nil) throws
        -> [DisclosureRecord]
    {
        try connection.query(
            """
            SELECT \(Self.columns) FROM disclosure_log
            WHERE (?1 IS NULL OR organiser = ?1) AND (?2 IS NULL OR patient = ?2) ORDER BY seq
            """, [optional(organiser), optional(patient)]
        ).map(Self.decode)
    }

    /// What `verify()` found.
    public enum Verification: Sendable, Hashable {
        /// Every row follows its predecessor and matches its hash; `head` is the last hash
        /// (the genesis hash for an empty log), to be kept outside osva for comparison.
        case intact(rows: Int, head: String)
        /// The first row that does not hold, and why.
        case broken(seq: Int64, problem: String)
    }

    /// Recomputes the whole chain from the first row, reading one row at a time.
    public func verify() throws -> Verification {
        var previous = Self.genesis
        var expected: Int64 = 1
        var broken: Verification?
        try connection.forEachRow("SELECT \(Self.columns) FROM disclosure_log ORDER BY seq") {
            row in
            guard broken == nil else { return }
            let seq = row.integer(0)
            let values = Array(row.values.prefix(Self.hashed.count))
            if seq != expected {
                broken = .broken(seq: seq, problem: "expected row \(expected) here: a row is "
                                 + "missing or was renumbered")
            } else if row.text(15) != previous {
                broken = .broken(seq: seq, problem: "its previous hash does not match row "
                                 + "\(seq - 1): a row before it was changed or removed")
            } else if try Self.hash(previous: previous, values: values) != row.text(16) {
                broken = .broken(seq: seq, problem: "its content does not match its hash: "
                                 + "the row was changed")
            }
            previous = row.text(16)
            expected += 1
        }
        return broken ?? .intact(rows: Int(expected - 1), head: previous)
    }

    /// The column values of `record` in canonical order.
    private static func values(_ r: DisclosureRecord) -> [SQLValue] {
        [.integer(r.seq), .text(Database.text(r.at)), .text(Database.text(r.requestedAt)),
         .text(r.provider), .text(r.organiser), .text(r.patient), .text(r.outcome.rawValue),
         optional(r.reason?.rawValue), optional(r.authorisation?.setID.value),
         optional(r.authorisation?.documentID.value),
         r.authorisation.map { .integer(Int64($0.version)) } ?? .null,
         .text(r.returned.joined(separator: "\n")),
         .text(r.withheld.map { $0.reason.rawValue + " " + $0.documentID }
             .joined(separator: "\n")),
         .text(r.bundleClaim), .text(r.requestPath)]
    }

    /// SHA-256 over `previous`, a line feed, and the canonical content of `values`.
    private static func hash(previous: String, values: [SQLValue]) throws -> String {
        var text = previous + "\n"
        for (name, value) in zip(hashed, values) {
            let shown: String? = switch value {
            case .null: nil
            case .integer(let number): String(number)
            case .text(let string): string
            default: "\(value)"
            }
            text += name + "=" + (shown.map { "\($0.utf8.count):\($0)" } ?? "-") + "\n"
        }
        return try SHA256Hasher.digest(of: Array(text.utf8)).hex
    }

    private static func decode(_ row: Row) -> DisclosureRecord {
        var authorisation: AuthorisationRef?
        if let set = row.optionalText(8).flatMap(OID.init),
           let document = row.optionalText(9).flatMap(OID.init),
           let version = row.optionalInteger(10)
        {
            authorisation = AuthorisationRef(setID: set, documentID: document,
                                             version: Int(version))
        }
        let withheld = row.text(12).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return parts.count == 2 ? ReasonCode(rawValue: parts[0]).map {
                DisclosureRecord.Withheld(documentID: parts[1], reason: $0)
            } : nil
        }
        var record = DisclosureRecord(
            at: Database.date(row.text(1)) ?? .distantPast,
            requestedAt: Database.date(row.text(2)) ?? .distantPast,
            provider: row.text(3), organiser: row.text(4), patient: row.text(5),
            outcome: DisclosureRecord.Outcome(rawValue: row.text(6)) ?? .refused,
            reason: row.optionalText(7).flatMap(ReasonCode.init(rawValue:)),
            authorisation: authorisation,
            returned: row.text(11).split(separator: "\n").map(String.init),
            withheld: withheld, bundleClaim: row.text(13), requestPath: row.text(14))
        record.seq = row.integer(0)
        record.previousHash = row.text(15)
        record.hash = row.text(16)
        return record
    }
}
