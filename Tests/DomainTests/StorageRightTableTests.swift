import Domain
import Foundation
import Testing

/// One combination of the storage-right decision table.
///
/// The authorisation (number 1 of `World`) is valid 1.1.–30.6.2024, Helsinki days, with its
/// storage right on the occupational-health register `World.register()`, and names
/// `World.provider`; the document always names the authorisation's organiser.
struct StorageScenario: Sendable, CustomTestStringConvertible {
    enum Kind: CaseIterable, Sendable { case patientSpecific, registerSpecific }
    enum Patient: CaseIterable, Sendable { case same, other }
    enum Register: CaseIterable, Sendable { case same, otherType, otherSpecifier }
    enum Timing: CaseIterable, Sendable {
        case before, inside, after, insideArrivedInGrace, insideArrivedAfterGrace
    }
    enum Versions: CaseIterable, Sendable {
        case current, supersededByNarrower, cancelled, providerBlank
    }
    enum Sender: CaseIterable, Sendable { case namedProvider, otherProvider }

    let kind: Kind
    let patient: Patient
    let register: Register
    let timing: Timing
    let versions: Versions
    let sender: Sender

    var testDescription: String {
        "\(kind) \(patient)-patient \(register)-register \(timing) \(versions) \(sender)"
    }

    /// Every combination: 2 × 2 × 3 × 5 × 4 × 2.
    static let all: [StorageScenario] = Kind.allCases.flatMap { kind in
        Patient.allCases.flatMap { patient in
            Register.allCases.flatMap { register in
                Timing.allCases.flatMap { timing in
                    Versions.allCases.flatMap { versions in
                        Sender.allCases.map { sender in
                            StorageScenario(kind: kind, patient: patient, register: register,
                                            timing: timing, versions: versions, sender: sender)
                        }
                    }
                }
            }
        }
    }

    static let grace: TimeInterval = 7 * 24 * 3600
    /// Validity start and end of `20240101`–`20240630` in Helsinki, by hand.
    static let validityStart = "2023-12-31T22:00:00Z"
    static let validityEnd = "2024-06-30T21:00:00Z"
    /// The cancellation's effectiveTime, as HL7 and by hand.
    static let cancelledAtText = "20240201000000+0200"
    static let cancelledAt = "2024-01-31T22:00:00Z"

    /// The document's time as HL7, the same instant by hand, and when it arrived.
    var moment: (time: String, instant: String, arrival: String) {
        switch timing {
        case .before: ("20231231235959", "2023-12-31T21:59:59Z", "2024-01-02T08:00:00Z")
        case .inside: ("20240315120000+0200", "2024-03-15T10:00:00Z", "2024-03-16T08:00:00Z")
        // The first instant after the validity, inside the grace window.
        case .after: ("20240701000000", "2024-06-30T21:00:00Z", "2024-07-01T06:00:00Z")
        // The last second of the validity, arriving one second before grace ends.
        case .insideArrivedInGrace:
            ("20240630235959", "2024-06-30T20:59:59Z", "2024-07-07T20:59:59Z")
        // The same document, arriving exactly when grace ends.
        case .insideArrivedAfterGrace:
            ("20240630235959", "2024-06-30T20:59:59Z", "2024-07-07T21:00:00Z")
        }
    }

    /// The decision the written rules give, worked out without `StorageRight`.
    func expected() throws -> StorageRight.Decision {
        let newest = versions == .supersededByNarrower || versions == .cancelled ? 2 : 1
        let ref = try World.ref(1, version: newest)
        let providerNamed = versions != .providerBlank
        // An authorisation naming another provider is not considered at all.
        if providerNamed, sender == .otherProvider { return .denied(.rightNone, closest: nil) }
        // The organiser always matches in this table; the provider named comes next.
        guard providerNamed else { return .denied(.rightProviderBlank, closest: ref) }
        guard register == .same else { return .denied(.rightOtherRegister, closest: ref) }
        if kind == .patientSpecific, patient == .other {
            return .denied(.rightOtherPatient, closest: ref)
        }
        let made = try Value.instant(moment.instant)
        let arrival = try Value.instant(moment.arrival)
        if versions == .cancelled, arrival >= (try Value.instant(Self.cancelledAt)) {
            return .denied(.rightCancelled, closest: ref)
        }
        if made < (try Value.instant(Self.validityStart)) {
            return .denied(.rightNotYetValid, closest: ref)
        }
        let end = try Value.instant(Self.validityEnd)
        if made >= end || arrival >= end.addingTimeInterval(Self.grace) {
            return .denied(.rightExpired, closest: ref)
        }
        return .allowed(ref)
    }

    /// The authorisation's versions, newest first (they may arrive in any order).
    func histories() throws -> [AuthorisationHistory] {
        var terms = try World.authorisation(1, version: versions == .supersededByNarrower ? 2 : 1)
        if kind == .registerSpecific {
            terms.kind = .registerSpecific
            terms.patient = nil
            terms.patientText = nil
            terms.patientName = nil
        }
        if versions == .providerBlank { terms.provider = nil }
        switch versions {
        case .current, .providerBlank:
            return [AuthorisationHistory(versions: [terms])]
        case .supersededByNarrower:
            // Version 1 would allow every document here made from 1.1.2024 on: any patient,
            // the document's own register, valid to the end of the year.
            var broad = try World.authorisation(1, version: 1)
            broad.kind = .registerSpecific
            broad.patient = nil
            broad.patientText = nil
            broad.patientName = nil
            broad.storageRight = try documentRegister()
            broad.validUntil = try Value.time("20241231")
            return [AuthorisationHistory(versions: [terms, broad])]
        case .cancelled:
            let cancellation = try World.cancellation(1, version: 2, at: Self.cancelledAtText)
            return [AuthorisationHistory(versions: [cancellation, terms])]
        }
    }

    /// The register the document names.
    func documentRegister() throws -> RegisterRef {
        let controller = try Value.oid(World.controller)
        return switch register {
        case .same: try World.register()
        case .otherType: RegisterRef(controller: controller, type: "3",
                                     specifier: World.specifier)
        case .otherSpecifier: RegisterRef(controller: controller, type: World.registerType,
                                          specifier: "7654321-0")
        }
    }

    /// The document's facts.
    func document() throws -> StorageRight.Document {
        try World.document(time: moment.time,
                           patient: patient == .same ? World.patient : World.otherPatient,
                           register: try documentRegister())
    }

    /// The sending provider, the drop folder's organisation.
    func senderID() throws -> OID {
        try Value.oid(sender == .namedProvider ? World.provider : World.otherProvider)
    }
}

struct StorageRightTableTests {
    @Test(arguments: StorageScenario.all)
    func decisionFollowsTheWrittenRules(scenario: StorageScenario) throws {
        let histories = try scenario.histories()
        for version in histories.flatMap(\.versions) {
            #expect(AuthorisationRules.problems(in: version) == [],
                    "the table's authorisations are valid ones")
        }
        let decision = StorageRight.decide(
            try scenario.document(), provider: try scenario.senderID(),
            arrival: try Value.instant(scenario.moment.arrival), grace: StorageScenario.grace,
            histories: histories)
        #expect(decision == (try scenario.expected()))
    }

    @Test func theTableReachesEveryOutcome() throws {
        #expect(StorageScenario.all.count == 480)
        var reasons = Set<ReasonCode>()
        var allowed = 0
        for scenario in StorageScenario.all {
            switch try scenario.expected() {
            case .allowed: allowed += 1
            case .denied(let reason, _): reasons.insert(reason)
            }
        }
        #expect(allowed > 0)
        #expect(reasons == [.rightNone, .rightProviderBlank, .rightOtherRegister,
                            .rightOtherPatient, .rightCancelled, .rightNotYetValid,
                            .rightExpired])
    }
}
