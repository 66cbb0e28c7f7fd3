import Domain
import Foundation
import SQL

/// A register an organiser controls: the configuration that decides who may authorise what.
public struct ControlledRegister: Sendable, Hashable {
    /// The organiser's OID (the drop folder it sends from).
    public var organiser: OID
    /// The register controller.
    public var controller: OID
    /// The register type code.
    public var type: String

    /// Creates an entry.
    public init(organiser: OID, controller: OID, type: String) {
        self.organiser = organiser
        self.controller = controller
        self.type = type
    }
}

/// The grant database: every version of every authorisation, and which registers each
/// organiser controls.
public final class GrantStore {
    private let connection: Connection

    /// The grant store inside `database`.
    public init(_ database: Database) {
        connection = database.connection
    }

    // MARK: Controlled registers

    /// Records that `entry.organiser` controls the register; returns false if already known.
    @discardableResult
    public func addRegister(_ entry: ControlledRegister) throws -> Bool {
        try connection.run(
            "INSERT OR IGNORE INTO controlled_registers VALUES (?, ?, ?, ?)",
            [.text(entry.organiser.value), .text(entry.controller.value), .text(entry.type),
             .text(Database.text(Date()))]) > 0
    }

    /// Forgets the entry; returns false if it was not known.
    @discardableResult
    public func removeRegister(_ entry: ControlledRegister) throws -> Bool {
        try connection.run(
            "DELETE FROM controlled_registers WHERE organiser = ? AND controller = ? AND type = ?",
            [.text(entry.organiser.value), .text(entry.controller.value), .text(entry.type)]) > 0
    }

    /// Every controlled register, ordered by organiser, controller and type.
    public func registers() throws -> [ControlledRegister] {
        try connection.query(
            "SELECT organiser, controller, type FROM controlled_registers ORDER BY 1, 2, 3", []
        ).compactMap { row in
            guard let organiser = OID(row.text(0)), let controller = OID(row.text(1)) else {
                return nil
            }
            return ControlledRegister(organiser: organiser, controller: controller,
                                      type: row.text(2))
        }
    }

    /// True when `organiser` controls the register of `controller` and `type`.
    public func controls(organiser: OID, controller: OID, type: String) throws -> Bool {
        try !connection.query(
            """
            SELECT 1 FROM controlled_registers
            WHERE organiser = ? AND controller = ? AND type = ?
            """,
            [.text(organiser.value), .text(controller.value), .text(type)]).isEmpty
    }

    /// True when `organiser` controls at least one register (so its bundles go first).
    public func isOrganiser(_ sender: String) throws -> Bool {
        try !connection.query(
            "SELECT 1 FROM controlled_registers WHERE organiser = ? LIMIT 1", [.text(sender)]
        ).isEmpty
    }

    // MARK: Authorisations

    /// Stores one authorisation version, received from `sender` in the bundle `claim`.
    public func insert(_ authorisation: Authorisation, sha256: String, sender: String,
                       claim: String, at time: Date) throws {
        let a = authorisation
        try connection.run(
            """
            INSERT INTO authorisation_versions (document_id, set_id, version, sha256, cancelled,
                organiser, provider, controller, kind, patient, valid_from, valid_until,
                effective, terms_json, sender, bundle_claim, applied_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(a.documentID.value), .text(a.setID.value), .integer(Int64(a.version)),
             .text(sha256), .integer(a.isCancelled ? 1 : 0), optional(a.organiser?.id.value),
             optional(a.provider?.id.value),
             optional(a.storageRight?.controller.value ?? a.custodian?.value),
             optional(a.kind?.rawValue), optional(a.patient?.value),
             optional(a.validFrom?.text), optional(a.validUntil?.text),
             .text(a.effectiveTime.text), .text(try Database.json(a)), .text(sender),
             .text(claim), .text(Database.text(time))])
    }

    /// The stored version with this document id and its SHA-256, if any.
    public func version(documentID: OID) throws -> (Authorisation, sha256: String)? {
        try connection.query(
            "SELECT terms_json, sha256 FROM authorisation_versions WHERE document_id = ?",
            [.text(documentID.value)]
        ).first.map { row in
            (try Database.decode(Authorisation.self, from: row.text(0)), row.text(1))
        }
    }

    /// The stored version with this set id and version number and its SHA-256, if any.
    public func version(setID: OID, number: Int) throws -> (Authorisation, sha256: String)? {
        try connection.query(
            "SELECT terms_json, sha256 FROM authorisation_versions "
                + "WHERE set_id = ? AND version = ?",
            [.text(setID.value), .integer(Int64(number))]
        ).first.map { row in
            (try Database.decode(Authorisation.self, from: row.text(0)), row.text(1))
        }
    }

    /// The history of the authorisation with `setID`, or nil when none is stored.
    public func history(setID: OID) throws -> AuthorisationHistory? {
        let versions = try decodeAll(
            "SELECT terms_json FROM authorisation_versions WHERE set_id = ?", [.text(setID.value)])
        return versions.isEmpty ? nil : AuthorisationHistory(versions: versions)
    }

    /// The histories of every authorisation that names a version on `controller`.
    public func histories(controller: OID) throws -> [AuthorisationHistory] {
        try group(decodeAll(
            """
            SELECT terms_json FROM authorisation_versions WHERE set_id IN (
                SELECT set_id FROM authorisation_versions WHERE controller = ?)
            """, [.text(controller.value)]))
    }

    /// The histories of every authorisation that names `provider` in some version.
    public func histories(provider: OID) throws -> [AuthorisationHistory] {
        try group(decodeAll(
            """
            SELECT terms_json FROM authorisation_versions WHERE set_id IN (
                SELECT set_id FROM authorisation_versions WHERE provider = ?)
            """, [.text(provider.value)]))
    }

    /// Every authorisation's history, ordered by set id.
    public func allHistories() throws -> [AuthorisationHistory] {
        try group(decodeAll("SELECT terms_json FROM authorisation_versions", []))
    }

    /// The SHA-256 of every stored authorisation version (the sweep keeps these files).
    public func hashes() throws -> Set<String> {
        Set(try connection.query("SELECT sha256 FROM authorisation_versions", []).map {
            $0.text(0)
        })
    }

    private func decodeAll(_ sql: String, _ values: [SQLValue]) throws -> [Authorisation] {
        try connection.query(sql, values).map {
            try Database.decode(Authorisation.self, from: $0.text(0))
        }
    }

    private func group(_ versions: [Authorisation]) -> [AuthorisationHistory] {
        Dictionary(grouping: versions, by: \.setID)
            .sorted { $0.key < $1.key }
            .map { AuthorisationHistory(versions: $0.value) }
    }
}

/// `.text(value)` or `.null`.
func optional(_ value: String?) -> SQLValue {
    value.map { .text($0) } ?? .null
}
