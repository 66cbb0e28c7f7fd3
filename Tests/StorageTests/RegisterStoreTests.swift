import Domain
import Foundation
import SQL
import Storage
import Testing

/// `RegisterStore`: a stored document comes back as it was recorded; an id is stored once.
@Suite struct RegisterStoreTests {
    let test: TestDatabase
    let register: RegisterStore
    let real: Authorisation

    init() throws {
        test = try TestDatabase()
        register = RegisterStore(test.database)
        real = try Kanta.authorisation()
    }

    /// A document the real authorisation allows: its register, organiser, provider, patient.
    func document(_ id: String, patient: String = "030875-999Y",
                  storedAt: String = "2026-12-04T01:31:00Z") throws -> StoredDocument {
        StoredDocument(
            documentID: id, setID: id, version: 1, replaces: nil, sha256: Vector.abc, size: 3,
            patient: try #require(Henkilotunnus(patient)),
            register: try #require(real.storageRight),
            organiser: try #require(real.organiser?.id),
            producer: try #require(real.provider?.id),
            serviceEvent: "1.2.246.10.48484841.10.0.1.1",
            effectiveTime: try #require(HL7Time("20140601")),
            title: "Työterveyshuollon käynti – Äänekoski", authorisation: AuthorisationRef(real),
            bundleClaim: "c1", storedAt: instant(storedAt))
    }

    /// Records `documents` in one transaction with their bundle row.
    func store(_ documents: [StoredDocument], claim: String = "c1") throws {
        try test.database.transaction {
            try test.recordBundle(claim)
            for document in documents { try register.insert(document) }
        }
    }

    @Test func aStoredDocumentComesBackAsRecorded() throws {
        let stored = try document("1.2.246.10.48484841.10.0.3.1")
        try store([stored])
        #expect(try register.document(id: stored.documentID) == stored)
        #expect(try register.count() == 1)
        #expect(try register.hashes() == [Vector.abc])
        #expect(try register.document(id: "1.2.246.10.48484841.10.0.3.2") == nil)
    }

    @Test func optionalFieldsLeftOutStayLeftOut() throws {
        var plain = try document("1.2.246.10.48484841.10.0.3.1")
        plain.setID = nil
        plain.version = nil
        plain.serviceEvent = nil
        plain.title = nil
        plain.register = RegisterRef(controller: plain.register.controller, type: "3")
        try store([plain])
        #expect(try register.document(id: plain.documentID) == plain)
    }

    @Test func aReplacingVersionKeepsItsReference() throws {
        let first = try document("1.2.246.10.48484841.10.0.3.1")
        var second = try document("1.2.246.10.48484841.10.0.3.2")
        second.setID = first.documentID
        second.version = 2
        second.replaces = first.documentID
        try store([first, second])
        #expect(try register.document(id: second.documentID)?.replaces == first.documentID)
        #expect(try register.count() == 2)
    }

    @Test func aDocumentIDIsNeverStoredTwice() throws {
        let stored = try document("1.2.246.10.48484841.10.0.3.1")
        try store([stored], claim: "c1")
        var again = stored
        again.bundleClaim = "c2"
        again.sha256 = Vector.empty
        #expect {
            try store([again], claim: "c2")
        } throws: { ($0 as? SQLError)?.isConstraint == true }
        #expect(try register.count() == 1)
        #expect(try register.document(id: stored.documentID) == stored)
        #expect(try register.hashes() == [Vector.abc])
    }

    @Test func aDuplicateInsideOneBundleCommitsNothingOfIt() throws {
        let stored = try document("1.2.246.10.48484841.10.0.3.1")
        let other = try document("1.2.246.10.48484841.10.0.3.9")
        #expect {
            try store([other, stored, stored])
        } throws: { ($0 as? SQLError)?.isConstraint == true }
        #expect(try register.count() == 0)
    }

    @Test func aDocumentWithoutItsBundleRowIsNotCommitted() throws {
        let stored = try document("1.2.246.10.48484841.10.0.3.1")
        #expect {
            try register.insert(stored)
        } throws: { ($0 as? SQLError)?.isConstraint == true }
        #expect(try register.count() == 0)
    }

    @Test func documentsAreListedOldestFirstAndFiltered() throws {
        let late = try document("1.2.246.10.48484841.10.0.3.1", storedAt: "2026-12-05T01:00:00Z")
        let early = try document("1.2.246.10.48484841.10.0.3.2", patient: "010190-901R",
                                 storedAt: "2026-12-04T01:00:00Z")
        var elsewhere = try document("1.2.246.10.48484841.10.0.3.3",
                                     storedAt: "2026-12-03T01:00:00Z")
        elsewhere.register = RegisterRef(controller: OID("1.2.246.10.12345678.19.0")!, type: "3")
        try store([late, early, elsewhere])

        #expect(try register.documents() == [elsewhere, early, late])
        let controller = try #require(real.storageRight?.controller)
        #expect(try register.documents(controller: controller) == [early, late])
        #expect(try register.documents(patient: "030875-999Y") == [elsewhere, late])
        #expect(try register.documents(controller: controller, patient: "030875-999Y")
            == [late])
        #expect(try register.documents(patient: "150552-950S").isEmpty)
    }
}
