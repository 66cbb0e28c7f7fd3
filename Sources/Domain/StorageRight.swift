import Foundation

/// The storage-right decision: may this provider store this document in this register?
///
/// The document must be covered by an authorisation in force that names the sending provider,
/// the document's organiser and register (controller, type and specifier), the patient (for a
/// patient-specific authorisation), and whose validity contains the document's time. A
/// document made inside the validity may arrive up to `grace` after its end.
public enum StorageRight {
    /// The outcome, with the authorisation that decided it.
    public enum Decision: Sendable, Hashable {
        /// Allowed by this authorisation version.
        case allowed(AuthorisationRef)
        /// Refused: the reason, and the closest authorisation when one exists.
        case denied(ReasonCode, closest: AuthorisationRef?)
    }

    /// The facts of a document that the decision uses, already checked to be present.
    public struct Document: Sendable, Hashable {
        public var register: RegisterRef
        public var patient: Henkilotunnus
        public var organiser: OID
        public var time: HL7Time

        /// Creates the facts.
        public init(register: RegisterRef, patient: Henkilotunnus, organiser: OID, time: HL7Time) {
            self.register = register
            self.patient = patient
            self.organiser = organiser
            self.time = time
        }
    }

    /// Decides for `document` sent by `provider` and arriving at `arrival`.
    ///
    /// `histories` may hold any authorisations; only those on the document's register
    /// controller that name `provider` or leave the provider blank are considered. When several
    /// allow the document, the one whose validity started last wins (then the highest set id),
    /// so the choice is deterministic.
    public static func decide(
        _ document: Document, provider: OID, arrival: Date, grace: TimeInterval,
        histories: [AuthorisationHistory]
    ) -> Decision {
        var closest: Candidate?
        var allowed: Candidate?
        for history in histories {
            guard let terms = history.terms, let newest = history.newest,
                  let storage = terms.storageRight,
                  storage.controller == document.register.controller,
                  terms.provider == nil || terms.provider?.id == provider
            else { continue }
            let failures = conditions(document, terms: terms, storage: storage,
                                      cancellation: history.cancellation, arrival: arrival,
                                      grace: grace)
            let failed = failures.firstIndex { $0 != nil }
            let candidate = Candidate(
                depth: failed ?? failures.count, reason: failed.flatMap { failures[$0] },
                ref: AuthorisationRef(newest),
                validFrom: terms.validFrom?.start ?? .distantPast)
            if candidate.reason == nil {
                if allowed.map({ $0 < candidate }) ?? true { allowed = candidate }
            } else if closest.map({ $0 < candidate }) ?? true {
                closest = candidate
            }
        }
        if let allowed { return .allowed(allowed.ref) }
        if let closest, let reason = closest.reason {
            return .denied(reason, closest: closest.ref)
        }
        return .denied(.rightNone, closest: nil)
    }

    /// An authorisation considered for a document, ordered by how close it came.
    private struct Candidate: Comparable {
        let depth: Int
        let reason: ReasonCode?
        let ref: AuthorisationRef
        let validFrom: Date

        static func < (lhs: Candidate, rhs: Candidate) -> Bool {
            (lhs.depth, lhs.validFrom, lhs.ref.setID.value)
                < (rhs.depth, rhs.validFrom, rhs.ref.setID.value)
        }
    }

    /// Each condition in order, nil where it holds; the first failure explains a denial, and
    /// the number of conditions passed measures how close an authorisation came.
    private static func conditions(
        _ document: Document, terms: Authorisation, storage: RegisterRef,
        cancellation: Authorisation?, arrival: Date, grace: TimeInterval
    ) -> [ReasonCode?] {
        let isPatientSpecific = terms.kind == .patientSpecific
        let until = terms.validUntil?.end ?? .distantPast
        return [
            terms.organiser?.id == document.organiser ? nil : .rightOtherOrganiser,
            terms.provider == nil ? .rightProviderBlank : nil,
            storage == document.register ? nil : .rightOtherRegister,
            !isPatientSpecific || terms.patient == document.patient ? nil : .rightOtherPatient,
            cancellation.map { arrival >= $0.effectiveTime.start } == true
                ? .rightCancelled : nil,
            document.time.start >= (terms.validFrom?.start ?? .distantFuture)
                ? nil : .rightNotYetValid,
            document.time.start < until && arrival < until.addingTimeInterval(grace)
                ? nil : .rightExpired,
        ]
    }
}
