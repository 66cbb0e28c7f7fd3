import Domain
import Foundation
import SQL

/// One document in an organiser's register, with the authorisation that allowed it.
public struct StoredDocument: Sendable, Hashable {
    public var documentID: String
    public var setID: String?
    public var version: Int?
    public var replaces: String?
    public var sha256: String
    public var size: Int64
    public var patient: Henkilotunnus
    public var register: RegisterRef
    public var organiser: OID
    public var producer: OID
    public var serviceEvent: String?
    public var effectiveTime: HL7Time
    public var title: String?
    public var authorisation: AuthorisationRef
    public var bundleClaim: String
    public var storedAt: Date

    /// Creates a stored document record.
    public init(documentID: String, setID: String?, version: Int?, replaces: String?,
                sha256: String, size: Int64, patient: Henkilotunnus, register: RegisterRef,
                organiser: OID, producer: OID, serviceEvent: String?, effectiveTime: HL7Time,
                title: String?, authorisation: AuthorisationRef, bundleClaim: String,
                storedAt: Date) {
        self.documentID = documentID
        self.setID = setID
        self.version = version
        self.replaces = replaces
        self.sha256 = sha256
        self.size = size
        self.patient = patient
        self.register = register
        self.organiser = organiser
        self.producer = producer
        self.serviceEvent = serviceEvent
        self.effectiveTime = effectiveTime
        self.title = title
        self.authorisation = authorisation
        self.bundleClaim = bundleClaim
        self.storedAt = storedAt
    }
}

/// The organisers' registers: which documents are stored, for whom, under which authorisation.
/// The documents' bytes are in the `ContentStore`.
public final class RegisterStore {
    private let connection: Connection

    /// The register inside `database`.
    public init(_ database: Database) {
        connection = database.connection
    }

    private static let columns = """
        document_id, set_id, version, replaces, sha256, size, patient, controller,
        register_type, specifier, organiser, producer, service_event, effective, title,
        auth_set_id, auth_document_id, auth_version, bundle_claim, stored_at
        """

    /// Records `document`. The caller has already stored its file and holds a transaction.
    public func insert(_ d: StoredDocument) throws {
        try connection.run(
            "INSERT INTO documents (\(Self.columns)) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(d.documentID), optional(d.setID), d.version.map { .integer(Int64($0)) } ?? .null,
             optional(d.replaces), .text(d.sha256), .integer(d.size), .text(d.patient.value),
             .text(d.register.controller.value), .text(d.register.type),
             optional(d.register.specifier), .text(d.organiser.value), .text(d.producer.value),
             optional(d.serviceEvent), .text(d.effectiveTime.text), optional(d.title),
             .text(d.authorisation.setID.value), .text(d.authorisation.documentID.value),
             .integer(Int64(d.authorisation.version)), .text(d.bundleClaim),
             .text(Database.text(d.storedAt))])
    }

    /// The stored document with `documentID`, if any.
    public func document(id documentID: String) throws -> StoredDocument? {
        try connection.query("SELECT \(Self.columns) FROM documents WHERE document_id = ?",
                             [.text(documentID)]).first.flatMap(Self.decode)
    }

    /// Stored documents, optionally only one controller's or one patient's, oldest first.
    public func documents(controller: OID? = nil, patient: String? = nil) throws
        -> [StoredDocument]
    {
        try connection.query(
            """
            SELECT \(Self.columns) FROM documents
            WHERE (?1 IS NULL OR controller = ?1) AND (?2 IS NULL OR patient = ?2)
            ORDER BY stored_at, document_id
            """, [optional(controller?.value), optional(patient)]
        ).compactMap(Self.decode)
    }

    /// How many documents are stored.
    public func count() throws -> Int {
        Int(try connection.query("SELECT count(*) FROM documents", []).first?.integer(0) ?? 0)
    }

    /// The SHA-256 of every stored document (the sweep keeps these files).
    public func hashes() throws -> Set<String> {
        Set(try connection.query("SELECT sha256 FROM documents", []).map { $0.text(0) })
    }

    private static func decode(_ row: Row) -> StoredDocument? {
        guard let patient = Henkilotunnus(row.text(6)), let controller = OID(row.text(7)),
              let organiser = OID(row.text(10)), let producer = OID(row.text(11)),
              let time = HL7Time(row.text(13)), let authSet = OID(row.text(15)),
              let authDocument = OID(row.text(16))
        else { return nil }
        return StoredDocument(
            documentID: row.text(0), setID: row.optionalText(1),
            version: row.optionalInteger(2).map { Int($0) }, replaces: row.optionalText(3),
            sha256: row.text(4), size: row.integer(5), patient: patient,
            register: RegisterRef(controller: controller, type: row.text(8),
                                  specifier: row.optionalText(9)),
            organiser: organiser, producer: producer, serviceEvent: row.optionalText(12),
            effectiveTime: time, title: row.optionalText(14),
            authorisation: AuthorisationRef(setID: authSet, documentID: authDocument,
                                            version: Int(row.integer(17))),
            bundleClaim: row.text(18), storedAt: Database.date(row.text(19)) ?? .distantPast)
    }
}

/// One stored document as reports count it.
public struct StoredFact: Sendable, Hashable {
    public var producer: String
    public var register: RegisterRef
    public var storedAt: Date
}

extension RegisterStore {
    /// What was stored for `organiser` from `from` (inclusive) to `to` (exclusive).
    public func storedFacts(organiser: OID, from: Date, to: Date) throws -> [StoredFact] {
        try connection.query(
            """
            SELECT producer, controller, register_type, specifier, stored_at FROM documents
            WHERE organiser = ? AND stored_at >= ? AND stored_at < ?
            ORDER BY stored_at
            """, [.text(organiser.value), .text(Database.text(from)), .text(Database.text(to))]
        ).compactMap { row in
            guard let controller = OID(row.text(1)), let at = Database.date(row.text(4))
            else { return nil }
            return StoredFact(producer: row.text(0),
                              register: RegisterRef(controller: controller, type: row.text(2),
                                                    specifier: row.optionalText(3)),
                              storedAt: at)
        }
    }
}
