import Documents
import Domain
import Foundation
import Testing

/// Every real document, the HUS outsourced document in detail, and documents that are not
/// CDA, not valid or written with a prefix.
@Suite struct DocumentReadingTests {
    let reader: CDAReader

    init() throws {
        reader = try CDAReader()
    }

    func read(_ text: String, name: String = "variant.xml")
        -> Result<CDAContent, DocumentProblem>
    {
        reader.read(bytes: Array(text.utf8), name: name)
    }

    @Test func everyFixtureIsValidAndOnlyTheOSVAIsAnAuthorisation() throws {
        let files = try Corpus.allDocuments()
        #expect(files.count > 60)
        for file in files {
            let name = (file as NSString).lastPathComponent
            let text = try Corpus.text(file)
            let id = try Corpus.attributes(ofFirst: "id", in: text)
            let expectedID = [id["root"], id["extension"]].compactMap { $0 }
                .joined(separator: "^")
            let patient = try Corpus.attributes(ofFirst: "id", in: text,
                                                after: "recordTarget>")
            switch reader.read(path: file, name: name) {
            case .failure(let problem):
                Issue.record("\(name): \(problem)")
            case .success(.authorisation(let authorisation)):
                #expect(file == Corpus.osva, "\(name) read as an authorisation")
                #expect(authorisation.documentID.value == expectedID)
                #expect(authorisation.patientText == patient["extension"])
            case .success(.document(let header)):
                #expect(file != Corpus.osva, "the OSVA read as a document")
                #expect(header.documentID == expectedID, "\(name)")
                #expect(header.patientRoot == patient["root"], "\(name)")
                #expect(header.patientText == patient["extension"], "\(name)")
                let expected = patient["root"] == "1.2.246.21"
                    ? patient["extension"].flatMap(Henkilotunnus.init) : nil
                #expect(header.patient == expected, "\(name)")
            }
        }
    }

    @Test func prescriptionsHaveNoRegisterType() throws {
        let file = Corpus.folder + "/Test_CDA_V3_3_Esko_1_Leponex_UUS.xml"
        let code = try Corpus.attributes(ofFirst: "code", in: try Corpus.text(file))
        #expect(code["codeSystem"] != CodeSystem.registerType)
        let header = try Corpus.header(reader.read(path: file, name: "lm.xml"))
        #expect(header.registerType == nil)
        #expect(header.register == nil)
    }

    @Test func outsourcedServiceEventHeaderIsRead() throws {
        let text = try Corpus.text(Corpus.hus)
        let header = try Corpus.header(reader.read(path: Corpus.hus, name: "hus.xml"))
        #expect(header.documentID == "1.2.246.537.10.15675350.10.1.11220.19098")
        #expect(header.setID == header.documentID)
        #expect(header.version == 1)
        #expect(header.replaces == nil)
        #expect(header.patientRoot == "1.2.246.537.10.15675350.22.2003")
        #expect(header.patientText == "010100A998F")
        #expect(header.patient == nil)
        #expect(header.registerController?.value == "1.2.246.537.10.15675350.19.0")
        #expect(header.registerType == "2")
        #expect(header.custodianType == "1")
        #expect(header.registrySpecifier == nil)
        let customer = try Corpus.attributes(ofFirst: "outsourcingServiceCustomer", in: text)
        #expect(header.organiser?.value == customer["root"])
        #expect(header.producer?.value == "1.2.246.537.10.15675350.10.0")
        #expect(header.serviceEvent == "1.2.246.537.10.15675350.16.2017.1676")
        #expect(header.effectiveTime?.text == "20170922151552")
        #expect(header.recordStatus == "3")
        #expect(header.title == "palvelutapahtuma-asiakirja")
        #expect(header.register == RegisterRef(
            controller: OID("1.2.246.537.10.15675350.19.0")!, type: "2"))
    }

    @Test func registrySpecifierIsTheIdentifierExtension() throws {
        var text = try Corpus.text(Corpus.hus)
        text = Corpus.replacing(
            "<custodianTypeCode ",
            with: #"<patientRegistrySpecifier root="1.2.246.10" extension="1234567-1"/>"#
                + "<custodianTypeCode ", in: text)
        let header = try Corpus.header(read(text))
        #expect(header.registrySpecifier == "1234567-1")
    }

    @Test func prefixedNamespaceReadsTheSameDocument() throws {
        let text = try Corpus.text(Corpus.hus)
        let prefixed = Corpus.prefixed(text, keep: ("<localHeader", "</localHeader>"))
        #expect(prefixed.contains("<hl7:ClinicalDocument xmlns:hl7=\"urn:hl7-org:v3\">"))
        #expect(!prefixed.contains("<ClinicalDocument"))
        let original = try Corpus.header(reader.read(path: Corpus.hus, name: "hus.xml"))
        #expect(try Corpus.header(read(prefixed)) == original)
    }

    @Test func prefixedNamespaceReadsTheSameAuthorisation() throws {
        let prefixed = Corpus.prefixed(try Corpus.text(Corpus.osva))
        #expect(prefixed.contains("<hl7:section>"))
        #expect(prefixed.contains(#"xsi:type="hl7:II""#))
        let original = try Corpus.authorisation(reader.read(path: Corpus.osva, name: "o.xml"))
        #expect(try Corpus.authorisation(read(prefixed)) == original)
    }

    @Test func latin1CopyReadsTheSameAuthorisation() throws {
        let original = try Corpus.text(Corpus.osva)
        let recoded = Corpus.replacing(#"encoding="UTF-8""#, with: #"encoding="ISO-8859-1""#,
                                       in: original)
        let bytes = try #require(recoded.data(using: .isoLatin1))
        let latin = try Corpus.authorisation(reader.read(bytes: bytes, name: "latin1.xml"))
        #expect(latin.serviceUnit?.name == "Testi tk pääterveysasema")
        let utf8 = try Corpus.authorisation(reader.read(path: Corpus.osva, name: "o.xml"))
        #expect(latin == utf8)
    }

    @Test func largeEmbeddedPDFIsReadWholeOrRefusedBySize() throws {
        let original = try Corpus.text(Corpus.hus)
        let body = try #require(original.range(of: "<component><structuredBody"))
        let end = try #require(original.range(of: "</ClinicalDocument>"))
        let payload = String(repeating: "JVBERi0xLjQK", count: 20_000_000 / 12)
        let text = original[..<body.lowerBound]
            + #"<component><nonXMLBody><text mediaType="application/pdf" "#
            + #"representation="B64">"# + payload + "</text></nonXMLBody></component>"
            + original[end.lowerBound...]
        let bytes = Array(text.utf8)
        #expect(bytes.count > 20_000_000)
        let header = try Corpus.header(reader.read(bytes: bytes, name: "pdf.xml"))
        #expect(header.documentID == "1.2.246.537.10.15675350.10.1.11220.19098")

        let small = try CDAReader(limits: .init(maximumBytes: 10 << 20))
        #expect(try Corpus.problem(small.read(bytes: bytes, name: "pdf.xml")).code
            == .xmlTooLarge)
    }

    @Test func otherRootsAndMissingNamespaceAreNotCDA() throws {
        let texts = [
            #"<?xml version="1.0"?><ClinicalDocument><id root="1.2.3"/></ClinicalDocument>"#,
            #"<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>"#,
            #"<Document xmlns="urn:hl7-org:v3"/>"#,
            #"<ClinicalDocument xmlns="urn:hl7-org:v3:other"/>"#,
        ]
        for text in texts {
            #expect(try Corpus.problem(read(text)).code == .cdaNotCDA, "\(text)")
        }
    }

    @Test func wholeOSVAWithoutNamespaceIsNotCDA() throws {
        let text = Corpus.replacing(#"xmlns="urn:hl7-org:v3""#, with: "",
                                    in: try Corpus.text(Corpus.osva))
        #expect(try Corpus.problem(read(text)).code == .cdaNotCDA)
    }

    @Test func schemaInvalidDocumentNamesItsLine() throws {
        let original = try Corpus.text(Corpus.osva)
        let marker = #"<realmCode code="FI"/>"#
        let text = Corpus.replacing(marker, with: marker + "<unknownElement/>", in: original)
        let problem = try Corpus.problem(read(text))
        #expect(problem.code == .cdaSchemaInvalid)
        #expect(problem.line == (try Corpus.line(of: marker, in: original)))
        #expect(!problem.detail.isEmpty)
        #expect(!problem.isOsvaFault)
    }

    @Test func missingRequiredHeaderElementIsSchemaInvalid() throws {
        let text = Corpus.replacing(#"<custodian>"#, with: "<!--", in: Corpus.replacing(
            "</custodian>", with: "-->", in: try Corpus.text(Corpus.hus)))
        let problem = try Corpus.problem(read(text))
        #expect(problem.code == .cdaSchemaInvalid)
        #expect((problem.line ?? 0) > 0)
    }

    @Test func xmlFaultsMapToTheirReasonCodes() throws {
        #expect(try Corpus.problem(read("<ClinicalDocument")).code == .xmlMalformed)
        #expect(try Corpus.problem(read("")).code == .xmlMalformed)
        let doctype = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>"#
        #expect(try Corpus.problem(read(doctype)).code == .xmlDoctypeForbidden)

        let small = try CDAReader(limits: .init(maximumBytes: 1000, maximumDepth: 256))
        let large = small.read(path: Corpus.osva, name: "osva.xml")
        #expect(try Corpus.problem(large).code == .xmlTooLarge)

        let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        #expect(try Corpus.problem(read(deep)).code == .xmlTooDeep)
    }

    @Test func unreadableFileIsOsvasFault() throws {
        let problem = try Corpus.problem(
            reader.read(path: Corpus.folder + "/no-such-file.xml", name: "missing.xml"))
        #expect(problem.isOsvaFault)
    }
}
