import Documents
import Domain
import Foundation
import Testing

/// Variants of the real OSVA, made by editing its text, each read back.
@Suite struct AuthorisationVariantTests {
    let original: String
    let reader: CDAReader

    static let originalID = "1.2.246.10.99999984.10.0.91.2009.58"
    static let nextID = "1.2.246.10.99999984.10.0.91.2009.59"

    init() throws {
        original = Corpus.withoutComments(try Corpus.text(Corpus.osva))
        reader = try CDAReader()
    }

    func read(_ text: String) throws -> Authorisation {
        try Corpus.authorisation(reader.read(bytes: Array(text.utf8), name: "variant.xml"))
    }

    /// `text` as the next version (id …59, version 2) replacing the original.
    func nextVersion(of text: String) -> String {
        var text = Corpus.replacing(
            #"<id root="\#(Self.originalID)"/>"#, with: #"<id root="\#(Self.nextID)"/>"#,
            in: text)
        text = Corpus.replacing(#"<versionNumber value="1"/>"#,
                                with: #"<versionNumber value="2"/>"#, in: text)
        return Corpus.replacing(
            "<componentOf>",
            with: #"<relatedDocument typeCode="RPLC"><parentDocument>"#
                + #"<id root="\#(Self.originalID)"/></parentDocument></relatedDocument>"#
                + "<componentOf>",
            in: text)
    }

    @Test func registerSpecificWithoutPatientSection() throws {
        var text = Corpus.replacing(
            #"<text>Potilaskohtainen ostopalvelu</text>"#,
            with: "<text>Rekisterikohtainen ostopalvelu</text>", in: original)
        text = Corpus.replacing(
            #"code="1" displayName="Potilaskohtainen ostopalvelu""#,
            with: #"code="2" displayName="Rekisterikohtainen ostopalvelu""#, in: text)
        text = try Corpus.removingField(25, from: text)
        let authorisation = try read(text)
        #expect(authorisation.kind == .registerSpecific)
        #expect(authorisation.patient == nil)
        #expect(authorisation.patientText == nil)
        #expect(authorisation.patientName == nil)
        #expect(authorisation.storageRight != nil)
    }

    @Test func withoutAccessBlockOnlyStorageRemains() throws {
        let authorisation = try read(try Corpus.removingField(15, from: original))
        #expect(authorisation.accessRight == nil)
        #expect(authorisation.storageRight?.type == "4")
        #expect(authorisation.readProblems.isEmpty)
    }

    @Test func withoutStorageBlockStorageRightIsNil() throws {
        let authorisation = try read(try Corpus.removingField(20, from: original))
        #expect(authorisation.storageRight == nil)
        #expect(authorisation.accessRight?.type == "4")
        #expect(AuthorisationRules.problems(in: authorisation).contains(.osvaStorageBlockMissing))
    }

    @Test func storageBlockWithoutRegisterTypeIsAReadProblem() throws {
        let authorisation = try read(try Corpus.removingField(22, from: original))
        #expect(authorisation.storageRight == nil)
        #expect(authorisation.readProblems.contains(.osvaRegisterTypeMissing))
        #expect(authorisation.accessRight != nil)
    }

    @Test func accessBlockWithoutControllerIsAReadProblem() throws {
        let authorisation = try read(try Corpus.removingField(16, from: original))
        #expect(authorisation.accessRight == nil)
        #expect(authorisation.readProblems == [.osvaRegisterTypeMissing])
    }

    @Test func cancellationWithEmptiedBody() throws {
        var text = nextVersion(of: original)
        text = Corpus.replacing(#"<hl7fi:recordStatus code="3" displayName="Arkistointivalmis""#,
                                with: #"<hl7fi:recordStatus code="7" displayName="Poistettu""#,
                                in: text)
        let header = try #require(text.range(of: "</hl7fi:localHeader>"))
        let end = try #require(text.range(of: "</ClinicalDocument>"))
        text.replaceSubrange(header.upperBound..<end.lowerBound, with: """
            <component><structuredBody><component><section>\
            <code code="362" codeSystem="1.2.246.537.6.12.2002"/>\
            </section></component></structuredBody></component>
            """)
        let authorisation = try read(text)
        #expect(authorisation.isCancelled)
        #expect(authorisation.version == 2)
        #expect(authorisation.documentID.value == Self.nextID)
        #expect(authorisation.setID.value == Self.originalID)
        #expect(authorisation.replaces?.value == Self.originalID)
        #expect(authorisation.kind == nil)
        #expect(authorisation.provider == nil)
        #expect(authorisation.storageRight == nil)
        #expect(authorisation.readProblems.isEmpty)
    }

    @Test func blankProviderWhenTheProviderGroupIsRemoved() throws {
        let authorisation = try read(try Corpus.removingField(12, from: original))
        #expect(authorisation.isProviderBlank)
        #expect(authorisation.readProblems.isEmpty)
        #expect(AuthorisationRules.problems(in: authorisation).isEmpty)
    }

    @Test func blankProviderWhenTheValueIsNull() throws {
        let text = Corpus.replacing(
            #"<value xsi:type="II" root="1.2.246.10.48484841.10.0"/>"#,
            with: #"<value xsi:type="II" nullFlavor="NI"/>"#, in: original)
        let authorisation = try read(text)
        #expect(authorisation.isProviderBlank)
        #expect(authorisation.readProblems.isEmpty)
    }

    @Test func providerThatIsNoOIDIsAReadProblem() throws {
        // A reserved HL7 identifier: valid for the schema, but not an OID.
        let text = Corpus.replacing(
            #"<value xsi:type="II" root="1.2.246.10.48484841.10.0"/>"#,
            with: #"<value xsi:type="II" root="TESTI-TUOTTAJA"/>"#, in: original)
        let authorisation = try read(text)
        #expect(authorisation.provider == nil)
        #expect(authorisation.readProblems == [.osvaProviderInvalid])
    }

    @Test func changedVersionNamesTheVersionItReplaces() throws {
        let text = Corpus.replacing(#"<high value="20141009"/>"#,
                                    with: #"<high value="20141231"/>"#,
                                    in: nextVersion(of: original))
        let authorisation = try read(text)
        #expect(authorisation.version == 2)
        #expect(authorisation.documentID.value == Self.nextID)
        #expect(authorisation.setID.value == Self.originalID)
        #expect(authorisation.replaces?.value == Self.originalID)
        #expect(authorisation.validUntil?.text == "20141231")
        #expect(!authorisation.isCancelled)
    }

    @Test func additionalInformationIsReadFromField43() throws {
        let section = """
            <component><section>
            <code code="43" displayName="Lisätietoja palvelusta" \
            codeSystem="1.2.246.537.6.12.2002.362"/>
            <title>Lisätietoja palvelusta</title>
            <text>Fysioterapia, enintään 10 käyntiä.</text>
            <entry><observation classCode="COND" moodCode="EVN"><code nullFlavor="NA"/>\
            <value xsi:type="CV" code="FT10" codeSystem="1.2.246.10.99999984.10.0.99" \
            displayName="Fysioterapiajakso"/></observation></entry>
            <entry><observation classCode="COND" moodCode="EVN"><code nullFlavor="NA"/>\
            <value xsi:type="CV" code="KOTI" codeSystem="1.2.246.10.99999984.10.0.99"/>\
            </observation></entry>
            </section></component>
            """
        var text = original
        text.insert(contentsOf: section, at: try Corpus.fieldStart(25, in: text))
        let information = try #require(try read(text).additionalInformation)
        #expect(information.text == "Fysioterapia, enintään 10 käyntiä.")
        #expect(information.codes == [
            .init(code: "FT10", codeSystem: "1.2.246.10.99999984.10.0.99",
                  displayName: "Fysioterapiajakso"),
            .init(code: "KOTI", codeSystem: "1.2.246.10.99999984.10.0.99"),
        ])
    }

    @Test func formIsRecognisedFromTheBodyAlone() throws {
        let text = original.replacing(
            /<hl7fi:tableOfContents>.*?<\/hl7fi:tableOfContents>/.dotMatchesNewlines(),
            with: "")
        #expect(!text.contains("tableOfContents"))
        #expect(try read(text).kind == .patientSpecific)
    }

    @Test func serviceEventsAndIntervalDisclosure() throws {
        func disclosure(_ fields: String) throws -> Authorisation.Disclosure? {
            var text = original
            text.insert(contentsOf: fields, at: try Corpus.fieldStart(30, in: text))
            return try read(try Corpus.removingField(30, from: text)).disclosure
        }
        func field(_ code: Int, _ value: String) -> String {
            #"<component><section><code code="\#(code)" "#
                + #"codeSystem="1.2.246.537.6.12.2002.362"/><entry>"#
                + #"<observation classCode="COND" moodCode="EVN"><code nullFlavor="NA"/>"#
                + value + "</observation></entry></section></component>"
        }
        let interval = field(31, #"<value xsi:type="IVL_TS"><low value="20140513"/>"#
            + #"<high value="20141009"/></value>"#)
        let low = try #require(HL7Time("20140513"))
        let high = try #require(HL7Time("20141009"))
        #expect(try disclosure(interval) == .interval(low: low, high: high))

        let first = "1.2.246.10.99999984.10.0.14.2009.111009"
        let second = "1.2.246.10.99999984.10.0.14.2009.111010"
        let events = field(32, #"<value xsi:type="II" root="\#(first)"/>"#)
            + field(32, #"<value xsi:type="II" root="\#(second)"/>"#)
        #expect(try disclosure(events) == .serviceEvents([OID(first)!, OID(second)!]))
    }

    @Test func serviceEventOfField42() throws {
        let event = "1.2.246.10.99999984.10.0.14.2009.111009"
        let group = """
            <component><section><code code="41" codeSystem="1.2.246.537.6.12.2002.362"/>\
            <component><section><code code="42" codeSystem="1.2.246.537.6.12.2002.362"/>\
            <text>\(event)</text><entry><observation classCode="COND" moodCode="EVN">\
            <code nullFlavor="NA"/><value xsi:type="II" root="\(event)"/></observation></entry>\
            </section></component></section></component>
            """
        var text = original
        text.insert(contentsOf: group, at: try Corpus.fieldStart(25, in: text))
        #expect(try read(text).serviceEvent?.value == event)
    }
}
