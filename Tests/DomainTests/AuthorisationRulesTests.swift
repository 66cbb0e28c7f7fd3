import Domain
import Testing

/// One field of a valid authorisation broken, and the one code that must report it.
struct Breakage: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: ReasonCode
    let apply: @Sendable (inout Authorisation) throws -> Void

    var testDescription: String { name }

    static let all: [Breakage] = [
        Breakage(name: "no custodian", expected: .osvaCustodianMissing) { $0.custodian = nil },
        Breakage(name: "no type", expected: .osvaTypeMissing) { $0.kind = nil },
        Breakage(name: "no validity start", expected: .osvaValidityStartMissing) {
            $0.validFrom = nil
        },
        Breakage(name: "no validity end", expected: .osvaValidityEndMissing) {
            $0.validUntil = nil
        },
        Breakage(name: "validity reversed", expected: .osvaValidityReversed) {
            $0.validFrom = try Value.time("20240630")
            $0.validUntil = try Value.time("20240101")
        },
        Breakage(name: "validity ends the day before it starts",
                 expected: .osvaValidityReversed) {
            $0.validFrom = try Value.time("20240102")
            $0.validUntil = try Value.time("20240101")
        },
        Breakage(name: "no organiser", expected: .osvaOrganiserMissing) { $0.organiser = nil },
        Breakage(name: "organiser without name", expected: .osvaOrganiserNameMissing) {
            $0.organiser?.name = nil
        },
        Breakage(name: "organiser with empty name", expected: .osvaOrganiserNameMissing) {
            $0.organiser?.name = ""
        },
        Breakage(name: "patient-specific without service unit",
                 expected: .osvaServiceUnitMissing) { $0.serviceUnit = nil },
        Breakage(name: "provider without name", expected: .osvaProviderNameMissing) {
            $0.provider?.name = nil
        },
        Breakage(name: "provider with empty name", expected: .osvaProviderNameMissing) {
            $0.provider?.name = ""
        },
        Breakage(name: "storage block without type", expected: .osvaRegisterTypeMissing) {
            $0.storageRight?.type = ""
        },
        Breakage(name: "access block without type", expected: .osvaRegisterTypeMissing) {
            $0.accessRight?.type = ""
        },
        Breakage(name: "both blocks without type", expected: .osvaRegisterTypeMissing) {
            $0.storageRight?.type = ""
            $0.accessRight?.type = ""
        },
        Breakage(name: "storage block type 4 without specifier",
                 expected: .osvaSpecifierMissing) { $0.storageRight?.specifier = nil },
        Breakage(name: "storage block type 4 with empty specifier",
                 expected: .osvaSpecifierMissing) { $0.storageRight?.specifier = "" },
        Breakage(name: "access block type 4 without specifier",
                 expected: .osvaSpecifierMissing) { $0.accessRight?.specifier = nil },
        Breakage(name: "no storage block", expected: .osvaStorageBlockMissing) {
            $0.storageRight = nil
        },
        Breakage(name: "custodian is not the storage controller",
                 expected: .osvaCustodianMismatch) {
            $0.custodian = try Value.oid(World.otherController)
        },
        Breakage(name: "storage controller is not the custodian",
                 expected: .osvaCustodianMismatch) {
            $0.storageRight?.controller = try Value.oid(World.otherController)
        },
        Breakage(name: "patient-specific without patient", expected: .osvaPatientMissing) {
            $0.patient = nil
            $0.patientText = nil
        },
        Breakage(name: "patient id with a wrong check character",
                 expected: .osvaPatientInvalid) {
            $0.patient = nil
            $0.patientText = "030875-999X"
        },
        Breakage(name: "patient without name", expected: .osvaPatientNameMissing) {
            $0.patientName = nil
        },
        Breakage(name: "patient with empty name", expected: .osvaPatientNameMissing) {
            $0.patientName = ""
        },
        Breakage(name: "a value the reader could not type", expected: .osvaProviderInvalid) {
            $0.readProblems = [.osvaProviderInvalid]
        },
    ]
}

struct AuthorisationRulesTests {
    @Test func aCompleteAuthorisationHasNoProblems() throws {
        #expect(AuthorisationRules.problems(in: try World.authorisation()) == [])
    }

    @Test(arguments: Breakage.all)
    func eachBrokenRuleHasItsOwnCode(breakage: Breakage) throws {
        var authorisation = try World.authorisation()
        try breakage.apply(&authorisation)
        #expect(AuthorisationRules.problems(in: authorisation) == [breakage.expected])
    }

    /// A service voucher: the organiser names the provider later. Not a problem.
    @Test func aBlankProviderIsNotAProblem() throws {
        var authorisation = try World.authorisation()
        authorisation.provider = nil
        #expect(authorisation.isProviderBlank)
        #expect(AuthorisationRules.problems(in: authorisation) == [])
    }

    @Test func aRegisterSpecificOneNeedsNoPatientNorServiceUnit() throws {
        var authorisation = try World.authorisation()
        authorisation.kind = .registerSpecific
        authorisation.patient = nil
        authorisation.patientText = nil
        authorisation.patientName = nil
        authorisation.serviceUnit = nil
        #expect(AuthorisationRules.problems(in: authorisation) == [])
    }

    @Test func aOneDayValidityIsNotReversed() throws {
        var authorisation = try World.authorisation()
        authorisation.validFrom = try Value.time("20240101")
        authorisation.validUntil = try Value.time("20240101")
        #expect(AuthorisationRules.problems(in: authorisation) == [])
    }

    @Test func registerTypesOtherThan4NeedNoSpecifier() throws {
        var authorisation = try World.authorisation()
        authorisation.storageRight = RegisterRef(
            controller: try Value.oid(World.controller), type: "2")
        authorisation.accessRight = nil
        #expect(AuthorisationRules.problems(in: authorisation) == [])
    }

    @Test func aCancellationOnlyNeedsItsCustodian() throws {
        let cancellation = try World.cancellation(version: 2, at: "20240201000000+0200")
        #expect(cancellation.kind == nil && cancellation.storageRight == nil)
        #expect(AuthorisationRules.problems(in: cancellation) == [])

        var withoutCustodian = cancellation
        withoutCustodian.custodian = nil
        #expect(AuthorisationRules.problems(in: withoutCustodian) == [.osvaCustodianMissing])
    }

    @Test func everyProblemIsReportedOnceInFormOrder() throws {
        var authorisation = try World.authorisation()
        authorisation.validUntil = nil
        authorisation.kind = nil
        authorisation.custodian = nil
        #expect(AuthorisationRules.problems(in: authorisation)
                == [.osvaCustodianMissing, .osvaTypeMissing, .osvaValidityEndMissing])
    }
}
