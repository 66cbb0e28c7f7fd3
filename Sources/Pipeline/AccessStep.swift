import Documents
import Domain
import Foundation
import Intake
import Storage

/// Applies organisers' disclosure restrictions and answers providers' access requests
/// (`docs/access.md`): decides each patient of a request under the authorisations in force,
/// gathers the documents they allow into one response bundle, and writes every disclosure
/// and refusal to the disclosure log, all inside the bundle's transaction.
struct AccessStep {
    private let context: DecisionContext
    private let restrictions: RestrictionStore
    private let disclosures: DisclosureLog
    private let outbox: String
    private let studies: StudyStore
    private var response: ResponseBundle
    /// The organiser named by the first request answered: the response manifest's sender.
    private var responder: String?

    init(_ context: DecisionContext, database: Database, outbox: String) {
        self.context = context
        self.restrictions = RestrictionStore(database)
        self.disclosures = DisclosureLog(database)
        self.outbox = outbox
        self.studies = StudyStore(database)
        self.response = ResponseBundle(store: context.store)
    }

    /// True for the manifest kinds this step reads (they are not CDA documents).
    static func handles(_ kind: ItemResult.Kind) -> Bool {
        kind == .request || kind == .restrictions
    }

    /// Applies the bundle's restrictions, then answers its requests, each in manifest order,
    /// and writes the response when a document is returned. Returns the items of each entry
    /// it handled, by the entry's position. Throws only faults on osva's side.
    mutating func process(_ contents: BundleContents) throws -> [Int: [ItemResult]] {
        var items: [Int: [ItemResult]] = [:]
        let entries = contents.entries.enumerated()
        if entries.contains(where: { $0.element.listed.kind == .restrictions }) {
            let reader = try RestrictionsReader()
            for (position, entry) in entries where entry.listed.kind == .restrictions {
                items[position] = [try restrict(entry, reader: reader)]
            }
        }
        if entries.contains(where: { $0.element.listed.kind == .request }) {
            let reader = try RequestReader()
            for (position, entry) in entries where entry.listed.kind == .request {
                items[position] = try answer(entry, reader: reader)
            }
        }
        if !response.files.isEmpty, let responder {
            try response.write(
                folder: outbox + "/" + context.sender,
                name: ResponseBundle.name(forClaim: context.claim), sender: responder,
                bundleID: "response-" + contents.manifest.bundleID.prefix(119))
        }
        return items
    }

    // MARK: Restrictions

    /// Applies one restrictions file: all of it, or nothing when any change names a register
    /// the sender does not control.
    private func restrict(_ entry: StagedEntry, reader: RestrictionsReader) throws
        -> ItemResult
    {
        var item = ItemResult(path: entry.listed.path, kind: .restrictions, outcome: .rejected,
                              message: "")
        func reject(_ code: ReasonCode, _ detail: String) -> ItemResult {
            item.reason = code
            item.message = code.entry.meaning + " " + detail
            return item
        }
        let changes: [RestrictionChange]
        do {
            changes = try reader.read(path: entry.stagedPath)
        } catch {
            if error.isOsvaFault { throw error }
            return reject(error.code, error.detailWithPlace)
        }
        guard let organiser = OID(context.sender) else {
            return reject(.restrictionsNotController, "The sender is not an OID.")
        }
        for change in changes {
            switch change.restriction.scope {
            case .allRegisters:
                guard try context.grants.isOrganiser(context.sender) else {
                    return reject(.restrictionsNotController,
                                  "\(context.sender) controls no register (see `osva "
                                      + "registers`).")
                }
            case .register(let register):
                guard try context.grants.controls(organiser: organiser,
                                                  controller: register.controller,
                                                  type: register.type)
                else {
                    return reject(.restrictionsNotController,
                                  "Register \(register) is not controlled by "
                                      + "\(context.sender) (see `osva registers`).")
                }
            }
        }
        var counts: [RestrictionChange.Action: Int] = [:]
        var unchanged = 0
        let now = Date()
        for change in changes {
            if try restrictions.apply(change, organiser: organiser, claim: context.claim,
                                      at: now) {
                counts[change.action, default: 0] += 1
            } else {
                unchanged += 1
            }
        }
        let patients = Set(changes.map(\.restriction.patient.value))
        item.patient = patients.count == 1 ? patients.first : nil
        item.outcome = .accepted
        item.message = "Applied: \(counts[.restrict] ?? 0) restrictions added, "
            + "\(counts[.lift] ?? 0) lifted, \(unchanged) unchanged (already so) for "
            + "\(patients.count) patients."
        return item
    }

    // MARK: Requests

    /// Answers one request: an item per patient, each followed by an item per document
    /// returned or withheld.
    private mutating func answer(_ entry: StagedEntry, reader: RequestReader) throws
        -> [ItemResult]
    {
        let request: AccessRequest
        do {
            request = try reader.read(path: entry.stagedPath)
        } catch {
            if error.isOsvaFault { throw error }
            return [ItemResult(path: entry.listed.path, kind: .request, outcome: .rejected,
                               reason: error.code,
                               message: error.code.entry.meaning + " " + error.detailWithPlace)]
        }
        guard let provider = OID(context.sender) else { return [] }
        let histories = try context.grants.histories(provider: provider)
        var items: [ItemResult] = []
        for patient in request.patients {
            let decision = AccessRight.authorise(
                patient: patient, provider: provider, organiser: request.organiser,
                at: context.arrival, only: request.authorisation, histories: histories)
            switch decision {
            case .denied(let code, let closest):
                items.append(try refuse(patient, code, closest: closest, request: request,
                                    path: entry.listed.path))
            case .allowed(let grants):
                items += try disclose(patient, grants: grants, request: request,
                                      path: entry.listed.path)
            }
        }
        return items
    }

    /// The item and log row of a refused patient.
    private func refuse(_ patient: Henkilotunnus, _ code: ReasonCode,
                        closest: AuthorisationRef?, request: AccessRequest,
                        path: String) throws -> ItemResult {
        var item = ItemResult(path: path, kind: .request, outcome: .rejected, reason: code,
                              message: code.entry.meaning + " Nothing was returned for "
                                  + "\(patient.value)."
                                  + (closest.map { " Closest authorisation: \($0)." } ?? ""))
        item.patient = patient.value
        item.authorisation = closest
        try disclosures.append(DisclosureRecord(
            at: Date(), requestedAt: context.arrival, provider: context.sender,
            organiser: request.organiser.value, patient: patient.value, outcome: .refused,
            reason: code, authorisation: closest, bundleClaim: context.claim,
            requestPath: path))
        return item
    }

    /// The items and log rows of a patient answered under `grants`: every stored document of
    /// the grants' registers that the request asks for, returned or withheld.
    ///
    /// A returned document of an imaging study brings the study's images with it: the
    /// provider may see them exactly when it may see the study's document.
    private mutating func disclose(_ patient: Henkilotunnus, grants: [AccessRight.Grant],
                                   request: AccessRequest, path: String) throws
        -> [ItemResult]
    {
        var returned: [AuthorisationRef: [String]] = [:]
        var withheld: [AuthorisationRef: [DisclosureRecord.Withheld]] = [:]
        var items: [ItemResult] = []
        var images: [(item: ItemResult, authorisation: AuthorisationRef)] = []
        for document in try candidates(patient, grants: grants, request: request) {
            let facts = AccessRight.Document(
                register: document.register, effectiveTime: document.effectiveTime,
                serviceEvent: document.serviceEvent,
                isRestricted: try restrictions.isRestricted(patient: patient,
                                                            register: document.register))
            var item: ItemResult
            switch AccessRight.classify(facts, under: grants) {
            case .notListed:
                continue
            case .returned(let grant):
                let file = response.add(sha256: document.sha256, size: document.size)
                item = ItemResult(path: file, kind: .document, outcome: .returned,
                                  message: "Returned as \(file) in "
                                      + ResponseBundle.name(forClaim: context.claim) + ".")
                item.authorisation = grant.authorisation
                returned[grant.authorisation, default: []].append(document.documentID)
                images += try studyImages(of: document.documentID, grant: grant,
                                          patient: patient)
                    .map { ($0, grant.authorisation) }
            case .withheld(let code, let grant):
                item = ItemResult(path: path, kind: .document, outcome: .withheld,
                                  reason: code, message: code.entry.meaning)
                item.authorisation = grant.authorisation
                withheld[grant.authorisation, default: []].append(
                    DisclosureRecord.Withheld(documentID: document.documentID, reason: code))
            }
            item.documentID = document.documentID
            item.patient = patient.value
            item.register = document.register
            items.append(item)
        }
        let count = (returned.values.map(\.count).reduce(0, +),
                     withheld.values.map(\.count).reduce(0, +))
        // The log names returned images by their SOP Instance UIDs, beside the documents.
        for (image, authorisation) in images {
            items.append(image)
            returned[authorisation, default: []].append(image.sopInstanceUID ?? image.path)
        }
        if count.0 > 0 { responder = responder ?? request.organiser.value }
        var logged = grants.filter {
            returned[$0.authorisation] != nil || withheld[$0.authorisation] != nil
        }
        if logged.isEmpty { logged = [grants[0]] }
        for grant in logged {
            try disclosures.append(DisclosureRecord(
                at: Date(), requestedAt: context.arrival, provider: context.sender,
                organiser: request.organiser.value, patient: patient.value,
                outcome: .disclosed, authorisation: grant.authorisation,
                returned: returned[grant.authorisation] ?? [],
                withheld: withheld[grant.authorisation] ?? [], bundleClaim: context.claim,
                requestPath: path))
        }
        let first = grants[0]
        var item = ItemResult(
            path: path, kind: .request, outcome: .accepted,
            message: "Answered for \(patient.value) under authorisation \(first.authorisation) "
                + (first.isAccessRight ? "(access right" : "(normal disclosure rules")
                + ", register \(first.register)): \(count.0) documents returned, "
                + "\(count.1) withheld.")
        item.patient = patient.value
        item.authorisation = first.authorisation
        return [item] + items
    }

    /// The stored documents of `patient` in the grants' registers that pass the request's
    /// filters, in the order they were stored.
    private func candidates(_ patient: Henkilotunnus, grants: [AccessRight.Grant],
                            request: AccessRequest) throws -> [StoredDocument] {
        var registers: [RegisterRef] = []
        for grant in grants where !registers.contains(grant.register) {
            registers.append(grant.register)
        }
        var documents: [StoredDocument] = []
        for register in registers {
            for document in try context.register.documents(controller: register.controller,
                                                           patient: patient.value)
            where document.register == register
                && request.matches(effectiveTime: document.effectiveTime,
                                   serviceEvent: document.serviceEvent)
            {
                if !request.documentTypes.isEmpty {
                    let types = try DocumentTypeReader.types(
                        ofFile: context.store.path(of: document.sha256))
                    if !request.matches(types: types) { continue }
                }
                documents.append(document)
            }
        }
        return documents
    }

    /// The images of the studies `documentID` belongs to, added to the response.
    private mutating func studyImages(of documentID: String, grant: AccessRight.Grant,
                                      patient: Henkilotunnus) throws -> [ItemResult] {
        var items: [ItemResult] = []
        for studyUID in try studies.studies(of: documentID) {
            for instance in try studies.instances(of: studyUID) {
                let file = response.addImage(sha256: instance.sha256, size: instance.size,
                                             study: studyUID)
                var item = ItemResult(path: file, kind: .image, outcome: .returned,
                                      message: "Image of study \(studyUID), returned as "
                                          + "\(file) in "
                                          + ResponseBundle.name(forClaim: context.claim) + ".")
                item.authorisation = grant.authorisation
                item.patient = patient.value
                item.studyInstanceUID = studyUID
                item.sopInstanceUID = instance.sopInstanceUID
                items.append(item)
            }
        }
        return items
    }
}
