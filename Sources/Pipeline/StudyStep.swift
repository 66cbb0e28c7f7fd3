import Documents
import Domain
import Foundation
import Imaging
import Intake
import Storage

/// Stores imaging studies whole: a study's DICOM images and its CDA documents (request, study
/// note, report) are accepted together or rejected together (docs/imaging.md).
///
/// The images must be readable DICOM Part 10 files of one study with no SOP instance twice,
/// all of the patient of the study's documents; the sender must be a user of the Imaging Data
/// Repository; and every document needs its storage right, decided as for any document.
struct StudyStep {
    /// One study as the manifest gives it: entries sharing a study label.
    struct Members {
        var label: String
        /// Documents that were read, with their headers.
        var documents: [(entry: StagedEntry, header: DocumentHeader)] = []
        /// Documents already rejected (unreadable, invalid), by manifest position.
        var failed: [ItemResult] = []
        var images: [StagedEntry] = []

        /// Adds a manifest entry of the study with what reading it gave.
        mutating func add(_ entry: StagedEntry, _ content: CDAContent?, item: ItemResult?) {
            if entry.listed.kind == .image {
                images.append(entry)
            } else if case .document(let header) = content, entry.listed.kind == .document {
                documents.append((entry, header))
            } else {
                var refused = item ?? ItemResult(
                    path: entry.listed.path, kind: entry.listed.kind, outcome: .rejected,
                    reason: .documentKindMismatch,
                    message: ReasonCode.documentKindMismatch.entry.meaning
                        + " A study holds images and patient documents only.")
                refused.study = label
                failed.append(refused)
            }
        }
    }

    private let context: DecisionContext
    private let database: Database
    private let studies: StudyStore

    init(_ context: DecisionContext, database: Database) {
        self.context = context
        self.database = database
        self.studies = StudyStore(database)
    }

    /// Decides and, when everything holds, stores the study; returns one item per member,
    /// keyed by the entry's manifest path. Throws only faults on osva's side.
    func store(_ study: Members, documents step: inout DocumentStep) throws
        -> [String: ItemResult]
    {
        try decide(study, documents: &step).mapValues { item in
            var item = item
            item.study = study.label
            return item
        }
    }

    private func decide(_ study: Members, documents step: inout DocumentStep) throws
        -> [String: ItemResult]
    {
        var items: [String: ItemResult] = [:]
        for item in study.failed { items[item.path] = item }
        var headers: [(entry: StagedEntry, header: DicomHeader)] = []
        for entry in study.images {
            switch DicomReader.read(path: entry.stagedPath) {
            case .success(let header):
                headers.append((entry, header))
                items[entry.listed.path] = image(entry, header, .accepted, nil, "")
            case .failure(let problem):
                if problem.isOsvaFault { throw ImageUnreadable(path: entry.listed.path,
                                                               problem: problem) }
                let code = ReasonCode(rawValue: problem.code) ?? .dicomMalformed
                items[entry.listed.path] = image(entry, nil, .rejected, code, problem.detail)
            }
        }
        func all(_ code: ReasonCode, _ detail: String) -> [String: ItemResult] {
            var refused = items
            for (path, item) in refused where item.outcome != .rejected {
                refused[path] = rejected(item, code, detail)
            }
            for (entry, _) in study.documents where refused[entry.listed.path] == nil {
                refused[entry.listed.path] = rejected(
                    ItemResult(path: entry.listed.path, kind: .document, outcome: .rejected,
                               message: ""), code, detail)
            }
            return refused
        }
        if items.values.contains(where: { $0.outcome == .rejected }) {
            return all(.studyIncomplete, "")
        }
        if let problem = try check(study, headers) { return all(problem.0, problem.1) }

        // The documents decide the storage right; a refused one refuses the whole study.
        var decided: [String: ItemResult] = [:]
        do {
            try database.savepoint {
                for (entry, header) in study.documents {
                    let item = try step.store(header, entry: entry)
                    decided[entry.listed.path] = item
                    if item.outcome == .rejected { throw StudyRefused() }
                }
                try commit(study, headers, documents: decided)
            }
        } catch is StudyRefused {
            var refused = all(.studyIncomplete, "")
            for (path, item) in decided where item.outcome == .rejected { refused[path] = item }
            return refused
        }
        for (path, item) in decided { items[path] = item }
        for (entry, header) in headers {
            let known = try studies.instance(header.sopInstanceUID.value)?.sha256
                == entry.listed.sha256
            items[entry.listed.path]?.message = known
                ? "Already stored in study \(header.studyInstanceUID)."
                : "Stored in study \(header.studyInstanceUID)."
        }
        return items
    }

    /// The first rule the study breaks before any storage right is decided, if any.
    private func check(_ study: Members, _ headers: [(entry: StagedEntry, header: DicomHeader)])
        throws -> (ReasonCode, String)?
    {
        guard let sender = OID(context.sender), try studies.isImagingUser(sender) else {
            return (.studyProviderNotImagingUser, "Sender: \(context.sender).")
        }
        guard let first = study.documents.first else {
            return (.studyDocumentMissing, "Study '\(study.label)'.")
        }
        let patients = Set(study.documents.compactMap { $0.header.patient?.value })
        guard patients.count == 1, let patient = patients.first,
              study.documents.allSatisfy({ $0.header.register == first.header.register })
        else {
            return (.studyPatientMismatch, "The study's documents name different patients "
                        + "or registers.")
        }
        guard let uid = headers.first?.header.studyInstanceUID else { return nil }
        if let other = headers.first(where: { $0.header.studyInstanceUID != uid }) {
            return (.studyUIDMixed, "\(other.entry.listed.path) has Study Instance UID "
                        + "\(other.header.studyInstanceUID), not \(uid).")
        }
        var seen: Set<String> = []
        for (entry, header) in headers {
            guard seen.insert(header.sopInstanceUID.value).inserted else {
                return (.studyInstanceRepeated, "\(entry.listed.path): "
                            + "\(header.sopInstanceUID).")
            }
            let imagePatient = header.patientID.trimmingCharacters(in: .whitespaces)
            guard imagePatient.uppercased() == patient.uppercased() else {
                return (.studyPatientMismatch, "\(entry.listed.path) is for patient "
                            + "'\(imagePatient)', the documents for \(patient).")
            }
            if let stored = try studies.instance(header.sopInstanceUID.value),
               stored.sha256 != entry.listed.sha256
            {
                return (.studyInstanceConflict, "\(entry.listed.path): "
                            + "\(header.sopInstanceUID).")
            }
        }
        if let stored = try studies.study(uid: uid.value),
           stored.patient != patient || stored.register != first.header.register
        {
            return (.studyOtherPatient, "Study \(uid).")
        }
        return nil
    }

    /// Stores the images and the study's index rows; the documents are already stored.
    private func commit(_ study: Members, _ headers: [(entry: StagedEntry, header: DicomHeader)],
                        documents: [String: ItemResult]) throws {
        guard let first = headers.first?.header,
              let document = study.documents.first?.header,
              let register = document.register, let patient = document.patient
        else { return }
        let uid = first.studyInstanceUID.value
        if try studies.study(uid: uid) == nil {
            try studies.insert(StoredStudy(
                studyUID: uid, patient: patient.value, register: register,
                organiser: document.organiser?.value ?? "", producer: context.sender,
                accession: first.accessionNumber, modality: first.modality,
                studyDate: first.studyDate, studyTime: first.studyTime), claim: context.claim)
        }
        for (entry, header) in headers
        where try studies.instance(header.sopInstanceUID.value) == nil {
            try context.store.put(copyOf: entry.stagedPath, sha256: entry.listed.sha256)
            try studies.insert(StoredInstance(
                sopInstanceUID: header.sopInstanceUID.value, studyUID: uid,
                seriesUID: header.seriesInstanceUID.value, sopClassUID: header.sopClassUID.value,
                transferSyntax: header.transferSyntaxUID.value, modality: header.modality,
                sha256: entry.listed.sha256, size: entry.size), claim: context.claim)
        }
        for (entry, header) in study.documents
        where documents[entry.listed.path]?.outcome != .rejected {
            try studies.link(document: header.documentID, to: uid)
        }
    }

    private func image(_ entry: StagedEntry, _ header: DicomHeader?,
                       _ outcome: ItemResult.Outcome, _ code: ReasonCode?,
                       _ detail: String) -> ItemResult {
        var item = ItemResult(path: entry.listed.path, kind: .image, outcome: outcome,
                              reason: code,
                              message: code.map { $0.entry.meaning + " " + detail } ?? "")
        item.study = entry.listed.study
        item.studyInstanceUID = header?.studyInstanceUID.value
        item.sopInstanceUID = header?.sopInstanceUID.value
        item.patient = header?.patientID
        return item
    }

    private func rejected(_ item: ItemResult, _ code: ReasonCode, _ detail: String)
        -> ItemResult
    {
        var item = item
        item.outcome = .rejected
        item.reason = code
        item.authorisation = nil
        item.message = code.entry.meaning + (detail.isEmpty ? "" : " " + detail)
        return item
    }

    /// Thrown inside the savepoint to undo a study whose document was refused.
    private struct StudyRefused: Error {}
}

/// A staged image could not be read for a reason on osva's side (the file vanished from
/// staging, the toolkit failed): a fault, never a rejection.
struct ImageUnreadable: Error, CustomStringConvertible {
    let path: String
    let problem: DicomProblem

    var description: String { "cannot read image \(path): \(problem)" }
}
