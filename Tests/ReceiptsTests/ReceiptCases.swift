import Domain
import Foundation
import Testing

/// Bundle results to render, each with what its receipt must say.
struct ReceiptCase: CustomTestStringConvertible, Sendable {
    let name: String
    let result: BundleResult
    /// The acknowledgement the receipt must carry.
    let acknowledgement: String
    /// Items, accepted, already stored, rejected.
    let summary: [Int]
    /// The role of each item's authorisation reference, in item order.
    let roles: [String?]

    var testDescription: String { name }
}

/// Values from the real OmaKanta authorisation and its test patient.
enum Sample {
    static let organiser = "1.2.246.10.99999984.10.0"
    static let provider = "1.2.246.10.48484841.10.0"
    static let setID = OID("1.2.246.10.99999984.10.0.91.2009.58")!
    static let occupational = RegisterRef(
        controller: OID("1.2.246.10.99999984.19.0")!, type: "4", specifier: "1234567-1")
    static let publicCare = RegisterRef(controller: OID("1.2.246.10.99999984.19.0")!, type: "2")

    /// Additional information about the service (form 362 field 43), as an organiser writes it.
    static let serviceInformation = Authorisation.AdditionalInformation(
        text: "Työterveyshuollon seurantakäynti; lähete liitteenä.",
        codes: [.init(code: "T1", codeSystem: "1.2.246.537.6.1400.2", displayName: "Käynti"),
                .init(code: "T2", codeSystem: "1.2.246.537.6.1400.2")])

    /// Version `number` of the sample authorisation.
    static func version(_ number: Int) -> AuthorisationRef {
        AuthorisationRef(setID: setID, documentID: OID(setID.value + ".\(number)")!,
                         version: number)
    }

    /// A result from the provider, received and processed at fixed whole seconds.
    static func result(file: String = "20261204T013000Z--kaynnit.zip",
                       sender: String = provider) -> BundleResult {
        var result = BundleResult(file: file, sender: sender,
                                  received: instant("2026-12-04T01:30:00Z"))
        result.processed = instant("2026-12-04T01:31:07Z")
        result.bundleID = "b-2026-12-03-1"
        result.sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        return result
    }

    /// A document item for `register`, with `outcome`, `reason` and `authorisation`.
    static func document(_ path: String, _ outcome: ItemResult.Outcome,
                         reason: ReasonCode? = nil, register: RegisterRef? = occupational,
                         authorisation: AuthorisationRef? = nil,
                         message: String = "Tallennettu rekisteriin.") -> ItemResult {
        var item = ItemResult(path: path, kind: .document, outcome: outcome, reason: reason,
                              message: message)
        item.documentID = "1.2.246.10.48484841.10.0.3." + String(path.utf8.count)
        item.patient = "030875-999Y"
        item.register = register
        item.authorisation = authorisation
        return item
    }

    /// An authorisation item with `outcome` and the version it applied.
    static func authorisation(_ path: String, _ outcome: ItemResult.Outcome,
                              applied: AuthorisationRef) -> ItemResult {
        var item = ItemResult(path: path, kind: .authorisation, outcome: outcome,
                              message: "Valtuutus voimassa 13.5.2014–9.10.2014.")
        item.documentID = applied.documentID.value
        item.patient = "030875-999Y"
        item.register = occupational
        item.authorisation = applied
        return item
    }
}

/// An instant from ISO 8601 text such as `2026-12-04T01:30:00Z`.
func instant(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}

extension ReceiptCase {
    /// Reason codes whose bundle rejection is `AR` (reasons outside the content).
    static let outsideContent: Set<ReasonCode> = [.senderInvalid, .bundleIDReused,
                                                  .bundleQuarantined]

    /// Every case below.
    static let all: [ReceiptCase] = [
        everythingAccepted, someRejected, everyReasonOnADocument, nothingInside, awkwardText,
        controlCharacters,
    ]

    static let everythingAccepted: ReceiptCase = {
        var result = Sample.result(sender: Sample.organiser)
        result.items = [
            Sample.authorisation("valtuutukset/osva-v2.xml", .accepted,
                                 applied: Sample.version(2)),
            Sample.authorisation("valtuutukset/osva-v1.xml", .alreadyStored,
                                 applied: Sample.version(1)),
            Sample.document("docs/1.xml", .accepted, authorisation: Sample.version(2)),
            Sample.document("docs/2.xml", .alreadyStored, authorisation: Sample.version(1)),
            Sample.document("docs/3.xml", .accepted, register: Sample.publicCare,
                            authorisation: Sample.version(2)),
        ]
        result.items[0].serviceInformation = Sample.serviceInformation
        result.items[2].serviceInformation = Sample.serviceInformation
        result.items[3].serviceInformation = .init(text: "Vain teksti.")
        result.items[4].serviceInformation = .init()
        result.ignored = ["__MACOSX/._1.xml", ".DS_Store", "docs/Thumbs.db"]
        return ReceiptCase(name: "everything accepted", result: result, acknowledgement: "AA",
                           summary: [5, 3, 2, 0],
                           roles: ["applied", "applied", "allowed-by", "allowed-by",
                                   "allowed-by"])
    }()

    static let someRejected: ReceiptCase = {
        var result = Sample.result()
        var unreadable = ItemResult(path: "docs/rikki.xml", kind: .document,
                                    outcome: .rejected, reason: .xmlMalformed,
                                    message: "Rivi 3, sarake 7: tagi ei sulkeudu.")
        unreadable.documentID = nil
        var refused = ItemResult(path: "osva.xml", kind: .authorisation, outcome: .rejected,
                                 reason: .osvaSenderNotOrganiser,
                                 message: "Vain järjestäjä voi lähettää valtuutuksen.")
        refused.documentID = Sample.version(3).documentID.value
        refused.authorisation = Sample.version(3)
        var conflict = Sample.authorisation("osva-v2.xml", .rejected, applied: Sample.version(2))
        conflict.reason = .osvaVersionConflict
        result.items = [
            Sample.document("docs/1.xml", .accepted, authorisation: Sample.version(1)),
            Sample.document("docs/2.xml", .rejected, reason: .rightExpired,
                            authorisation: Sample.version(1), message: "Valtuutus päättyi."),
            Sample.document("docs/3.xml", .rejected, reason: .rightNone, register: nil),
            unreadable, refused, conflict,
        ]
        return ReceiptCase(name: "some rejected", result: result, acknowledgement: "AE",
                           summary: [6, 1, 0, 5],
                           roles: ["allowed-by", "closest", nil, nil, "refused", "refused"])
    }()

    static let everyReasonOnADocument: ReceiptCase = {
        var result = Sample.result()
        result.items = ReasonCode.allCases.enumerated().map { index, code in
            Sample.document("docs/\(index + 1).xml", .rejected, reason: code,
                            authorisation: index.isMultiple(of: 2) ? Sample.version(index + 1)
                                : nil,
                            message: code.entry.meaning)
        }
        let count = ReasonCode.allCases.count
        return ReceiptCase(name: "every reason code on a document", result: result,
                           acknowledgement: "AE", summary: [count, 0, 0, count],
                           roles: (0..<count).map { $0.isMultiple(of: 2) ? "closest" : nil })
    }()

    static let nothingInside: ReceiptCase = {
        var result = Sample.result(file: "")
        result.bundleID = nil
        result.sha256 = nil
        return ReceiptCase(name: "nothing inside", result: result, acknowledgement: "AA",
                           summary: [0, 0, 0, 0], roles: [])
    }()

    static let awkwardText: ReceiptCase = {
        let special = #"<tag attr="v" other='w'> & &amp; ]]> --> <!-- "#
        var result = Sample.result(file: "Käynnit & <lähetteet> \"2026\" 'joulu'.zip",
                                   sender: "Hyvinvointialue Äänekoski–Jyväskylä")
        result.bundleID = "id with  two spaces, \ttab\nline\r\nCRLF and trailing space "
        result.items = [
            Sample.document(
                "kansio/äiti ja isä/Ω ≠ ∞ 🩺.xml", .rejected, reason: .rightOtherPatient,
                authorisation: Sample.version(1),
                message: "Potilas ei ole valtuutuksessa: " + special
                    + "\nToinen rivi\r\nkolmas\tsarkain ÅÄÖ åäö"),
            Sample.document("  leading and trailing  ", .accepted,
                            register: RegisterRef(controller: Sample.occupational.controller,
                                                  type: "4", specifier: "Työnantaja \"Oy\" & Ab"),
                            authorisation: Sample.version(2), message: special),
            Sample.document("empty-message.xml", .alreadyStored,
                            authorisation: Sample.version(2), message: ""),
        ]
        result.items[1].serviceInformation = .init(
            text: special + "\r\n\tsisennetty – ÅÄÖ",
            codes: [.init(code: "<&>", codeSystem: "\"'", displayName: special)])
        result.items[2].serviceInformation = .init(text: "")
        result.ignored = ["__MACOSX/._ä & <b>.xml", "  "]
        return ReceiptCase(name: "XML special characters and Finnish text", result: result,
                           acknowledgement: "AE", summary: [3, 1, 1, 1],
                           roles: ["closest", "allowed-by", "allowed-by"])
    }()

    static let controlCharacters: ReceiptCase = {
        let controls = "nul\u{0}bel\u{7}bs\u{8}vt\u{B}ff\u{C}esc\u{1B}us\u{1F}"
            + "del\u{7F}nel\u{85}fffe\u{FFFE}ffff\u{FFFF}end"
        var result = Sample.result(file: "x\u{1}.zip")
        result.items = [
            Sample.document("docs/\u{1B}[31mred.xml", .rejected, reason: .xmlMalformed,
                            register: nil, message: controls),
            Sample.document("docs/2.xml", .accepted, authorisation: Sample.version(1),
                            message: controls),
        ]
        result.items[1].serviceInformation = .init(
            text: controls, codes: [.init(code: "c\u{3}", codeSystem: "s\u{FFFF}",
                                          displayName: controls)])
        result.ignored = ["__MACOSX/\u{2}"]
        return ReceiptCase(name: "control characters", result: result, acknowledgement: "AE",
                           summary: [2, 1, 0, 1], roles: [nil, "allowed-by"])
    }()
}
