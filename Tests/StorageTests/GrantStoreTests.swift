import Domain
import Foundation
import SQL
import Storage
import Testing

/// `GrantStore`: every version of every authorisation is kept; which one is in force does not
/// depend on the order versions arrived in; a version is never stored twice.
@Suite struct GrantStoreTests {
    let test: TestDatabase
    let grants: GrantStore
    let real: Authorisation

    init() throws {
        test = try TestDatabase()
        grants = GrantStore(test.database)
        real = try Kanta.authorisation()
    }

    /// Stores `versions` in one transaction with the bundle `claim` they came in.
    func store(_ versions: [Authorisation], claim: String = "c1") throws {
        try test.database.transaction {
            try test.recordBundle(claim)
            for (index, version) in versions.enumerated() {
                try grants.insert(version, sha256: fakeHash(version.version + index),
                                  sender: Kanta.organiser, claim: claim,
                                  at: instant("2026-12-04T01:30:00Z"))
            }
        }
    }

    @Test func theRealAuthorisationComesBackUnchanged() throws {
        let sha = try sha256sum(Kanta.osvaPath)
        try test.database.transaction {
            try test.recordBundle("c1")
            try grants.insert(real, sha256: sha, sender: Kanta.organiser, claim: "c1",
                              at: instant("2026-12-04T01:30:00Z"))
        }
        let byDocument = try #require(try grants.version(documentID: real.documentID))
        #expect(byDocument.0 == real)
        #expect(byDocument.sha256 == sha)
        let byNumber = try #require(try grants.version(setID: real.setID, number: 1))
        #expect(byNumber.0 == real)
        #expect(byNumber.sha256 == sha)
        #expect(try grants.version(setID: real.setID, number: 2) == nil)
        #expect(try grants.history(setID: real.setID)?.versions == [real])
        #expect(try grants.hashes() == [sha])
    }

    @Test(arguments: [[1, 2, 3], [3, 1, 2], [2, 3, 1], [3, 2, 1], [1, 3, 2], [2, 1, 3]])
    func theNewestVersionIsInForceWhateverTheOrder(order: [Int]) throws {
        for number in order { try store([real.asVersion(number)], claim: "c\(number)") }
        let history = try #require(try grants.history(setID: real.setID))
        #expect(history.versions.map(\.version) == [1, 2, 3])
        #expect(history.versions == [1, 2, 3].map { real.asVersion($0) })
        #expect(history.newest == real.asVersion(3))
        #expect(history.terms == real.asVersion(3))
        #expect(history.cancellation == nil)
    }

    @Test func aCancellationArrivingFirstStillEndsTheAuthorisation() throws {
        let cancel = real.asVersion(3, made: "20140901120000", cancelled: true)
        try store([cancel], claim: "c1")
        try store([real.asVersion(2), real.asVersion(1)], claim: "c2")
        let history = try #require(try grants.history(setID: real.setID))
        #expect(history.cancellation == cancel)
        #expect(history.terms == real.asVersion(2))
        #expect(history.versions.map(\.version) == [1, 2, 3])
    }

    @Test func aDocumentIDIsNeverStoredTwice() throws {
        try store([real.asVersion(1)], claim: "c1")
        var resent = real.asVersion(1)
        resent.patientName = "Changed, Name"
        #expect {
            try store([resent], claim: "c2")
        } throws: { ($0 as? SQLError)?.isConstraint == true }
        #expect(try grants.history(setID: real.setID)?.versions == [real.asVersion(1)])
        #expect(try BundleLedger(test.database).result(claim: "c2") == nil)
    }

    @Test func aVersionNumberIsNeverStoredTwiceInOneSet() throws {
        try store([real.asVersion(2)], claim: "c1")
        var other = real.asVersion(2)
        other.documentID = OID(real.setID.value + ".77")!
        #expect {
            try store([other], claim: "c2")
        } throws: { ($0 as? SQLError)?.isConstraint == true }
        #expect(try grants.version(documentID: other.documentID) == nil)
        #expect(try grants.history(setID: real.setID)?.versions == [real.asVersion(2)])
    }

    @Test func aVersionWithoutItsBundleRowIsNotCommitted() throws {
        #expect {
            try grants.insert(real, sha256: fakeHash(1), sender: Kanta.organiser,
                              claim: "never-recorded", at: instant("2026-12-04T01:30:00Z"))
        } throws: { ($0 as? SQLError)?.isConstraint == true }
        #expect(try grants.history(setID: real.setID) == nil)
        #expect(try grants.hashes().isEmpty)
    }

    @Test func historiesAreFoundByTheStorageBlocksController() throws {
        let controller = try #require(real.storageRight?.controller)
        var elsewhere = real.inAnotherSet(1)
        elsewhere.storageRight?.controller = OID("1.2.246.10.12345678.19.0")!
        let second = real.inAnotherSet(2)
        try store([real, elsewhere, second.asVersion(1), second.asVersion(2)])

        let found = try grants.histories(controller: controller)
        #expect(found.map { $0.newest?.setID } == [real.setID, second.setID])
        #expect(found.last?.versions.map(\.version) == [1, 2])
        #expect(try grants.histories(controller: OID("1.2.246.10.12345678.19.0")!)
            .map { $0.newest?.setID } == [elsewhere.setID])
        #expect(try grants.histories(controller: OID("1.2.246.10.1.19.0")!).isEmpty)
        #expect(try grants.allHistories().map { $0.newest?.setID }
            == [real.setID, elsewhere.setID, second.setID].sorted())
    }

    @Test func anUnknownSetHasNoHistory() throws {
        #expect(try grants.history(setID: real.setID) == nil)
        #expect(try grants.version(documentID: real.documentID) == nil)
        #expect(try grants.allHistories().isEmpty)
    }

    @Test func controlledRegistersAreAddedOnceAndRemovedOnce() throws {
        let organiser = OID(Kanta.organiser)!
        let occupational = ControlledRegister(
            organiser: organiser, controller: OID("1.2.246.10.99999984.19.0")!, type: "4")
        let publicCare = ControlledRegister(
            organiser: organiser, controller: OID("1.2.246.10.99999984.19.0")!, type: "2")

        #expect(try grants.addRegister(occupational))
        #expect(try !grants.addRegister(occupational))
        #expect(try grants.addRegister(publicCare))
        #expect(try grants.registers() == [publicCare, occupational])
        #expect(try grants.controls(organiser: organiser,
                                    controller: occupational.controller, type: "4"))
        #expect(try !grants.controls(organiser: organiser,
                                     controller: occupational.controller, type: "3"))
        #expect(try grants.isOrganiser(Kanta.organiser))
        #expect(try !grants.isOrganiser("1.2.246.10.48484841.10.0"))

        #expect(try grants.removeRegister(occupational))
        #expect(try !grants.removeRegister(occupational))
        #expect(try grants.registers() == [publicCare])
        #expect(try grants.removeRegister(publicCare))
        #expect(try !grants.isOrganiser(Kanta.organiser))
    }
}
