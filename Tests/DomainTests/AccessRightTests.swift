import Domain
import Foundation
import Testing

/// `AccessRight`: which authorisations answer a request and what each document becomes.
/// Expectations follow the rules in docs/access.md.
@Suite struct AccessRightTests {
    /// A moment inside the test authorisation's validity (1.1.–30.6.2024).
    static let inside = "2024-03-01T10:00:00Z"

    func decide(_ authorisations: [Authorisation], patient: String = World.patient,
                provider: String = World.provider, organiser: String = World.organiser,
                at time: String = inside, only: OID? = nil) throws -> AccessRight.Decision {
        let histories = Dictionary(grouping: authorisations, by: \.setID).values
            .map { AuthorisationHistory(versions: $0) }
        return AccessRight.authorise(
            patient: try Value.patient(patient), provider: try Value.oid(provider),
            organiser: try Value.oid(organiser), at: try Value.instant(time), only: only,
            histories: histories)
    }

    func grants(_ decision: AccessRight.Decision) -> [AccessRight.Grant] {
        if case .allowed(let grants) = decision { return grants }
        return []
    }

    func accessAuthorisation(_ n: Int = 1, disclosure: Authorisation.Disclosure?) throws
        -> Authorisation
    {
        var a = try World.authorisation(n)
        a.disclosure = disclosure
        return a
    }

    @Test func anAccessBlockWithItsScopeGivesTheAccessRegister() throws {
        var a = try accessAuthorisation(disclosure: .all)
        let access = RegisterRef(controller: try Value.oid(World.controller), type: "2")
        a.accessRight = access
        let found = grants(try decide([a]))
        #expect(found.count == 1)
        #expect(found.first?.register == access)
        #expect(found.first?.isAccessRight == true)
        #expect(found.first?.authorisation == (try World.ref(1, version: 1)))
    }

    @Test func withoutAnAccessBlockTheNormalRulesGiveTheStorageRegister() throws {
        var a = try World.authorisation()
        a.accessRight = nil
        a.disclosure = .all
        let found = grants(try decide([a]))
        #expect(found.map(\.register) == [try World.register()])
        #expect(found.first?.isAccessRight == false)
    }

    @Test func anAccessBlockWithoutADisclosureScopeFallsBackToTheNormalRules() throws {
        let found = grants(try decide([try accessAuthorisation(disclosure: nil)]))
        #expect(found.first?.isAccessRight == false)
        #expect(found.first?.register == (try World.register()))
    }

    @Test func aPatientSpecificAuthorisationAnswersOnlyForItsPatient() throws {
        let a = try accessAuthorisation(disclosure: .all)
        #expect(try decide([a], patient: World.otherPatient)
                == .denied(.accessOtherPatient, closest: try World.ref(1, version: 1)))
        var register = a
        register.kind = .registerSpecific
        register.patient = nil
        #expect(grants(try decide([register], patient: World.otherPatient)).count == 1)
    }

    @Test func validityIsWholeHelsinkiDays() throws {
        let a = try accessAuthorisation(disclosure: .all)
        // 1.1.2024 00:00 in Helsinki is 31.12.2023 22:00 UTC (winter time).
        #expect(try decide([a], at: "2023-12-31T21:59:59Z")
                == .denied(.accessNotYetValid, closest: try World.ref(1, version: 1)))
        #expect(grants(try decide([a], at: "2023-12-31T22:00:00Z")).count == 1)
        // 30.6.2024 ends at 1.7.2024 00:00 in Helsinki, 30.6. 21:00 UTC (summer time).
        #expect(grants(try decide([a], at: "2024-06-30T20:59:59Z")).count == 1)
        #expect(try decide([a], at: "2024-06-30T21:00:00Z")
                == .denied(.accessExpired, closest: try World.ref(1, version: 1)))
    }

    @Test func aCancellationEndsTheAccessFromItsTime() throws {
        let a = try accessAuthorisation(disclosure: .all)
        // 1.3.2024 12:00 in Helsinki is 10:00 UTC.
        let cancel = try World.cancellation(version: 2, at: "20240301120000")
        #expect(grants(try decide([a, cancel], at: "2024-03-01T09:59:59Z")).count == 1)
        #expect(try decide([a, cancel], at: "2024-03-01T10:00:00Z")
                == .denied(.accessCancelled, closest: try World.ref(1, version: 2)))
    }

    @Test func onlyTheOrganiserAndProviderNamedCount() throws {
        let a = try accessAuthorisation(disclosure: .all)
        #expect(try decide([a], provider: World.otherProvider) == .denied(.accessNone,
                                                                          closest: nil))
        #expect(try decide([a], organiser: World.otherOrganiser) == .denied(.accessNone,
                                                                            closest: nil))
        var blank = a
        blank.provider = nil
        #expect(try decide([blank]) == .denied(.accessNone, closest: nil))
        #expect(try decide([a], only: try Value.oid(World.setID(2)))
                == .denied(.accessNone, closest: nil))
        #expect(grants(try decide([a], only: try Value.oid(World.setID(1)))).count == 1)
    }

    @Test func theClosestAuthorisationIsTheOneThatPassedMostConditions() throws {
        let otherPatient = try accessAuthorisation(1, disclosure: .all)
        var expired = try accessAuthorisation(2, disclosure: .all)
        expired.patient = try Value.patient(World.otherPatient)
        expired.validUntil = try Value.time("20240131")
        // For the other patient: authorisation 1 fails on the patient, 2 only on its end.
        #expect(try decide([otherPatient, expired], patient: World.otherPatient)
                == .denied(.accessExpired, closest: try World.ref(2, version: 1)))
    }

    @Test func accessRightsComeFirst() throws {
        var normal = try World.authorisation(1)
        normal.accessRight = nil
        let access = try accessAuthorisation(2, disclosure: .all)
        #expect(grants(try decide([normal, access])).map(\.isAccessRight) == [true, false])
    }

    // MARK: Classification

    func document(_ time: String, event: String? = nil, restricted: Bool = false,
                  register: RegisterRef? = nil) throws -> AccessRight.Document {
        AccessRight.Document(register: try register ?? World.register(),
                             effectiveTime: try Value.time(time), serviceEvent: event,
                             isRestricted: restricted)
    }

    func grant(_ disclosure: Authorisation.Disclosure?) throws -> AccessRight.Grant {
        AccessRight.Grant(authorisation: try World.ref(1, version: 1),
                          register: try World.register(), disclosure: disclosure,
                          validFrom: .distantPast)
    }

    @Test func theAccessRightIgnoresRestrictionsWithinItsScope() throws {
        let g = try grant(.interval(low: try Value.time("20140513"),
                                    high: try Value.time("20141009")))
        #expect(AccessRight.classify(try document("20140513000000", restricted: true),
                                     under: [g]) == .returned(g))
        #expect(AccessRight.classify(try document("20141009235959", restricted: true),
                                     under: [g]) == .returned(g))
        #expect(AccessRight.classify(try document("20141010000000"), under: [g])
                == .withheld(.accessOutsideScope, g))
        #expect(AccessRight.classify(try document("20140512235959"), under: [g])
                == .withheld(.accessOutsideScope, g))
    }

    @Test func serviceEventScopeListsEvents() throws {
        let event = "1.2.246.10.1602257.14.2014.145"
        let g = try grant(.serviceEvents([try Value.oid(event)]))
        #expect(AccessRight.classify(try document("20140424", event: event, restricted: true),
                                     under: [g]) == .returned(g))
        #expect(AccessRight.classify(try document("20140424", event: event + "1"), under: [g])
                == .withheld(.accessOutsideScope, g))
        #expect(AccessRight.classify(try document("20140424"), under: [g])
                == .withheld(.accessOutsideScope, g))
    }

    @Test func theNormalRulesNeverGiveARestrictedDocument() throws {
        let g = try grant(nil)
        #expect(AccessRight.classify(try document("20140424"), under: [g]) == .returned(g))
        #expect(AccessRight.classify(try document("20140424", restricted: true), under: [g])
                == .withheld(.accessRestricted, g))
    }

    @Test func documentsOutsideEveryGrantsRegisterAreNotListed() throws {
        let other = RegisterRef(controller: try Value.oid(World.controller), type: "4",
                                specifier: "7654321-0")
        for disclosure in [Authorisation.Disclosure.all, nil] {
            #expect(AccessRight.classify(try document("20140424", register: other),
                                         under: [try grant(disclosure)]) == .notListed)
        }
    }

    @Test func aDocumentIsReturnedWhenAnyGrantGivesIt() throws {
        let narrow = try grant(.interval(low: try Value.time("20140101"),
                                         high: try Value.time("20140131")))
        let normal = try grant(nil)
        #expect(AccessRight.classify(try document("20140424"), under: [narrow, normal])
                == .returned(normal))
        #expect(AccessRight.classify(try document("20140424", restricted: true),
                                     under: [narrow, normal])
                == .withheld(.accessOutsideScope, narrow))
    }
}
