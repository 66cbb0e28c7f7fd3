import Domain
import Foundation
import SQL
import Storage
import Testing

/// Restrictions and the hash-chained disclosure log, as docs/access.md describes them.
@Suite struct AccessStorageTests {
    static let organiser = OID("1.2.246.10.99999984.10.0")!
    static let otherOrganiser = OID("1.2.246.10.99999987.10.0")!
    static let controller = OID("1.2.246.10.99999984.19.0")!
    static let occupational = RegisterRef(controller: controller, type: "4",
                                          specifier: "1234567-1")
    static let otherEmployer = RegisterRef(controller: controller, type: "4",
                                           specifier: "7654321-0")
    static let publicCare = RegisterRef(controller: controller, type: "2")
    static let foreign = RegisterRef(controller: OID("1.2.246.10.99999987.19.0")!, type: "2")
    static let patient = Henkilotunnus("030875-999Y")!
    static let otherPatient = Henkilotunnus("010190-901R")!

    func store(controlling types: [String] = ["4", "2"]) throws -> (TestDatabase,
                                                                     RestrictionStore) {
        let test = try TestDatabase()
        for type in types {
            try GrantStore(test.database).addRegister(ControlledRegister(
                organiser: Self.organiser, controller: Self.controller, type: type))
        }
        return (test, RestrictionStore(test.database))
    }

    func apply(_ store: RestrictionStore, _ action: RestrictionChange.Action,
               _ scope: Restriction.Scope, patient: Henkilotunnus = patient,
               organiser: OID = organiser) throws -> Bool {
        try store.apply(RestrictionChange(action, Restriction(patient: patient, scope: scope)),
                        organiser: organiser, claim: "t--r.zip", at: Date())
    }

    @Test func aRestrictionOnAllRegistersCoversEveryRegisterTheOrganiserControls() throws {
        let (_, store) = try store()
        #expect(try apply(store, .restrict, .allRegisters))
        #expect(try store.isRestricted(patient: Self.patient, register: Self.occupational))
        #expect(try store.isRestricted(patient: Self.patient, register: Self.otherEmployer))
        #expect(try store.isRestricted(patient: Self.patient, register: Self.publicCare))
        #expect(try !store.isRestricted(patient: Self.patient, register: Self.foreign))
        #expect(try !store.isRestricted(patient: Self.otherPatient,
                                        register: Self.occupational))
    }

    @Test func aRestrictionOnAllRegistersFollowsWhatTheOrganiserControls() throws {
        let (_, store) = try store(controlling: ["4"])
        #expect(try apply(store, .restrict, .allRegisters))
        #expect(try !store.isRestricted(patient: Self.patient, register: Self.publicCare))
        // Another organiser's restriction never covers this organiser's registers.
        #expect(try apply(store, .restrict, .allRegisters, patient: Self.otherPatient,
                          organiser: Self.otherOrganiser))
        #expect(try !store.isRestricted(patient: Self.otherPatient,
                                        register: Self.occupational))
    }

    @Test func aRestrictionOnOneRegisterNeedsControllerTypeAndSpecifier() throws {
        let (_, store) = try store()
        #expect(try apply(store, .restrict, .register(Self.occupational)))
        #expect(try store.isRestricted(patient: Self.patient, register: Self.occupational))
        #expect(try !store.isRestricted(patient: Self.patient, register: Self.otherEmployer))
        #expect(try !store.isRestricted(patient: Self.patient, register: Self.publicCare))
    }

    @Test func restrictAndLiftAddAndRemove() throws {
        let (_, store) = try store()
        #expect(try apply(store, .restrict, .register(Self.publicCare)))
        #expect(try !apply(store, .restrict, .register(Self.publicCare)))
        #expect(try !apply(store, .lift, .allRegisters))
        #expect(try store.restrictions().map(\.restriction)
                == [Restriction(patient: Self.patient, scope: .register(Self.publicCare))])
        #expect(try apply(store, .lift, .register(Self.publicCare)))
        #expect(try !store.isRestricted(patient: Self.patient, register: Self.publicCare))
        #expect(try store.restrictions().isEmpty)
        #expect(try !apply(store, .lift, .register(Self.publicCare)))
        #expect(try apply(store, .restrict, .register(Self.publicCare)))
        #expect(try store.isRestricted(patient: Self.patient, register: Self.publicCare))
    }

    // MARK: Disclosure log

    func record(_ patient: String, organiser: String = "1.2.246.10.99999984.10.0",
                returned: [String] = [], withheld: [DisclosureRecord.Withheld] = [])
        -> DisclosureRecord
    {
        DisclosureRecord(
            at: instant("2026-12-04T01:30:00Z"), requestedAt: instant("2026-12-04T01:29:00Z"),
            provider: "1.2.246.10.48484841.10.0", organiser: organiser, patient: patient,
            outcome: returned.isEmpty && withheld.isEmpty ? .refused : .disclosed,
            reason: returned.isEmpty && withheld.isEmpty ? .accessNone : nil,
            authorisation: returned.isEmpty ? nil : AuthorisationRef(
                setID: OID("1.2.246.10.99999984.10.0.91.2009.58")!,
                documentID: OID("1.2.246.10.99999984.10.0.91.2009.58")!, version: 2),
            returned: returned, withheld: withheld, bundleClaim: "t--request.zip",
            requestPath: "request.xml")
    }

    /// Three rows: a disclosure, a refusal and one for another organiser.
    func filledLog() throws -> (TestDatabase, DisclosureLog, [DisclosureRecord]) {
        let test = try TestDatabase()
        try test.recordBundle("t--request.zip")
        let log = DisclosureLog(test.database)
        let rows = [
            try log.append(record("030875-999Y", returned: ["1.2.3.1", "1.2.3.2"],
                                  withheld: [.init(documentID: "1.2.3.3",
                                                   reason: .accessRestricted)])),
            try log.append(record("010190-901R")),
            try log.append(record("030875-999Y", organiser: "1.2.246.10.99999987.10.0")),
        ]
        return (test, log, rows)
    }

    /// The documented hash of a row, computed with `sha256sum` from its stored columns.
    func documentedHash(_ connection: Connection, seq: Int64, scratch: Scratch) throws
        -> String
    {
        let names = ["seq", "at", "requested_at", "provider", "organiser", "patient",
                     "outcome", "reason", "auth_set_id", "auth_document_id", "auth_version",
                     "returned", "withheld", "bundle_claim", "request_path"]
        let row = try #require(try connection.query(
            "SELECT previous_hash, " + names.joined(separator: ", ")
                + " FROM disclosure_log WHERE seq = ?", [.integer(seq)]).first)
        var text = row.text(0) + "\n"
        for (index, name) in names.enumerated() {
            let value: String? = switch row[index + 1] {
            case .null: nil
            case .integer(let number): String(number)
            case .text(let string): string
            default: "?"
            }
            text += name + "=" + (value.map { "\($0.utf8.count):\($0)" } ?? "-") + "\n"
        }
        return try sha256sum(scratch.write(Array(text.utf8), to: "row-\(seq).txt"))
    }

    @Test func rowsFormAChainOfTheDocumentedHashes() throws {
        let (test, log, rows) = try filledLog()
        #expect(rows.map(\.seq) == [1, 2, 3])
        #expect(rows[0].previousHash == String(repeating: "0", count: 64))
        #expect(rows[1].previousHash == rows[0].hash)
        #expect(rows[2].previousHash == rows[1].hash)
        let connection = try test.inspect()
        for row in rows {
            #expect(try documentedHash(connection, seq: row.seq, scratch: test.scratch)
                    == row.hash)
        }
        #expect(try log.verify() == .intact(rows: 3, head: rows[2].hash))
        #expect(try log.records() == rows)
    }

    @Test func anEmptyLogIsIntact() throws {
        let test = try TestDatabase()
        #expect(try DisclosureLog(test.database).verify()
                == .intact(rows: 0, head: DisclosureLog.genesis))
    }

    @Test func theLogShowsOneOrganisersOrOnePatientsRows() throws {
        let (_, log, rows) = try filledLog()
        #expect(try log.records(organiser: "1.2.246.10.99999984.10.0") == [rows[0], rows[1]])
        #expect(try log.records(patient: "030875-999Y") == [rows[0], rows[2]])
        #expect(try log.records(organiser: "1.2.246.10.99999984.10.0",
                                patient: "030875-999Y") == [rows[0]])
        #expect(rows[0].withheld == [.init(documentID: "1.2.3.3", reason: .accessRestricted)])
    }

    @Test func aChangedRowIsFoundAtThatRow() throws {
        let (test, log, _) = try filledLog()
        try test.inspect().run("UPDATE disclosure_log SET returned = '1.2.3.1' WHERE seq = 1",
                               [])
        guard case .broken(let seq, _) = try log.verify() else {
            Issue.record("a changed row was not detected")
            return
        }
        #expect(seq == 1)
    }

    @Test func aChangedRowWithARecomputedHashIsFoundAtTheNextRow() throws {
        let (test, log, _) = try filledLog()
        let connection = try test.inspect()
        try connection.run("UPDATE disclosure_log SET patient = '150580-902E' WHERE seq = 2", [])
        let forged = try documentedHash(connection, seq: 2, scratch: test.scratch)
        try connection.run("UPDATE disclosure_log SET hash = ? WHERE seq = 2", [.text(forged)])
        guard case .broken(let seq, _) = try log.verify() else {
            Issue.record("a forged row was not detected")
            return
        }
        #expect(seq == 3)
    }

    @Test func aRemovedRowIsFound() throws {
        let (test, log, _) = try filledLog()
        try test.inspect().run("DELETE FROM disclosure_log WHERE seq = 2", [])
        guard case .broken(let seq, _) = try log.verify() else {
            Issue.record("a removed row was not detected")
            return
        }
        #expect(seq == 3)
    }
}
