import Domain
import Foundation
import Intake
import Storage

/// Applies the organiser's authorisations to the grant database.
///
/// Only the organiser named in an authorisation, for a register it controls, may create,
/// change, complete or cancel it. Versions may arrive in any order or twice: every version is
/// kept, the highest version number is in force, and an identical resend changes nothing.
struct AuthorisationStep {
    private let context: DecisionContext

    init(_ context: DecisionContext) {
        self.context = context
    }

    /// Checks and stores `authorisation`, and says what happened.
    mutating func apply(_ authorisation: Authorisation, entry: StagedEntry) throws -> ItemResult {
        var item = ItemResult(path: entry.listed.path, kind: .authorisation,
                              outcome: .rejected, message: "")
        item.documentID = authorisation.documentID.value
        item.patient = authorisation.patient?.value ?? authorisation.patientText
        item.register = authorisation.storageRight
        item.authorisation = AuthorisationRef(authorisation)

        if let problem = try refusal(of: authorisation) {
            item.reason = problem.code
            item.message = problem.code.entry.meaning + " " + problem.detail
            return item
        }
        let sha256 = entry.listed.sha256
        if let (stored, storedSHA) = try context.grants.version(
            documentID: authorisation.documentID) ?? context.grants.version(
                setID: authorisation.setID, number: authorisation.version)
        {
            if storedSHA == sha256 || stored == authorisation {
                item.outcome = .alreadyStored
                item.message = "This authorisation version is already applied; nothing changed."
            } else {
                item.reason = .osvaVersionConflict
                item.message = ReasonCode.osvaVersionConflict.entry.meaning
                    + " Stored: \(stored.documentID) version \(stored.version)."
            }
            return item
        }
        try context.store.put(copyOf: entry.stagedPath, sha256: sha256)
        try context.grants.insert(authorisation, sha256: sha256, sender: context.sender,
                                  claim: context.claim, at: Date())
        item.outcome = .accepted
        item.serviceInformation = authorisation.additionalInformation
        item.message = try appliedMessage(authorisation)
        return item
    }

    /// The first reason to refuse `authorisation`, if any.
    private func refusal(of a: Authorisation) throws -> (code: ReasonCode, detail: String)? {
        let problems = AuthorisationRules.problems(in: a)
        if let first = problems.first {
            let all = problems.map(\.rawValue).joined(separator: ", ")
            return (first, problems.count > 1 ? "All problems found: \(all)." : "")
        }
        let history = try context.grants.history(setID: a.setID)
        if let owner = history?.terms?.organiser?.id, owner.value != context.sender {
            return (.osvaSenderNotOrganiser,
                    "Authorisation \(a.setID) belongs to organiser \(owner).")
        }
        if a.isCancelled {
            if history == nil {
                return (.documentReplacesUnknown,
                        "No authorisation with set id \(a.setID) is stored to cancel.")
            }
            return nil
        }
        guard a.organiser?.id.value == context.sender else {
            return (.osvaSenderNotOrganiser,
                    "The authorisation names organiser \(a.organiser?.id.value ?? "none"); "
                        + "it came from \(context.sender).")
        }
        for block in [a.storageRight, a.accessRight].compactMap({ $0 }) {
            guard let organiser = OID(context.sender),
                  try context.grants.controls(organiser: organiser, controller: block.controller,
                                              type: block.type)
            else {
                return (.osvaRegisterNotControlled,
                        "Register \(block.controller) type \(block.type) is not configured as "
                            + "controlled by \(context.sender) (see `osva registers`).")
            }
        }
        return nil
    }

    private func appliedMessage(_ a: Authorisation) throws -> String {
        let newest = try context.grants.history(setID: a.setID)?.newest
        if let newest, newest.version > a.version {
            return "Stored as version \(a.version); version \(newest.version) stays in force."
        }
        if a.isCancelled {
            return "Authorisation \(a.setID) is cancelled from \(a.effectiveTime); it grants "
                + "nothing from now on. Documents stored earlier stay in the register."
        }
        if a.isProviderBlank {
            return "Applied as version \(a.version). The provider is left blank: it grants "
                + "nothing until a later version names the provider."
        }
        return "Applied: version \(a.version) is in force."
    }
}
