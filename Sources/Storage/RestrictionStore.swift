import Domain
import Foundation
import SQL

/// A restriction in force, with who recorded it and when.
public struct RecordedRestriction: Sendable, Hashable {
    /// The organiser that sent it.
    public var organiser: OID
    /// The restriction.
    public var restriction: Restriction
    /// When osva recorded it.
    public var since: Date
}

/// Patients' disclosure restrictions as their organisers report them.
///
/// A lifted restriction is kept with the time it was lifted, so what was in force at any
/// time can be told afterwards; only restrictions not lifted apply.
public final class RestrictionStore {
    private let connection: Connection

    /// The restrictions inside `database`.
    public init(_ database: Database) {
        connection = database.connection
    }

    /// Applies `change` sent by `organiser` in the bundle `claim` at `time`, and returns
    /// false when it changed nothing (a restriction already in force, or none to lift).
    /// The caller holds a transaction and has checked that the organiser controls the
    /// register.
    @discardableResult
    public func apply(_ change: RestrictionChange, organiser: OID, claim: String,
                      at time: Date) throws -> Bool {
        let r = change.restriction
        var key: [SQLValue] = [.text(organiser.value), .text(r.patient.value)]
        switch r.scope {
        case .allRegisters:
            key += [.null, .null, .null]
        case .register(let register):
            key += [.text(register.controller.value), .text(register.type),
                    optional(register.specifier)]
        }
        let match = """
            organiser = ? AND patient = ? AND controller IS ? AND register_type IS ?
            AND specifier IS ? AND lifted_at IS NULL
            """
        switch change.action {
        case .restrict:
            if try !connection.query("SELECT 1 FROM restrictions WHERE " + match, key).isEmpty {
                return false
            }
            return try connection.run(
                """
                INSERT INTO restrictions (organiser, patient, controller, register_type,
                    specifier, added_at, added_claim) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, key + [.text(Database.text(time)), .text(claim)]) > 0
        case .lift:
            return try connection.run(
                "UPDATE restrictions SET lifted_at = ?, lifted_claim = ? WHERE " + match,
                [.text(Database.text(time)), .text(claim)] + key) > 0
        }
    }

    /// True when a restriction in force covers `patient`'s documents in `register`: one on
    /// exactly that register, or one on all registers of an organiser that controls it.
    public func isRestricted(patient: Henkilotunnus, register: RegisterRef) throws -> Bool {
        try !connection.query(
            """
            SELECT 1 FROM restrictions r WHERE r.patient = ?1 AND r.lifted_at IS NULL AND (
                (r.controller IS NULL AND EXISTS (
                    SELECT 1 FROM controlled_registers c
                    WHERE c.organiser = r.organiser AND c.controller = ?2 AND c.type = ?3))
                OR (r.controller = ?2 AND r.register_type = ?3 AND r.specifier IS ?4))
            LIMIT 1
            """,
            [.text(patient.value), .text(register.controller.value), .text(register.type),
             optional(register.specifier)]).isEmpty
    }

    /// The restrictions in force, oldest first, optionally only one organiser's or patient's.
    public func restrictions(organiser: OID? = nil, patient: String? = nil) throws
        -> [RecordedRestriction]
    {
        try connection.query(
            """
            SELECT organiser, patient, controller, register_type, specifier, added_at
            FROM restrictions WHERE lifted_at IS NULL
              AND (?1 IS NULL OR organiser = ?1) AND (?2 IS NULL OR patient = ?2)
            ORDER BY id
            """, [optional(organiser?.value), optional(patient)]
        ).compactMap { row in
            guard let organiser = OID(row.text(0)), let patient = Henkilotunnus(row.text(1))
            else { return nil }
            var scope = Restriction.Scope.allRegisters
            if let controller = row.optionalText(2).flatMap(OID.init),
               let type = row.optionalText(3)
            {
                scope = .register(RegisterRef(controller: controller, type: type,
                                              specifier: row.optionalText(4)))
            }
            return RecordedRestriction(
                organiser: organiser, restriction: Restriction(patient: patient, scope: scope),
                since: Database.date(row.text(5)) ?? .distantPast)
        }
    }
}
