import Documents
import Domain
import Foundation
import Testing

/// The real OmaKanta OSVA, read field by field and compared with the file's own `<text>`.
@Suite struct AuthorisationReadingTests {
    let text: String
    let authorisation: Authorisation

    init() throws {
        text = try Corpus.text(Corpus.osva)
        let reader = try CDAReader()
        authorisation = try Corpus.authorisation(
            reader.read(path: Corpus.osva, name: "osva.xml"))
    }

    func field(_ code: Int) throws -> String {
        try Corpus.fieldText(code, in: text)
    }

    @Test func headerMatchesTheDocument() throws {
        let id = try Corpus.attributes(ofFirst: "id", in: text)["root"]
        let setID = try Corpus.attributes(ofFirst: "setId", in: text)["root"]
        let custodian = try Corpus.attributes(
            ofFirst: "id", in: text, after: "<representedCustodianOrganization>")["root"]
        let time = try Corpus.attributes(ofFirst: "effectiveTime", in: text)["value"]
        #expect(authorisation.documentID.value == id)
        #expect(authorisation.setID.value == setID)
        #expect(authorisation.version == 1)
        #expect(authorisation.replaces == nil)
        #expect(authorisation.custodian?.value == custodian)
        #expect(authorisation.effectiveTime.text == time)
        #expect(!authorisation.isCancelled)
        #expect(authorisation.formID?.value == (try field(2)))
    }

    @Test func typeIsPatientSpecific() throws {
        #expect(try field(4) == "Potilaskohtainen ostopalvelu")
        #expect(authorisation.kind == .patientSpecific)
    }

    @Test func validityIsTheWrittenDates() throws {
        let written = try field(6)
        #expect(written == "13.5.2014 - 9.10.2014")
        let halves = written.components(separatedBy: " - ")
        try #require(halves.count == 2)
        let from = try #require(authorisation.validFrom)
        let until = try #require(authorisation.validUntil)
        #expect(Corpus.helsinkiParts(from.start) == (try Corpus.finnishDate(halves[0])))
        #expect(Corpus.helsinkiParts(until.start) == (try Corpus.finnishDate(halves[1])))
        #expect(from.precision == .day && until.precision == .day)
    }

    @Test func organiserAndServiceUnitAreTheWrittenOnes() throws {
        #expect(authorisation.organiser?.id.value == (try field(8)))
        #expect(authorisation.organiser?.name == (try field(9)))
        #expect(authorisation.serviceUnit?.id.value == (try field(10)))
        #expect(authorisation.serviceUnit?.name == (try field(11)))
    }

    @Test func providerIsTestiYksityinen() throws {
        #expect(try field(13) == "1.2.246.10.48484841.10.0")
        #expect(try field(14) == "Testi yksityinen")
        #expect(authorisation.provider == Party(id: OID("1.2.246.10.48484841.10.0")!,
                                                name: "Testi yksityinen"))
        #expect(!authorisation.isProviderBlank)
    }

    @Test func bothRightBlocksNameTheOccupationalHealthRegister() throws {
        // The readable register name, mapped to its code in 1.2.246.537.5.40150.2009.
        let typeCodes = ["Julkinen terveydenhuolto": "2", "Yksityinen terveydenhuolto": "3",
                         "Työterveyshuolto": "4"]
        let access = RegisterRef(
            controller: try #require(OID(try field(16))),
            type: try #require(typeCodes[try field(17)]), specifier: try field(18))
        let storage = RegisterRef(
            controller: try #require(OID(try field(21))),
            type: try #require(typeCodes[try field(22)]), specifier: try field(23))
        #expect(access.controller.value == "1.2.246.10.99999984.19.0")
        #expect(access.type == "4" && access.specifier == "1234567-1")
        #expect(authorisation.accessRight == access)
        #expect(authorisation.storageRight == storage)
    }

    @Test func patientIsTheWrittenTestPatient() throws {
        #expect(try field(26) == "030875-999Y")
        #expect(authorisation.patientText == "030875-999Y")
        #expect(authorisation.patient == Henkilotunnus("030875-999Y"))
        #expect(authorisation.patient != nil)
        #expect(authorisation.patientName == (try field(27)))
        #expect(authorisation.patientName == "Potilas, Testi-Pekka")
    }

    @Test func everyDocumentMayBeDisclosed() throws {
        #expect(try field(30) == "kyllä")
        #expect(authorisation.disclosure == .all)
    }

    @Test func recorderAndRecordingTimeAreTheWrittenOnes() throws {
        #expect(authorisation.recordedBy == (try field(35)))
        let written = try field(37)
        #expect(written == "13.5.2014 10:44")
        let at = try #require(authorisation.recordedAt)
        #expect(Corpus.helsinkiParts(at.start, count: 5) == (try Corpus.finnishDate(written)))
    }

    @Test func disabledAndAbsentFieldsStayEmpty() {
        // Fields 31, 32, 41 and 42 are only inside comments in this file.
        #expect(authorisation.serviceEvent == nil)
        #expect(authorisation.additionalInformation == nil)
        #expect(authorisation.readProblems.isEmpty)
    }

    @Test func theRulesFindNothingWrong() {
        #expect(AuthorisationRules.problems(in: authorisation).isEmpty)
    }
}
