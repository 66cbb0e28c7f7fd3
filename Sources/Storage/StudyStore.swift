import Domain
import Foundation
import SQL

/// One stored image of a study: its DICOM identity and where its bytes are.
public struct StoredInstance: Sendable, Hashable {
    public var sopInstanceUID: String
    public var studyUID: String
    public var seriesUID: String
    public var sopClassUID: String
    public var transferSyntax: String
    public var modality: String?
    public var sha256: String
    public var size: Int64

    /// Creates an instance record.
    public init(sopInstanceUID: String, studyUID: String, seriesUID: String,
                sopClassUID: String, transferSyntax: String, modality: String?,
                sha256: String, size: Int64) {
        self.sopInstanceUID = sopInstanceUID
        self.studyUID = studyUID
        self.seriesUID = seriesUID
        self.sopClassUID = sopClassUID
        self.transferSyntax = transferSyntax
        self.modality = modality
        self.sha256 = sha256
        self.size = size
    }
}

/// A stored imaging study: whose, in which register, from whom.
public struct StoredStudy: Sendable, Hashable {
    public var studyUID: String
    public var patient: String
    public var register: RegisterRef
    public var organiser: String
    public var producer: String
    public var accession: String?
    public var modality: String?
    public var studyDate: String?
    public var studyTime: String?
    /// Filled when listing: how many images and series the study holds.
    public var instances = 0
    public var series = 0

    /// Creates a study record.
    public init(studyUID: String, patient: String, register: RegisterRef, organiser: String,
                producer: String, accession: String?, modality: String?, studyDate: String?,
                studyTime: String?) {
        self.studyUID = studyUID
        self.patient = patient
        self.register = register
        self.organiser = organiser
        self.producer = producer
        self.accession = accession
        self.modality = modality
        self.studyDate = studyDate
        self.studyTime = studyTime
    }
}

/// The image store's index: studies, their images and documents, and the parties configured
/// as users of the Imaging Data Repository.
public final class StudyStore {
    private let connection: Connection

    /// The study index inside `database`.
    public init(_ database: Database) {
        connection = database.connection
    }

    /// Configures `party` as a user of the Imaging Data Repository; false if it already was.
    @discardableResult
    public func addImagingUser(_ party: OID) throws -> Bool {
        guard try !isImagingUser(party) else { return false }
        try connection.run("INSERT INTO imaging_users (party, added_at) VALUES (?, ?)",
                           [.text(party.value), .text(Database.text(Date()))])
        return true
    }

    /// Removes `party` from the Imaging Data Repository users; false if it was not one.
    @discardableResult
    public func removeImagingUser(_ party: OID) throws -> Bool {
        guard try isImagingUser(party) else { return false }
        try connection.run("DELETE FROM imaging_users WHERE party = ?", [.text(party.value)])
        return true
    }

    /// True when `party` is configured as a user of the Imaging Data Repository.
    public func isImagingUser(_ party: OID) throws -> Bool {
        try !connection.query("SELECT 1 FROM imaging_users WHERE party = ?",
                              [.text(party.value)]).isEmpty
    }

    /// Every configured Imaging Data Repository user, sorted.
    public func imagingUsers() throws -> [String] {
        try connection.query("SELECT party FROM imaging_users ORDER BY party", []).map {
            $0.text(0)
        }
    }

    /// The stored study with `uid`, if any.
    public func study(uid: String) throws -> StoredStudy? {
        try studies(where: "s.study_uid = ?", [.text(uid)]).first
    }

    /// Stored studies, optionally one patient's or one controller's, oldest first.
    public func studies(patient: String? = nil, controller: OID? = nil) throws -> [StoredStudy] {
        try studies(where: "(?1 IS NULL OR s.patient = ?1) AND (?2 IS NULL OR s.controller = ?2)",
                    [optional(patient), optional(controller?.value)])
    }

    private func studies(where condition: String, _ values: [SQLValue]) throws
        -> [StoredStudy]
    {
        try connection.query(
            """
            SELECT s.study_uid, s.patient, s.controller, s.register_type, s.specifier,
                s.organiser, s.producer, s.accession, s.modality, s.study_date, s.study_time,
                (SELECT count(*) FROM study_instances i WHERE i.study_uid = s.study_uid),
                (SELECT count(DISTINCT series_uid) FROM study_instances i
                 WHERE i.study_uid = s.study_uid)
            FROM studies s WHERE \(condition) ORDER BY s.stored_at, s.study_uid
            """, values
        ).compactMap { row in
            guard let controller = OID(row.text(2)) else { return nil }
            var study = StoredStudy(
                studyUID: row.text(0), patient: row.text(1),
                register: RegisterRef(controller: controller, type: row.text(3),
                                      specifier: row.optionalText(4)),
                organiser: row.text(5), producer: row.text(6), accession: row.optionalText(7),
                modality: row.optionalText(8), studyDate: row.optionalText(9),
                studyTime: row.optionalText(10))
            study.instances = Int(row.integer(11))
            study.series = Int(row.integer(12))
            return study
        }
    }

    /// Records a new study. The caller holds the bundle's transaction.
    public func insert(_ study: StoredStudy, claim: String) throws {
        try connection.run(
            """
            INSERT INTO studies (study_uid, patient, controller, register_type, specifier,
                organiser, producer, accession, modality, study_date, study_time,
                bundle_claim, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(study.studyUID), .text(study.patient), .text(study.register.controller.value),
             .text(study.register.type), optional(study.register.specifier),
             .text(study.organiser), .text(study.producer), optional(study.accession),
             optional(study.modality), optional(study.studyDate), optional(study.studyTime),
             .text(claim), .text(Database.text(Date()))])
    }

    /// The stored image with `sopInstanceUID`, if any.
    public func instance(_ sopInstanceUID: String) throws -> StoredInstance? {
        try connection.query(
            """
            SELECT sop_instance_uid, study_uid, series_uid, sop_class_uid, transfer_syntax,
                modality, sha256, size FROM study_instances WHERE sop_instance_uid = ?
            """, [.text(sopInstanceUID)]
        ).first.map { row in
            StoredInstance(sopInstanceUID: row.text(0), studyUID: row.text(1),
                           seriesUID: row.text(2), sopClassUID: row.text(3),
                           transferSyntax: row.text(4), modality: row.optionalText(5),
                           sha256: row.text(6), size: row.integer(7))
        }
    }

    /// Records an image whose file is already in the content store.
    public func insert(_ instance: StoredInstance, claim: String) throws {
        try connection.run(
            """
            INSERT INTO study_instances (sop_instance_uid, study_uid, series_uid, sop_class_uid,
                transfer_syntax, modality, sha256, size, bundle_claim, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(instance.sopInstanceUID), .text(instance.studyUID),
             .text(instance.seriesUID), .text(instance.sopClassUID),
             .text(instance.transferSyntax), optional(instance.modality),
             .text(instance.sha256), .integer(instance.size), .text(claim),
             .text(Database.text(Date()))])
    }

    /// Ties a stored CDA document to a study (request, study note, report).
    public func link(document documentID: String, to studyUID: String) throws {
        try connection.run(
            "INSERT OR IGNORE INTO study_documents (study_uid, document_id) VALUES (?, ?)",
            [.text(studyUID), .text(documentID)])
    }

    /// The documents tied to a study.
    public func documents(of studyUID: String) throws -> [String] {
        try connection.query(
            "SELECT document_id FROM study_documents WHERE study_uid = ? ORDER BY document_id",
            [.text(studyUID)]
        ).map { $0.text(0) }
    }

    /// The studies a stored document belongs to.
    public func studies(of documentID: String) throws -> [String] {
        try connection.query(
            "SELECT study_uid FROM study_documents WHERE document_id = ? ORDER BY study_uid",
            [.text(documentID)]
        ).map { $0.text(0) }
    }

    /// A study's stored images, by series and SOP Instance UID.
    public func instances(of studyUID: String) throws -> [StoredInstance] {
        try connection.query(
            """
            SELECT sop_instance_uid, study_uid, series_uid, sop_class_uid, transfer_syntax,
                modality, sha256, size FROM study_instances WHERE study_uid = ?
            ORDER BY series_uid, sop_instance_uid
            """, [.text(studyUID)]
        ).map { row in
            StoredInstance(sopInstanceUID: row.text(0), studyUID: row.text(1),
                           seriesUID: row.text(2), sopClassUID: row.text(3),
                           transferSyntax: row.text(4), modality: row.optionalText(5),
                           sha256: row.text(6), size: row.integer(7))
        }
    }

    /// The SHA-256 of every stored image (the store's sweep keeps these files).
    public func hashes() throws -> Set<String> {
        Set(try connection.query("SELECT sha256 FROM study_instances", []).map { $0.text(0) })
    }
}

extension Database {
    /// Runs `body` inside a savepoint of the current transaction: when it throws, everything
    /// it wrote is undone and the error is rethrown; the outer transaction goes on.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try connection.execute("SAVEPOINT osva_part")
        do {
            let value = try body()
            try connection.execute("RELEASE osva_part")
            return value
        } catch {
            try connection.execute("ROLLBACK TO osva_part")
            try connection.execute("RELEASE osva_part")
            throw error
        }
    }
}
