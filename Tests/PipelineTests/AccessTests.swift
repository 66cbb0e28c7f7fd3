import Domain
import Files
import Foundation
import Pipeline
import Samples
import Storage
import Testing
import XML

/// The access right end to end over several nights (docs/access.md): two providers store
/// real corpus documents, the organiser restricts patients' data, and requests are answered
/// under the real OSVA example: with the access right (whole register, then a time interval,
/// then service events), under the normal rules, for other patients, and after cancellation
/// and expiry. Expectations come from the corpus files and the rules, never from osva's output.
@Suite struct AccessTests {
    static let organiser = SampleSet.organiser.id.value
    /// Provider A: the real OSVA example, patient-specific with the access right.
    static let providerA = SampleSet.provider.id.value
    /// Provider B: register-specific on the public register, storage right only.
    static let providerB = SampleSet.secondProvider.id.value
    /// A provider no authorisation names.
    static let stranger = "1.2.246.10.99999993.10.0"

    /// The patient of the real OSVA and of the LM prescriptions.
    static let patient = "030875-999Y"
    /// The patients of two real prescriptions provider B stores.
    static let eraPatient = "101070-971W"
    static let gfsPatient = "211069-971R"

    static let setA = "1.2.246.10.99999984.10.0.91.2009.58"
    static let setB = "1.2.246.10.99999984.10.0.91.2025.20"

    // Provider A's documents in the occupational register, all of `patient`.
    static let lm = ["LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml",
                     "LM3__maaraaikainen_erityislupavalmiste.xml",
                     "LM12_potilaskohtainen_erityislupavalmiste.xml"]
    /// The service event of the three LM prescriptions (their encompassingEncounter id).
    static let lmEvent = "1.2.246.10.1602257.14.2014.145"
    /// HUS's outsourced service-event document (made 22.9.2017, document type 4).
    static let hus = "hus-service-event-outsourced.xml"
    // Provider B's documents in the public register.
    static let era = "Test_CDA_V3_3_eRa_1_diatsepaami_lm.xml"
    static let gfs = "Test_CDA_V3_3_GFS_1_Leponex_LM.xml"
    /// A prescription of `eraPatient` that provider B stores for `patient` instead.
    static let renitec = "Test_CDA_V3_3_eRa_4_renitec_lm.xml"

    let root: String
    let layout: Layout
    var night = 0
    /// The bytes each corpus file was stored as, by file name.
    var stored: [String: [UInt8]] = [:]

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-access-\(UUID().uuidString)").path
        layout = Layout(root: root)
        for folder in layout.folders { try DurableFile.makeFolder(folder) }
        let grants = GrantStore(try Database(path: layout.database))
        for register in SampleSet.controlledRegisters {
            _ = try grants.addRegister(ControlledRegister(
                organiser: SampleSet.organiser.id, controller: register.controller,
                type: register.type))
        }
    }

    static func oid(_ text: String) throws -> OID { try #require(OID(text)) }

    static func corpus(_ name: String) throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: NightlyRunTests.corpus + "/" + name)))
    }

    // MARK: Authorisations

    /// Provider A's OSVA: the real example (patient `patient`, occupational register in both
    /// blocks, all documents disclosed), valid 2014–2030, as version `version`.
    static func authorisationA(
        _ version: Int, edit: (AuthorisationEditor) throws -> Void = { _ in }
    ) throws -> [UInt8] {
        try LifecycleTests.version(version, edit: edit)
    }

    /// Provider B's OSVA: register-specific, public register, no access block, valid from
    /// 2015 to `until`, as version `version`.
    static func authorisationB(_ version: Int, until: String = "20301231") throws -> [UInt8] {
        let editor = try AuthorisationEditor(try corpus("osva-patient-specific-omakanta.xml"),
                                             name: "osva-patient-specific-omakanta.xml")
        try editor.setID(oid(setB))
        try editor.makeRegisterSpecific()
        try editor.removeField("15")
        try editor.setRegister(block: "20", SampleSet.publicRegister)
        try editor.setProvider(SampleSet.secondProvider)
        try editor.setValidity(low: "20150101", high: until)
        if version > 1 {
            try editor.setVersion(version, documentID: oid(setB + ".\(version)"),
                                  replaces: oid(setB))
        }
        return editor.bytes()
    }

    /// Replaces field 30 (all documents) of the OSVA `bytes` with `section`, a field 31 or
    /// 32 written as Kanta's form does.
    static func disclosing(_ bytes: [UInt8], _ section: String) throws -> [UInt8] {
        let document = try XMLDocument(bytes: bytes, name: "osva.xml")
        let path = try XPath(document: document, namespaces: ["cda": "urn:hl7-org:v3"])
        let all = try #require(try path.element(
            "//cda:section[cda:code/@code='30' and cda:code/@codeSystem='"
                + CodeSystem.form362 + "']"))
        let component = try #require(all.parent)
        try component.insertBefore(fragment: """
            <component xmlns="urn:hl7-org:v3" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\(section)</component>
            """)
        component.remove()
        return document.serialized()
    }

    /// Field 31: documents made on the days `low`–`high`.
    static func interval(_ low: String, _ high: String) -> String {
        """
        <section><code code="31" displayName="Luovutettavan aineiston aikaväli" \
        codeSystem="\(CodeSystem.form362)"/><title>Luovutettavan aineiston aikaväli</title>\
        <text>\(low) - \(high)</text><entry><observation classCode="COND" moodCode="EVN">\
        <code nullFlavor="NA"/><value xsi:type="IVL_TS"><low value="\(low)"/>\
        <high value="\(high)"/></value></observation></entry></section>
        """
    }

    /// Field 32: documents of the service event `event`.
    static func serviceEvent(_ event: String) -> String {
        """
        <section><code code="32" displayName="Luovutettavat palvelutapahtumat" \
        codeSystem="\(CodeSystem.form362)"/><title>Luovutettavat palvelutapahtumat</title>\
        <text>\(event)</text><entry><observation classCode="COND" moodCode="EVN">\
        <code nullFlavor="NA"/><value xsi:type="II" root="\(event)"/></observation>\
        </entry></section>
        """
    }

    // MARK: Requests and restrictions, written as docs/access.md shows

    static func request(_ patients: [String], filters: String = "") -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <request xmlns="urn:osva:request:1" version="1" organiser="\(organiser)">
            \(patients.map { "  <patient id=\"\($0)\"/>" }.joined(separator: "\n"))
            \(filters)
            </request>
            """.utf8)
    }

    static let restrictions = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <restrictions xmlns="urn:osva:restrictions:1" version="1">
          <restrict patient="\(patient)"><allRegisters/></restrict>
          <restrict patient="\(gfsPatient)">
            <register controller="\(SampleSet.controller.value)" type="2"/>
          </restrict>
          <restrict patient="\(eraPatient)"><allRegisters/></restrict>
          <lift patient="\(eraPatient)"><allRegisters/></lift>
        </restrictions>
        """.utf8)

    // MARK: Nights

    /// A corpus document edited for `producer` and `register`, optionally for another
    /// patient.
    mutating func document(_ name: String, producer: Party, register: RegisterRef,
                           patient: String? = nil) throws -> [UInt8] {
        let bytes = try CorpusEditor.outsourced(
            try Self.corpus(name), name: name, for: CorpusEditor.Target(
                register: register, controllerName: "Testi hyvinvointialue",
                organiser: SampleSet.organiser, producer: producer, patient: patient))
        stored[name] = bytes
        return bytes
    }

    /// The file stem of `sender`'s bundle `name` of this night. Senders' bundles of one night
    /// get different names: osva's bundle ledger keys claims by name and time alone.
    func stem(_ sender: String, _ name: String) -> String {
        name + "-\(night)-" + sender.split(separator: ".")[4]
    }

    func drop(_ sender: String, _ name: String,
              _ files: [(String, ItemResult.Kind, [UInt8])]) throws {
        var bundle = BundleBuilder(sender: sender, bundleID: stem(sender, name))
        for (path, kind, bytes) in files { bundle.add(path, kind: kind, bytes: bytes) }
        let folder = layout.inbox + "/" + sender
        try DurableFile.makeFolder(folder)
        try bundle.write(to: folder + "/" + stem(sender, name) + ".zip")
    }

    /// The receipt of `sender`'s bundle `name` of this night.
    func receipt(_ sender: String, _ name: String) throws -> XPath {
        try NightlyRunTests.receipt(layout, sender: sender, bundle: stem(sender, name) + ".zip")
    }

    /// Night 1: both authorisations, and both providers' documents.
    mutating func storeEverything() throws {
        night += 1
        try drop(Self.organiser, "grants", [
            ("osva/a.xml", .authorisation, try Self.authorisationA(1)),
            ("osva/b.xml", .authorisation, try Self.authorisationB(1)),
        ])
        var a: [(String, ItemResult.Kind, [UInt8])] = []
        for name in Self.lm + [Self.hus] {
            a.append((name, .document, try document(
                name, producer: SampleSet.provider, register: SampleSet.occupationalRegister,
                patient: Self.patient)))
        }
        try drop(Self.providerA, "visit", a)
        try drop(Self.providerB, "visit", [
            (Self.era, .document, try document(Self.era, producer: SampleSet.secondProvider,
                                               register: SampleSet.publicRegister)),
            (Self.gfs, .document, try document(Self.gfs, producer: SampleSet.secondProvider,
                                               register: SampleSet.publicRegister)),
            (Self.renitec, .document, try document(
                Self.renitec, producer: SampleSet.secondProvider,
                register: SampleSet.publicRegister, patient: Self.patient)),
        ])
        let summary = try NightlyRunTests.run(root)
        #expect(summary.leftForNextRun.isEmpty, "\(summary.leftForNextRun)")
        #expect(summary.finished.count == 3, "\(summary.young)")
        for (sender, count) in [(Self.providerA, 4), (Self.providerB, 3)] {
            let visit = try receipt(sender, "visit")
            #expect(try visit.count("//r:item[@outcome='accepted']") == count,
                    "documents of \(sender) must be stored for the test to mean anything")
        }
    }

    /// Drops `requests` of `sender` (one bundle, one file each), runs osva, and returns the
    /// receipt.
    mutating func ask(_ sender: String, _ requests: [[UInt8]],
                      organiser files: [(String, ItemResult.Kind, [UInt8])] = [])
        throws -> XPath
    {
        night += 1
        if !files.isEmpty { try drop(Self.organiser, "changes", files) }
        try drop(sender, "request", requests.enumerated().map {
            ("request-\($0.offset + 1).xml", .request, $0.element)
        })
        _ = try NightlyRunTests.run(root)
        if !files.isEmpty {
            let changes = try receipt(Self.organiser, "changes")
            #expect(try changes.count("//r:item[@outcome='rejected']") == 0)
        }
        return try receipt(sender, "request")
    }

    // MARK: Reading the answers

    static func documentID(_ name: String) throws -> String {
        try NightlyRunTests.corpusDocumentID(name)
    }

    /// The `documentId` of every item with `outcome` (and reason `code`, when given).
    static func ids(_ receipt: XPath, _ outcome: String, code: String? = nil) throws
        -> Set<String>
    {
        let condition = "@outcome='\(outcome)'" + (code.map { " and @code='\($0)'" } ?? "")
        return Set(try receipt.elements("//r:item[\(condition)]")
            .compactMap { $0.attribute("documentId") })
    }

    static func requestOutcome(_ receipt: XPath, _ patient: String) -> String {
        NightlyRunTests.value(receipt, "//r:item[@kind='request' and @patient='\(patient)']"
                                  + "/@outcome")
    }

    static func requestCode(_ receipt: XPath, _ patient: String) -> String {
        NightlyRunTests.value(receipt, "//r:item[@kind='request' and @patient='\(patient)']"
                                  + "/@code")
    }

    /// The response of `sender`'s request bundle of this night, unpacked with `bsdtar`
    /// (not osva's code): each document's bytes by its path, after checking the manifest
    /// against the bundle schema and every file against the manifest's SHA-256.
    func response(_ sender: String) throws -> [String: [UInt8]]? {
        let matches = NightlyRunTests.files(in: layout.outbox + "/" + sender)
            .filter { $0.hasSuffix("--" + stem(sender, "request") + ".response.zip") }
        guard let zip = matches.first else { return nil }
        #expect(matches.count == 1)
        let folder = root + "/unpacked-\(night)"
        try DurableFile.makeFolder(folder)
        try Self.tool(["bsdtar", "-x", "-f", zip, "-C", folder])
        let manifest = try XMLDocument(contentsOf: folder + "/manifest.xml")
        let schema = URL(fileURLWithPath: NightlyRunTests.receiptSchema)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Documents/Schemas/osva-manifest.xsd").path
        #expect(try XMLSchema(contentsOf: schema).validate(manifest).isEmpty)
        let path = try XPath(document: manifest, namespaces: ["m": "urn:osva:bundle:1"])
        #expect(NightlyRunTests.value(path, "/m:manifest/@sender") == Self.organiser)
        var files: [String: [UInt8]] = [:]
        for entry in try path.elements("//m:entry") {
            let name = try #require(entry.attribute("path"))
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            let sum = try Self.tool(["sha256sum", folder + "/" + name])
            #expect(String(sum.prefix(64)) == entry.attribute("sha256"))
            #expect(entry.attribute("kind") == "document")
            files[name] = bytes
        }
        return files
    }

    /// The corpus files whose stored bytes are among `files`.
    func names(in files: [String: [UInt8]]?) -> Set<String> {
        Set(stored.filter { name, bytes in files?.values.contains(bytes) == true }.keys)
    }

    /// Runs a tool (found on PATH); returns its standard output and exit status.
    @discardableResult
    static func tool(_ arguments: [String], status expected: Int32? = 0) throws -> String {
        try run(arguments, expecting: expected).output
    }

    static func run(_ arguments: [String], expecting expected: Int32?) throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(),
                            as: UTF8.self)
        process.waitUntilExit()
        if let expected {
            #expect(process.terminationStatus == expected, "\(arguments): \(output)")
        }
        return (process.terminationStatus, output)
    }

    /// The `osva` executable the build put beside the test bundle.
    static func osva() throws -> String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("osva").path }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) })
    }

    // MARK: Tests

    @Test mutating func providersGetWhatTheirAuthorisationsAllow() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try storeEverything()
        let lmIDs = try Set(Self.lm.map(Self.documentID))
        let husID = try Self.documentID(Self.hus)
        let occupational = lmIDs.union([husID])

        // Night 2: the organiser restricts `patient` everywhere and `gfsPatient` in the
        // public register (`eraPatient`'s restriction is lifted again). Provider A, with the
        // access right on the occupational register, gets all of `patient`'s documents there,
        // restricted or not, and nothing of the public register or of another patient.
        var a = try ask(Self.providerA, [Self.request([Self.patient, Self.eraPatient])],
                        organiser: [("restrictions.xml", .restrictions, Self.restrictions)])
        #expect(Self.requestOutcome(a, Self.patient) == "accepted")
        #expect(Self.requestCode(a, Self.eraPatient) == "access-other-patient")
        #expect(try Self.ids(a, "returned") == occupational)
        #expect(try Self.ids(a, "withheld").isEmpty)
        #expect(try a.count("//r:item[@outcome='returned']/r:authorisation[@role='allowed-by'"
                            + " and @setId='\(Self.setA)']") == 4)
        var files = try response(Self.providerA)
        #expect(names(in: files) == Set(Self.lm + [Self.hus]))
        #expect(files?.count == 4)

        // Provider B, under the normal rules on the public register, gets only what is not
        // restricted: `eraPatient`'s prescription. `patient`'s and `gfsPatient`'s documents
        // there are withheld; `patient`'s occupational documents are not even listed.
        let b = try ask(Self.providerB, [Self.request([Self.patient, Self.eraPatient,
                                                        Self.gfsPatient])])
        for patient in [Self.patient, Self.eraPatient, Self.gfsPatient] {
            #expect(Self.requestOutcome(b, patient) == "accepted", "\(patient)")
        }
        #expect(try Self.ids(b, "returned") == [try Self.documentID(Self.era)])
        #expect(try Self.ids(b, "withheld", code: "access-restricted")
                == [try Self.documentID(Self.gfs), try Self.documentID(Self.renitec)])
        #expect(try Self.ids(b, "withheld").isDisjoint(with: occupational))
        files = try response(Self.providerB)
        #expect(names(in: files) == [Self.era])

        // A provider without any authorisation gets nothing, and no response at all.
        let stranger = try ask(Self.stranger, [Self.request([Self.patient])])
        #expect(Self.requestCode(stranger, Self.patient) == "access-none")
        #expect(NightlyRunTests.value(stranger, "/r:receipt/@acknowledgement") == "AE")
        #expect(try stranger.count("//r:item[@kind='document']") == 0)
        #expect(try response(Self.stranger) == nil)

        // Night 5: version 2 discloses only documents made in 2017: the HUS document is
        // returned although restricted; the 2014 prescriptions are withheld as outside scope.
        let year2017 = try Self.disclosing(try Self.authorisationA(2),
                                           Self.interval("20170101", "20171231"))
        a = try ask(Self.providerA, [Self.request([Self.patient])],
                    organiser: [("osva/a2.xml", .authorisation, year2017)])
        #expect(try Self.ids(a, "returned") == [husID])
        #expect(try Self.ids(a, "withheld", code: "access-outside-scope") == lmIDs)
        #expect(names(in: try response(Self.providerA)) == [Self.hus])

        // Night 6: version 3 discloses the prescriptions' service event. Two requests: one
        // for 24.4.2014 gets the three prescriptions; one for document type 4 finds the HUS
        // document, now outside the scope.
        let event = try Self.disclosing(try Self.authorisationA(3), Self.serviceEvent(Self.lmEvent))
        a = try ask(Self.providerA, [
            Self.request([Self.patient],
                         filters: #"<interval from="2014-04-24" to="2014-04-24"/>"#),
            Self.request([Self.patient], filters: #"<documentType code="4" "#
                             + #"codeSystem="1.2.246.537.5.5001.2011"/>"#),
        ], organiser: [("osva/a3.xml", .authorisation, event)])
        #expect(try Self.ids(a, "returned") == lmIDs)
        #expect(try Self.ids(a, "withheld") == [husID])
        #expect(try Self.ids(a, "withheld", code: "access-outside-scope") == [husID])
        #expect(names(in: try response(Self.providerA)) == Set(Self.lm))

        // Night 7: A's authorisation is cancelled and B's has expired (a new version ends
        // in 2020): both requests return nothing.
        let cancellation = try Self.authorisationA(4) { editor in
            try editor.cancel()
            try editor.setEffectiveTime("20250101000000")
        }
        a = try ask(Self.providerA, [Self.request([Self.patient])],
                    organiser: [("osva/a4.xml", .authorisation, cancellation),
                                ("osva/b2.xml", .authorisation,
                                 try Self.authorisationB(2, until: "20201231"))])
        #expect(Self.requestCode(a, Self.patient) == "access-cancelled")
        #expect(try a.count("//r:item[@kind='document']") == 0)
        #expect(try response(Self.providerA) == nil)
        let expired = try ask(Self.providerB, [Self.request([Self.eraPatient])])
        #expect(Self.requestCode(expired, Self.eraPatient) == "access-expired")
        #expect(try expired.count("//r:item[@kind='document']") == 0)
        #expect(try response(Self.providerB) == nil)

        try checkLog(lmIDs: lmIDs, husID: husID)
    }

    /// The disclosure log holds one row per patient of every request, and `osva log` shows
    /// the organiser its rows.
    func checkLog(lmIDs: Set<String>, husID: String) throws {
        let log = DisclosureLog(try Database(path: layout.database))
        let rows = try log.records(organiser: Self.organiser)
        // Night 2: A 2 patients, B 3, the stranger 1; nights 5 and 6: A 1 and 2 (one row per
        // request and patient); night 7: A 1, B 1.
        #expect(rows.count == 11)
        let first = try #require(rows.first { $0.provider == Self.providerA
            && $0.patient == Self.patient && $0.outcome == .disclosed })
        #expect(Set(first.returned) == lmIDs.union([husID]))
        #expect(first.authorisation?.setID.value == Self.setA)
        #expect(rows.contains { $0.provider == Self.stranger && $0.reason == .accessNone })
        #expect(rows.contains { $0.provider == Self.providerA && $0.reason == .accessCancelled })
        #expect(rows.contains { $0.provider == Self.providerB && $0.reason == .accessExpired })
        #expect(rows.contains { row in
            row.provider == Self.providerB && row.patient == Self.gfsPatient
                && row.withheld.map(\.reason) == [.accessRestricted]
        })
        #expect(try log.verify() == .intact(rows: 11, head: try #require(rows.last?.hash)))

        let shown = try Self.tool([try Self.osva(), "log", "--root", root, "--organiser",
                                   Self.organiser, "--patient", Self.gfsPatient])
        #expect(shown.contains(try Self.documentID(Self.gfs)))
        #expect(shown.contains("access-restricted"))
        #expect(!shown.contains(Self.eraPatient))
    }

    @Test mutating func aChangedLogRowIsFoundByOsvaLogVerify() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try storeEverything()
        _ = try ask(Self.providerB, [Self.request([Self.eraPatient, Self.gfsPatient])])
        let osva = try Self.osva()
        let intact = try Self.tool([osva, "log", "verify", "--root", root])
        #expect(intact.contains("intact: 2 rows"))

        // Hide the disclosure of `eraPatient`'s document, with SQLite's own tool.
        let row = "WHERE patient = '\(Self.eraPatient)'"
        try Self.tool(["sqlite3", layout.database,
                       "UPDATE disclosure_log SET returned = '' " + row])
        let seq = try Self.tool(["sqlite3", layout.database,
                                 "SELECT seq FROM disclosure_log " + row])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let broken = try Self.run([osva, "log", "verify", "--root", root], expecting: nil)
        #expect(broken.status == 5)
        #expect(broken.output.contains("broken at row \(seq)"), "\(broken.output)")
        guard case .broken(let found, _) = try DisclosureLog(Database(path: layout.database))
            .verify()
        else {
            Issue.record("the changed row was not detected")
            return
        }
        #expect(String(found) == seq)
    }
}
