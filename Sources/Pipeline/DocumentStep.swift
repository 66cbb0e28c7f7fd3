import Domain
import Foundation
import Intake
import Storage

/// Decides each patient document's storage right and commits the accepted ones.
struct DocumentStep {
    private let context: DecisionContext
    private var seen: Set<String> = []
    /// Authorisations per register controller, read once per bundle: the bundle's own
    /// authorisations are applied before its documents are decided, so they cannot change.
    private var historiesByController: [OID: [AuthorisationHistory]] = [:]

    init(_ context: DecisionContext) {
        self.context = context
    }

    /// Checks `header`, decides its storage right and stores it when allowed.
    mutating func store(_ header: DocumentHeader, entry: StagedEntry) throws -> ItemResult {
        var item = ItemResult(path: entry.listed.path, kind: .document, outcome: .rejected,
                              message: "")
        item.documentID = header.documentID
        item.patient = header.patient?.value ?? header.patientText
        item.register = header.register
        func reject(_ code: ReasonCode, _ detail: String = "") -> ItemResult {
            item.reason = code
            item.message = code.entry.meaning + (detail.isEmpty ? "" : " " + detail)
            return item
        }

        let document: StorageRight.Document
        let producer: OID
        switch facts(of: header, reject: reject) {
        case .failure(let rejection): return rejection.item
        case .success(let facts): (document, producer) = facts
        }
        guard seen.insert(header.documentID).inserted else {
            return reject(.documentDuplicateInBundle)
        }
        if let stored = try context.register.document(id: header.documentID) {
            guard stored.sha256 == entry.listed.sha256 else {
                return reject(.documentIDConflict, "Stored from bundle \(stored.bundleClaim).")
            }
            item.outcome = .alreadyStored
            item.authorisation = stored.authorisation
            item.message = "Already stored in the register; nothing changed."
            return item
        }
        if let replaced = header.replaces, try context.register.document(id: replaced) == nil {
            return reject(.documentReplacesUnknown, "Replaced id: \(replaced).")
        }

        let decision = StorageRight.decide(
            document, provider: producer, arrival: context.arrival, grace: context.grace,
            histories: try histories(controller: document.register.controller))
        switch decision {
        case .denied(let code, let closest):
            item.authorisation = closest
            return reject(code, closest.map { "Closest authorisation: \($0)." }
                ?? "No authorisation on this register names this provider.")
        case .allowed(let ref):
            try context.store.put(copyOf: entry.stagedPath, sha256: entry.listed.sha256)
            try context.register.insert(StoredDocument(
                documentID: header.documentID, setID: header.setID, version: header.version,
                replaces: header.replaces, sha256: entry.listed.sha256, size: entry.size,
                patient: document.patient, register: document.register,
                organiser: document.organiser, producer: producer,
                serviceEvent: header.serviceEvent, effectiveTime: document.time,
                title: header.title, authorisation: ref, bundleClaim: context.claim,
                storedAt: Date()))
            item.outcome = .accepted
            item.authorisation = ref
            item.serviceInformation = try context.grants.version(documentID: ref.documentID)?
                .0.additionalInformation
            item.message = "Stored in register \(document.register) under authorisation \(ref)."
            return item
        }
    }

    private mutating func histories(controller: OID) throws -> [AuthorisationHistory] {
        if let known = historiesByController[controller] { return known }
        let histories = try context.grants.histories(controller: controller)
        historiesByController[controller] = histories
        return histories
    }

    /// The facts the decision needs, or the rejection for the first one missing.
    private func facts(
        of header: DocumentHeader, reject: (ReasonCode, String) -> ItemResult
    ) -> Result<(StorageRight.Document, OID), Rejected> {
        guard let text = header.patientText else {
            return .failure(Rejected(reject(.documentPatientMissing, "")))
        }
        guard header.patientRoot == CodeSystem.henkilotunnus else {
            return .failure(Rejected(reject(
                .documentPatientMissing,
                "The patient id has root \(header.patientRoot ?? "none"), not "
                    + "\(CodeSystem.henkilotunnus) (henkilötunnus).")))
        }
        guard header.patient != nil else {
            return .failure(Rejected(reject(.documentPatientInvalid, "Value: \(text).")))
        }
        guard let patient = header.patient else {
            return .failure(Rejected(reject(.documentPatientInvalid, "")))
        }
        guard let register = header.register else {
            return .failure(Rejected(reject(.documentRegisterMissing, "")))
        }
        guard let organiser = header.organiser else {
            return .failure(Rejected(reject(.documentOrganiserMissing, "")))
        }
        guard let producer = header.producer, producer.value == context.sender else {
            return .failure(Rejected(reject(
                .documentProducerNotSender,
                "Producer: \(header.producer?.value ?? "none"); sender: \(context.sender).")))
        }
        guard let time = header.effectiveTime else {
            return .failure(Rejected(reject(.documentTimeMissing, "")))
        }
        return .success((StorageRight.Document(register: register, patient: patient,
                                               organiser: organiser, time: time), producer))
    }
}

/// A document's rejection, carried through `Result`.
struct Rejected: Error {
    let item: ItemResult
    init(_ item: ItemResult) { self.item = item }
}
