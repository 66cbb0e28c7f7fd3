import Domain
import Files
import Foundation
import Pipeline
import Samples
import Storage
import Testing
import XML

/// An authorisation's life over several nights, built from the real OSVA example: sent with
/// the provider blank, completed, cancelled, and a change arriving after the cancellation.
/// Expectations follow docs/authorisations.md.
@Suite struct LifecycleTests {
    static let setID = "1.2.246.10.99999984.10.0.91.2009.58"
    static let organiser = SampleSet.organiser.id.value
    static let provider = SampleSet.provider.id.value

    let root: String
    let layout: Layout
    var night = 0

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-lifecycle-\(UUID().uuidString)").path
        layout = Layout(root: root)
        for folder in layout.folders { try DurableFile.makeFolder(folder) }
        let grants = GrantStore(try Database(path: layout.database))
        _ = try grants.addRegister(ControlledRegister(
            organiser: SampleSet.organiser.id, controller: SampleSet.controller, type: "4"))
    }

    static func oid(_ text: String) throws -> OID { try #require(OID(text)) }

    /// The real OSVA example as version `version` (document id `…58` + version − 1).
    static func version(_ version: Int, edit: (AuthorisationEditor) throws -> Void = { _ in })
        throws -> [UInt8]
    {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: NightlyRunTests.corpus
            + "/osva-patient-specific-omakanta.xml")))
        let editor = try AuthorisationEditor(bytes, name: "osva-patient-specific-omakanta.xml")
        try editor.setValidity(low: "20140101", high: "20301231")
        if version > 1 {
            let arc = "1.2.246.10.99999984.10.0.91.2009."
            try editor.setVersion(version, documentID: oid(arc + "\(57 + version)"),
                                  replaces: oid(arc + "\(56 + version)"))
        }
        try edit(editor)
        return editor.bytes()
    }

    /// A corpus document edited for the sample organiser, provider and register.
    static func document(_ name: String) throws -> [UInt8] {
        let bytes = try Array(Data(contentsOf: URL(
            fileURLWithPath: NightlyRunTests.corpus + "/" + name)))
        return try CorpusEditor.outsourced(bytes, name: name, for: CorpusEditor.Target(
            register: SampleSet.occupationalRegister, controllerName: "Testi työterveys",
            organiser: SampleSet.organiser, producer: SampleSet.provider))
    }

    /// Drops the bundles of one night and runs osva; returns each receipt by sender.
    mutating func night(organiser authorisations: [[UInt8]], provider documents: [String])
        throws -> (organiser: XPath?, provider: XPath?)
    {
        night += 1
        var organiserReceipt: XPath?
        var providerReceipt: XPath?
        if !authorisations.isEmpty {
            var bundle = BundleBuilder(sender: Self.organiser, bundleID: "grants-\(night)")
            for (index, bytes) in authorisations.enumerated() {
                bundle.add("osva/\(index).xml", kind: .authorisation, bytes: bytes)
            }
            try drop(bundle, "grants-\(night).zip")
        }
        if !documents.isEmpty {
            var bundle = BundleBuilder(sender: Self.provider, bundleID: "visit-\(night)")
            for name in documents {
                bundle.add(name, kind: .document, bytes: try Self.document(name))
            }
            try drop(bundle, "visit-\(night).zip")
        }
        _ = try NightlyRunTests.run(root)
        if !authorisations.isEmpty {
            organiserReceipt = try NightlyRunTests.receipt(
                layout, sender: Self.organiser, bundle: "grants-\(night).zip")
        }
        if !documents.isEmpty {
            providerReceipt = try NightlyRunTests.receipt(
                layout, sender: Self.provider, bundle: "visit-\(night).zip")
        }
        return (organiserReceipt, providerReceipt)
    }

    func drop(_ bundle: BundleBuilder, _ name: String) throws {
        let folder = layout.inbox + "/" + bundle.sender
        try DurableFile.makeFolder(folder)
        try bundle.write(to: folder + "/" + name)
    }

    func value(_ receipt: XPath?, _ expression: String) throws -> String {
        NightlyRunTests.value(try #require(receipt), expression)
    }

    @Test mutating func blankCompletedCancelledAndLateChange() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lm1 = "LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml"
        let lm3 = "LM3__maaraaikainen_erityislupavalmiste.xml"
        let lm12 = "LM12_potilaskohtainen_erityislupavalmiste.xml"

        // Night 1: the provider is left blank, so it grants nothing yet.
        let blank = try Self.version(1) { try $0.setProvider(nil) }
        var receipts = try night(organiser: [blank], provider: [lm1])
        #expect(try value(receipts.organiser, "//r:item/@outcome") == "accepted")
        #expect(try value(receipts.provider, "//r:item/@code") == "right-provider-blank")
        #expect(try value(receipts.provider, "//r:item/r:authorisation/@role") == "closest")

        // Night 2: version 2 names the provider; the document is stored under it.
        receipts = try night(organiser: [try Self.version(2)], provider: [lm1])
        #expect(try value(receipts.organiser, "//r:item/@outcome") == "accepted")
        #expect(try value(receipts.provider, "//r:item/@outcome") == "accepted")
        #expect(try value(receipts.provider, "//r:item/r:authorisation/@version") == "2")
        #expect(try value(receipts.provider, "//r:item/r:authorisation/@setId") == Self.setID)

        // Night 3: version 4 cancels (version 3 is still on its way); nothing more is stored,
        // and what was stored stays.
        let cancellation = try Self.version(4) { editor in
            try editor.cancel()
            try editor.setEffectiveTime("20250101000000")
        }
        receipts = try night(organiser: [cancellation], provider: [lm3])
        #expect(try value(receipts.organiser, "//r:item/@outcome") == "accepted")
        #expect(try value(receipts.provider, "//r:item/@code") == "right-cancelled")

        // Night 4: version 3 arrives late. It is kept, but version 4 stays in force.
        let late = try Self.version(3) { try $0.setValidity(low: "20140101", high: "20351231") }
        receipts = try night(organiser: [late], provider: [lm12])
        #expect(try value(receipts.organiser, "//r:item/@outcome") == "accepted")
        #expect(try value(receipts.provider, "//r:item/@code") == "right-cancelled")

        // Night 5: the same version sent twice changes nothing; another document claiming
        // version 2 is a conflict.
        let conflicting = try Self.version(2) { try $0.setValidity(low: "20140101",
                                                                   high: "20201231") }
        receipts = try night(organiser: [try Self.version(2), conflicting], provider: [])
        #expect(try value(receipts.organiser, "//r:item[1]/@outcome") == "already-stored")
        #expect(try value(receipts.organiser, "//r:item[2]/@code") == "osva-version-conflict")

        let database = try Database(path: layout.database)
        let history = try #require(try GrantStore(database).history(setID: Self.oid(Self.setID)))
        #expect(history.versions.map(\.version) == [1, 2, 3, 4])
        #expect(history.newest?.version == 4)
        #expect(history.cancellation != nil)
        let stored = try RegisterStore(database).documents()
        #expect(stored.count == 1)
        #expect(stored.first?.authorisation.version == 2)
    }

    @Test mutating func anOrganiserCannotAuthoriseARegisterItDoesNotControl() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let foreign = try Self.version(1) { editor in
            try editor.setRegister(block: "20", RegisterRef(
                controller: SampleSet.controller, type: "2"))
        }
        let receipts = try night(organiser: [foreign],
                                 provider: ["LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml"])
        #expect(try value(receipts.organiser, "//r:item/@code") == "osva-register-not-controlled")
        #expect(try value(receipts.organiser, "//r:item/r:authorisation/@role") == "refused")
        #expect(try value(receipts.provider, "//r:item/@code") == "right-none")
        #expect(try GrantStore(Database(path: layout.database)).allHistories().isEmpty)
    }
}
