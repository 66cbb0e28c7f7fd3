import Foundation

/// The access decision: which of an organiser's documents a provider may read.
///
/// A request is answered for a patient only under an authorisation in force at the time of
/// the request that names the organiser, the requesting provider and, when patient-specific,
/// the patient. With an access block (form 362 field 15) and its disclosure scope (29–32),
/// the provider reads the access block's register within that scope, restrictions or not.
/// Without one, the normal rules apply: the authorisation's storage register, never a
/// document the patient has restricted. Nothing outside these registers, ever.
public enum AccessRight {
    /// What one authorisation in force lets the provider read for a patient.
    public struct Grant: Sendable, Hashable {
        /// The authorisation version whose terms give the right.
        public var authorisation: AuthorisationRef
        /// The register the provider may read.
        public var register: RegisterRef
        /// The access right's disclosure scope; nil under the normal rules.
        public var disclosure: Authorisation.Disclosure?
        /// When the authorisation's validity starts (for a deterministic order).
        public var validFrom: Date

        /// True when the access right applies and restrictions do not.
        public var isAccessRight: Bool { disclosure != nil }

        /// Creates a grant.
        public init(authorisation: AuthorisationRef, register: RegisterRef,
                    disclosure: Authorisation.Disclosure?, validFrom: Date) {
            self.authorisation = authorisation
            self.register = register
            self.disclosure = disclosure
            self.validFrom = validFrom
        }
    }

    /// The outcome for one patient of a request.
    public enum Decision: Sendable, Hashable {
        /// Answered under these grants, access rights first.
        case allowed([Grant])
        /// Refused: the reason, and the authorisation that came closest when one exists.
        case denied(ReasonCode, closest: AuthorisationRef?)
    }

    /// What becomes of one stored document of a candidate register.
    public enum Classification: Sendable, Hashable {
        /// Given to the provider under this grant.
        case returned(Grant)
        /// Not given, for this reason; listed in the receipt because the grant's register
        /// holds it and the request asked for it.
        case withheld(ReasonCode, Grant)
        /// Not the provider's to know about: outside every grant's register.
        case notListed
    }

    /// The facts of a stored document that the classification uses.
    public struct Document: Sendable, Hashable {
        /// The register the document is stored in.
        public var register: RegisterRef
        /// When the document was made.
        public var effectiveTime: HL7Time
        /// Its service event (`root`, or `root^extension`), when it has one.
        public var serviceEvent: String?
        /// True when a restriction of the patient covers the document's register.
        public var isRestricted: Bool

        /// Creates the facts.
        public init(register: RegisterRef, effectiveTime: HL7Time, serviceEvent: String?,
                    isRestricted: Bool) {
            self.register = register
            self.effectiveTime = effectiveTime
            self.serviceEvent = serviceEvent
            self.isRestricted = isRestricted
        }
    }

    /// Decides whether `provider` may read `organiser`'s documents of `patient` at `time`.
    ///
    /// Only authorisations whose terms name `organiser` and `provider` (and, when `only` is
    /// given, with that set id) are considered. When none allows the request, the reason is
    /// the first condition failed by the authorisation that came closest, in this order:
    /// patient, cancellation, validity start, validity end; `access-none` when none exists.
    public static func authorise(
        patient: Henkilotunnus, provider: OID, organiser: OID, at time: Date,
        only: OID? = nil, histories: [AuthorisationHistory]
    ) -> Decision {
        var grants: [Grant] = []
        var closest: (depth: Int, reason: ReasonCode, ref: AuthorisationRef)?
        for history in histories {
            guard let terms = history.terms, let newest = history.newest,
                  terms.organiser?.id == organiser, terms.provider?.id == provider,
                  only == nil || terms.setID == only,
                  let storage = terms.storageRight
            else { continue }
            let failures = conditions(patient: patient, terms: terms,
                                      cancellation: history.cancellation, time: time)
            if let failed = failures.firstIndex(where: { $0 != nil }),
               let reason = failures[failed]
            {
                let ref = AuthorisationRef(newest)
                if closest.map({ ($0.depth, $0.ref.setID) < (failed, ref.setID) }) ?? true {
                    closest = (failed, reason, ref)
                }
                continue
            }
            let validFrom = terms.validFrom?.start ?? .distantPast
            if let access = terms.accessRight, let disclosure = terms.disclosure {
                grants.append(Grant(authorisation: AuthorisationRef(terms), register: access,
                                    disclosure: disclosure, validFrom: validFrom))
            } else {
                grants.append(Grant(authorisation: AuthorisationRef(terms), register: storage,
                                    disclosure: nil, validFrom: validFrom))
            }
        }
        if !grants.isEmpty {
            return .allowed(grants.sorted {
                ($0.isAccessRight ? 0 : 1, -$0.validFrom.timeIntervalSince1970,
                 $0.authorisation.setID.value)
                    < ($1.isAccessRight ? 0 : 1, -$1.validFrom.timeIntervalSince1970,
                       $1.authorisation.setID.value)
            })
        }
        if let closest { return .denied(closest.reason, closest: closest.ref) }
        return .denied(.accessNone, closest: nil)
    }

    /// Classifies `document` under `grants` (in their order): returned under the first grant
    /// that gives it, else withheld under the first whose register holds it, else not listed.
    public static func classify(_ document: Document, under grants: [Grant]) -> Classification {
        var withheld: Classification?
        for grant in grants where grant.register == document.register {
            if let reason = refusal(document, under: grant) {
                withheld = withheld ?? .withheld(reason, grant)
            } else {
                return .returned(grant)
            }
        }
        return withheld ?? .notListed
    }

    /// Why `grant` does not give `document` (in its register), or nil when it does.
    static func refusal(_ document: Document, under grant: Grant) -> ReasonCode? {
        guard let disclosure = grant.disclosure else {
            return document.isRestricted ? .accessRestricted : nil
        }
        return covers(disclosure, document) ? nil : .accessOutsideScope
    }

    /// True when the disclosure scope covers the document: all documents, the document's
    /// time inside the interval (whole days in Helsinki time for dates), or its service
    /// event listed.
    public static func covers(_ disclosure: Authorisation.Disclosure, _ document: Document)
        -> Bool
    {
        switch disclosure {
        case .all:
            return true
        case .interval(let low, let high):
            return document.effectiveTime.start >= low.start
                && document.effectiveTime.start < high.end
        case .serviceEvents(let events):
            guard let event = document.serviceEvent else { return false }
            return events.contains { $0.value == event }
        }
    }

    /// Each condition in order, nil where it holds.
    private static func conditions(
        patient: Henkilotunnus, terms: Authorisation, cancellation: Authorisation?, time: Date
    ) -> [ReasonCode?] {
        let isPatientSpecific = terms.kind == .patientSpecific
        return [
            !isPatientSpecific || terms.patient == patient ? nil : .accessOtherPatient,
            cancellation.map { time >= $0.effectiveTime.start } == true ? .accessCancelled : nil,
            time >= (terms.validFrom?.start ?? .distantFuture) ? nil : .accessNotYetValid,
            time < (terms.validUntil?.end ?? .distantPast) ? nil : .accessExpired,
        ]
    }
}
