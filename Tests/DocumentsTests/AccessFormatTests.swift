import Documents
import Domain
import Foundation
import Testing

/// Access requests (`urn:osva:request:1`) and disclosure restrictions
/// (`urn:osva:restrictions:1`) as `docs/access.md` describes them, the new manifest kinds,
/// and the document types read from stored documents.
@Suite struct AccessFormatTests {
    let requests: RequestReader
    let restrictions: RestrictionsReader

    static let organiser = "1.2.246.10.99999984.10.0"
    static let controller = "1.2.246.10.99999984.19.0"

    init() throws {
        requests = try RequestReader()
        restrictions = try RestrictionsReader()
    }

    func request(_ body: String, attributes: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <request xmlns="urn:osva:request:1" version="1" organiser="\(Self.organiser)"\
        \(attributes)>
        \(body)
        </request>
        """
    }

    func problem(request text: String) -> DocumentProblem? {
        do {
            _ = try requests.read(bytes: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    func problem(restrictions text: String) -> DocumentProblem? {
        do {
            _ = try restrictions.read(bytes: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    func restrictionsFile(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <restrictions xmlns="urn:osva:restrictions:1" version="1">
        \(body)
        </restrictions>
        """
    }

    @Test func aRequestWithEveryFilterIsTyped() throws {
        let text = request("""
              <patient id="030875-999Y"/>
              <patient id="010190-901R"/>
              <documentType code="4" codeSystem="1.2.246.537.5.5001.2011"/>
              <interval from="2014-01-01" to="2014-12-31"/>
              <serviceEvent root="1.2.246.10.1602257.14.2014.145"/>
              <serviceEvent root="1.2.246.10.1" extension="E-7"/>
            """, attributes: " authorisation=\"1.2.246.10.99999984.10.0.91.2009.58\"")
        let read = try requests.read(bytes: Array(text.utf8))
        #expect(read.organiser.value == Self.organiser)
        #expect(read.authorisation?.value == "1.2.246.10.99999984.10.0.91.2009.58")
        #expect(read.patients.map(\.value) == ["030875-999Y", "010190-901R"])
        #expect(read.documentTypes == [DocumentType(code: "4",
                                                    codeSystem: "1.2.246.537.5.5001.2011")])
        #expect(read.from == HL7Time("20140101"))
        #expect(read.through == HL7Time("20141231"))
        #expect(read.serviceEvents == ["1.2.246.10.1602257.14.2014.145", "1.2.246.10.1^E-7"])
    }

    @Test func theIntervalCoversWholeHelsinkiDaysBothEndsIncluded() throws {
        let read = try requests.read(bytes: Array(request("""
              <patient id="030875-999Y"/>
              <interval from="2014-04-24" to="2014-04-24"/>
            """).utf8))
        // 24.4.2014 is summer time in Helsinki (UTC+3).
        let first = try #require(HL7Time("20140424000000+0300"))
        let last = try #require(HL7Time("20140424235959+0300"))
        let before = try #require(HL7Time("20140423235959+0300"))
        let after = try #require(HL7Time("20140425000000+0300"))
        #expect(read.matches(effectiveTime: first, serviceEvent: nil))
        #expect(read.matches(effectiveTime: last, serviceEvent: nil))
        #expect(!read.matches(effectiveTime: before, serviceEvent: nil))
        #expect(!read.matches(effectiveTime: after, serviceEvent: nil))
    }

    @Test func aRequestWithoutFiltersAsksForEverything() throws {
        let read = try requests.read(bytes: Array(request(#"<patient id="030875-999Y"/>"#).utf8))
        #expect(read.authorisation == nil && read.from == nil && read.through == nil)
        #expect(read.documentTypes.isEmpty && read.serviceEvents.isEmpty)
        #expect(read.matches(effectiveTime: try #require(HL7Time("19000101")),
                             serviceEvent: nil))
        #expect(read.matches(types: []))
    }

    @Test(arguments: [
        // no patient
        #"<documentType code="4" codeSystem="1.2.246.537.5.5001.2011"/>"#,
        // the check character is wrong (030875-999 gives Y)
        #"<patient id="030875-999X"/>"#,
        // not a henkilötunnus at all
        #"<patient id="Pekka"/>"#,
        // the same patient twice
        #"<patient id="030875-999Y"/><patient id="030875-999Y"/>"#,
        // an interval with neither end
        #"<patient id="030875-999Y"/><interval/>"#,
        // an interval that ends before it starts
        #"<patient id="030875-999Y"/><interval from="2015-01-02" to="2015-01-01"/>"#,
        // a day that does not exist
        #"<patient id="030875-999Y"/><interval from="2015-02-30"/>"#,
        // a time where a day belongs
        #"<patient id="030875-999Y"/><interval from="2015-02-01T10:00:00"/>"#,
        // a service event that is not an OID
        #"<patient id="030875-999Y"/><serviceEvent root="palvelutapahtuma"/>"#,
        // filters out of order
        #"<patient id="030875-999Y"/><interval from="2015-01-01"/>"#
            + #"<documentType code="4" codeSystem="1.2.246.537.5.5001.2011"/>"#,
        // an element the format does not know
        #"<patient id="030875-999Y"/><everything/>"#,
    ])
    func invalidRequestsAreRefusedAsRequestInvalid(_ body: String) {
        let found = problem(request: request(body))
        #expect(found?.code == .requestInvalid, "\(String(describing: found))")
        #expect(found?.isOsvaFault == false)
    }

    @Test func theRequesterIsNeverReadFromTheRequest() {
        let found = problem(request: request(#"<patient id="030875-999Y"/>"#,
                                             attributes: #" provider="1.2.246.10.1""#))
        #expect(found?.code == .requestInvalid)
    }

    @Test func aRequestNeedsItsNamespaceAndOrganiser() {
        #expect(problem(request: """
            <request xmlns="urn:osva:bundle:1" version="1" organiser="1.2.3">\
            <patient id="030875-999Y"/></request>
            """)?.code == .requestInvalid)
        #expect(problem(request: """
            <request xmlns="urn:osva:request:1" version="1">\
            <patient id="030875-999Y"/></request>
            """)?.code == .requestInvalid)
        #expect(problem(request: """
            <request xmlns="urn:osva:request:1" version="2" organiser="1.2.3">\
            <patient id="030875-999Y"/></request>
            """)?.code == .requestInvalid)
    }

    @Test func malformedAndHostileRequestsGetTheirXMLCodes() {
        #expect(problem(request: "<request xmlns=\"urn:osva:request:1\"")?.code
                == .xmlMalformed)
        let doctype = """
            <?xml version="1.0"?>
            <!DOCTYPE request [<!ENTITY x "030875-999Y">]>
            <request xmlns="urn:osva:request:1" version="1" organiser="1.2.3">\
            <patient id="&x;"/></request>
            """
        #expect(problem(request: doctype)?.code == .xmlDoctypeForbidden)
    }

    @Test func restrictionsAreReadInDocumentOrder() throws {
        let changes = try restrictions.read(bytes: Array(restrictionsFile("""
              <restrict patient="030875-999Y"><allRegisters/></restrict>
              <restrict patient="010190-901R">
                <register controller="\(Self.controller)" type="4" specifier="1234567-1"/>
              </restrict>
              <lift patient="030875-999Y"><allRegisters/></lift>
              <restrict patient="150580-902E">
                <register controller="\(Self.controller)" type="2"/>
              </restrict>
            """).utf8))
        let controller = try #require(OID(Self.controller))
        let patients = try ["030875-999Y", "010190-901R", "150580-902E"].map {
            try #require(Henkilotunnus($0))
        }
        #expect(changes == [
            RestrictionChange(.restrict, Restriction(patient: patients[0], scope: .allRegisters)),
            RestrictionChange(.restrict, Restriction(patient: patients[1], scope: .register(
                RegisterRef(controller: controller, type: "4", specifier: "1234567-1")))),
            RestrictionChange(.lift, Restriction(patient: patients[0], scope: .allRegisters)),
            RestrictionChange(.restrict, Restriction(patient: patients[2], scope: .register(
                RegisterRef(controller: controller, type: "2")))),
        ])
    }

    @Test(arguments: [
        // nothing to change
        "",
        // occupational health without its specifier
        #"<restrict patient="030875-999Y"><register controller="1.2.3" type="4"/></restrict>"#,
        // an invalid henkilötunnus
        #"<restrict patient="030875-999A"><allRegisters/></restrict>"#,
        // no scope
        #"<restrict patient="030875-999Y"/>"#,
        // two scopes in one change
        #"<lift patient="030875-999Y"><allRegisters/>"#
            + #"<register controller="1.2.3" type="2"/></lift>"#,
        // a controller that is not an OID
        #"<restrict patient="030875-999Y"><register controller="HUS" type="2"/></restrict>"#,
        // a change the format does not know
        #"<replace patient="030875-999Y"><allRegisters/></replace>"#,
    ])
    func invalidRestrictionsAreRefusedAsRestrictionsInvalid(_ body: String) {
        let found = problem(restrictions: restrictionsFile(body))
        #expect(found?.code == .restrictionsInvalid, "\(String(describing: found))")
    }

    @Test func theManifestKnowsRequestsAndRestrictions() throws {
        let hash = String(repeating: "ab", count: 32)
        let manifest = Manifest(
            bundleID: "b-1", sender: Self.organiser, created: Date(timeIntervalSince1970: 0),
            entries: [
                .init(path: "request.xml", kind: .request, sha256: hash),
                .init(path: "restrictions.xml", kind: .restrictions, sha256: hash),
            ])
        let read = try ManifestReader().read(bytes: Array(ManifestXML.render(manifest).utf8))
        #expect(read.entries.map(\.kind) == [.request, .restrictions])
    }

    @Test func documentTypesComeFromTheLocalHeader() throws {
        // HUS's service-event document: hl7fi:documentType 4 in eArkisto – Asiakirjatyyppi.
        #expect(try DocumentTypeReader.types(ofFile: Corpus.hus)
                == [DocumentType(code: "4", codeSystem: "1.2.246.537.5.5001.2011")])
        // The OSVA: the view 362 in its table of contents, then document type 3
        // (Arkistoasiakirja), in document order.
        #expect(try DocumentTypeReader.types(ofFile: Corpus.osva)
                == [DocumentType(code: "362", codeSystem: "1.2.246.537.6.12.2002"),
                    DocumentType(code: "3", codeSystem: "1.2.246.537.5.5001.2011")])
        // A prescription with neither.
        #expect(try DocumentTypeReader.types(
            ofFile: Corpus.folder + "/LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml").isEmpty)
    }
}
