import Domain
import Foundation
import Testing

/// Named storage-right cases with their exact reason and closest authorisation.
struct StorageRightTests {
    let grace: TimeInterval = 7 * 24 * 3600

    /// Decides for `document` with a week's grace.
    func decide(
        _ document: StorageRight.Document, histories: [AuthorisationHistory],
        provider: String = World.provider, arrival: String = "2024-03-16T08:00:00Z"
    ) throws -> StorageRight.Decision {
        StorageRight.decide(document, provider: try Value.oid(provider),
                            arrival: try Value.instant(arrival), grace: grace,
                            histories: histories)
    }

    /// One authorisation's versions.
    func history(_ versions: Authorisation...) -> AuthorisationHistory {
        AuthorisationHistory(versions: versions)
    }

    @Test func allowsThePatientsDocumentInsideTheValidity() throws {
        let decision = try decide(try World.document(time: "20240315120000"),
                                  histories: [history(try World.authorisation())])
        #expect(decision == .allowed(try World.ref(1, version: 1)))
    }

    @Test func withNoAuthorisationTheReasonIsNoneWithoutClosest() throws {
        let decision = try decide(try World.document(time: "20240315120000"), histories: [])
        #expect(decision == .denied(.rightNone, closest: nil))
    }

    @Test func anAuthorisationOnAnotherControllerIsNotConsidered() throws {
        var other = try World.authorisation()
        other.custodian = try Value.oid(World.otherController)
        other.storageRight?.controller = try Value.oid(World.otherController)
        let decision = try decide(try World.document(time: "20240315120000"),
                                  histories: [history(other)])
        #expect(decision == .denied(.rightNone, closest: nil))
    }

    @Test func anAuthorisationNamingAnotherProviderIsNotConsidered() throws {
        let decision = try decide(try World.document(time: "20240315120000"),
                                  histories: [history(try World.authorisation())],
                                  provider: World.otherProvider)
        #expect(decision == .denied(.rightNone, closest: nil))
    }

    @Test func aBlankProviderGrantsNothingToAnybody() throws {
        var voucher = try World.authorisation()
        voucher.provider = nil
        for provider in [World.provider, World.otherProvider] {
            let decision = try decide(try World.document(time: "20240315120000"),
                                      histories: [history(voucher)], provider: provider)
            #expect(decision == .denied(.rightProviderBlank,
                                        closest: try World.ref(1, version: 1)))
        }
    }

    @Test func anotherOrganiserIsNamedAsTheReason() throws {
        let document = try World.document(time: "20240315120000",
                                          organiser: World.otherOrganiser)
        let decision = try decide(document, histories: [history(try World.authorisation())])
        #expect(decision == .denied(.rightOtherOrganiser, closest: try World.ref(1, version: 1)))
    }

    @Test func theOrganiserIsCheckedBeforeEverythingElse() throws {
        // Wrong organiser, register, patient and time at once.
        let document = try World.document(
            time: "20250101", patient: World.otherPatient, organiser: World.otherOrganiser,
            register: RegisterRef(controller: try Value.oid(World.controller), type: "2"))
        let decision = try decide(document, histories: [history(try World.authorisation())],
                                  arrival: "2025-01-02T00:00:00Z")
        #expect(decision == .denied(.rightOtherOrganiser, closest: try World.ref(1, version: 1)))
    }

    @Test func theClosestIsTheOneThatPassedTheMostConditions() throws {
        var otherRegister = try World.authorisation(1)
        otherRegister.storageRight?.specifier = "7654321-0"
        otherRegister.accessRight = nil
        var ended = try World.authorisation(2)
        ended.validUntil = try Value.time("20240229")
        var otherOrganiser = try World.authorisation(3)
        otherOrganiser.organiser?.id = try Value.oid(World.otherOrganiser)
        let histories = [history(otherRegister), history(ended), history(otherOrganiser)]
        let document = try World.document(time: "20240315120000")
        let expected = StorageRight.Decision.denied(.rightExpired,
                                                    closest: try World.ref(2, version: 1))
        #expect(try decide(document, histories: histories) == expected)
        #expect(try decide(document, histories: histories.reversed()) == expected)
    }

    @Test func aNamedProviderThatGotFurtherIsCloserThanABlankOne() throws {
        var voucher = try World.authorisation(1)
        voucher.provider = nil
        let otherPatient = try World.authorisation(2)
        let document = try World.document(time: "20240315120000", patient: World.otherPatient)
        let expected = StorageRight.Decision.denied(.rightOtherPatient,
                                                    closest: try World.ref(2, version: 1))
        #expect(try decide(document, histories: [history(voucher), history(otherPatient)])
                == expected)
        #expect(try decide(document, histories: [history(otherPatient), history(voucher)])
                == expected)
    }

    @Test func aRegisterSpecificOneCoversEveryPatient() throws {
        var register = try World.authorisation()
        register.kind = .registerSpecific
        register.patient = nil
        register.patientText = nil
        register.patientName = nil
        let document = try World.document(time: "20240315120000", patient: World.otherPatient)
        #expect(try decide(document, histories: [history(register)])
                == .allowed(try World.ref(1, version: 1)))
    }

    @Test func theCenturySignIsPartOfThePatient() throws {
        var authorisation = try World.authorisation()
        authorisation.patient = try Value.patient("010100A998M")
        authorisation.patientText = "010100A998M"
        let sameDigits = try World.document(time: "20240315120000", patient: "010100B998M")
        #expect(try decide(sameDigits, histories: [history(authorisation)])
                == .denied(.rightOtherPatient, closest: try World.ref(1, version: 1)))
        let same = try World.document(time: "20240315120000", patient: "010100A998M")
        #expect(try decide(same, histories: [history(authorisation)])
                == .allowed(try World.ref(1, version: 1)))
    }

    @Test func theValidityStartIsAnInstantWhateverTheDocumentsOffset() throws {
        // The validity starts 2023-12-31T22:00:00Z: midnight in Helsinki, 23:00 at +01:00.
        let histories = [history(try World.authorisation())]
        let first = try World.document(time: "20231231230000+0100")
        #expect(try decide(first, histories: histories)
                == .allowed(try World.ref(1, version: 1)))
        let before = try World.document(time: "20231231225959+0100")
        #expect(try decide(before, histories: histories)
                == .denied(.rightNotYetValid, closest: try World.ref(1, version: 1)))
    }

    @Test func aCancellationCountsFromItsEffectiveTime() throws {
        let histories = [history(try World.authorisation(),
                                 try World.cancellation(version: 2, at: "20240320120000+0200"))]
        let document = try World.document(time: "20240315120000")
        #expect(try decide(document, histories: histories, arrival: "2024-03-20T09:59:59Z")
                == .allowed(try World.ref(1, version: 2)))
        #expect(try decide(document, histories: histories, arrival: "2024-03-20T10:00:00Z")
                == .denied(.rightCancelled, closest: try World.ref(1, version: 2)))
    }

    @Test func aVersionAfterACancellationIsInForce() throws {
        let histories = [history(try World.cancellation(version: 2, at: "20240201000000"),
                                 try World.authorisation(1, version: 3),
                                 try World.authorisation(1, version: 1))]
        #expect(try decide(try World.document(time: "20240315120000"), histories: histories)
                == .allowed(try World.ref(1, version: 3)))
    }

    @Test func aNarrowerNewVersionDecidesAndIsNamed() throws {
        let broad = try World.authorisation(1, version: 1)
        var narrow = try World.authorisation(1, version: 2)
        narrow.validUntil = try Value.time("20240229")
        let histories = [history(narrow, broad)]
        #expect(try decide(try World.document(time: "20240315120000"), histories: histories)
                == .denied(.rightExpired, closest: try World.ref(1, version: 2)))
    }

    @Test func aBroaderNewVersionAllowsAndIsNamed() throws {
        let narrow = try World.authorisation(1, version: 1)
        var broad = try World.authorisation(1, version: 2)
        broad.kind = .registerSpecific
        broad.patient = nil
        broad.patientText = nil
        broad.patientName = nil
        let document = try World.document(time: "20240315120000", patient: World.otherPatient)
        #expect(try decide(document, histories: [history(broad, narrow)])
                == .allowed(try World.ref(1, version: 2)))
    }

    @Test func whenSeveralAllowTheLatestStartingWinsThenTheHighestSetID() throws {
        let early = try World.authorisation(1)
        var late = try World.authorisation(2)
        late.validFrom = try Value.time("20240201")
        var alsoEarly = try World.authorisation(3)
        alsoEarly.validFrom = try Value.time("20240101")
        let document = try World.document(time: "20240315120000")

        let three = [history(early), history(late), history(alsoEarly)]
        #expect(try decide(document, histories: three) == .allowed(try World.ref(2, version: 1)))
        #expect(try decide(document, histories: three.reversed())
                == .allowed(try World.ref(2, version: 1)))

        let tied = [history(early), history(alsoEarly)]
        #expect(try decide(document, histories: tied) == .allowed(try World.ref(3, version: 1)))
        #expect(try decide(document, histories: tied.reversed())
                == .allowed(try World.ref(3, version: 1)))
    }

    @Test func graceAppliesOnlyToDocumentsMadeInsideTheValidity() throws {
        let histories = [history(try World.authorisation())]
        // Made on the last day, arriving six days after the end: allowed.
        let lastDay = try World.document(time: "20240630120000")
        #expect(try decide(lastDay, histories: histories, arrival: "2024-07-06T12:00:00Z")
                == .allowed(try World.ref(1, version: 1)))
        // Made the day after the end, arriving at once: expired.
        let dayAfter = try World.document(time: "20240701120000")
        #expect(try decide(dayAfter, histories: histories, arrival: "2024-07-01T12:00:00Z")
                == .denied(.rightExpired, closest: try World.ref(1, version: 1)))
    }
}
