import Domain
import Foundation
import SQL
import Storage
import Testing

/// `BundleLedger`: the recorded results, duplicate bundle ids, and attempts per claim.
@Suite struct BundleLedgerTests {
    let test: TestDatabase
    let ledger: BundleLedger

    init() throws {
        test = try TestDatabase()
        ledger = BundleLedger(test.database)
    }

    /// A result from `sender` with `bundleID`, processed at `processed`.
    func result(_ file: String, sender: String = "1.2.246.10.48484841.10.0",
                bundleID: String? = "b-1", sha256: String? = Vector.abc,
                processed: String = "2026-12-04T01:31:00Z") -> BundleResult {
        var result = BundleResult(file: file, sender: sender,
                                  received: instant("2026-12-04T01:30:00Z"))
        result.processed = instant(processed)
        result.bundleID = bundleID
        result.sha256 = sha256
        return result
    }

    @Test func aRecordedResultComesBackWhole() throws {
        var recorded = result("x.zip")
        var item = ItemResult(path: "docs/1.xml", kind: .document, outcome: .rejected,
                              reason: .rightExpired, message: "Vanhentunut – ääkköset <&>")
        item.documentID = "1.2.246.10.48484841.10.0.3.1"
        item.patient = "030875-999Y"
        item.register = RegisterRef(controller: OID("1.2.246.10.99999984.19.0")!, type: "4",
                                    specifier: "1234567-1")
        let setID = OID("1.2.246.10.99999984.10.0.91.2009.58")!
        item.authorisation = AuthorisationRef(setID: setID, documentID: setID, version: 1)
        recorded.items = [item, ItemResult(path: "osva.xml", kind: .authorisation,
                                           outcome: .alreadyStored, message: "")]
        recorded.ignored = ["__MACOSX/._1.xml", ".DS_Store"]
        try ledger.record(claim: "t1--x.zip", recorded)

        #expect(try ledger.result(claim: "t1--x.zip") == recorded)
        #expect(try ledger.result(claim: "t2--x.zip") == nil)
    }

    @Test func aWholeBundleRejectionComesBackWhole() throws {
        var rejected = result("x.zip", bundleID: nil, sha256: nil)
        rejected.rejection = Rejection(.entryUnsafePath, "The name climbs out with '..'.",
                                       entryIndex: 3, entryName: "../../outside.xml")
        try ledger.record(claim: "t1--x.zip", rejected)
        #expect(try ledger.result(claim: "t1--x.zip") == rejected)
    }

    @Test func aClaimIsRecordedOnce() throws {
        try ledger.record(claim: "t1--x.zip", result("x.zip"))
        #expect {
            try ledger.record(claim: "t1--x.zip", result("y.zip"))
        } throws: { ($0 as? SQLError)?.isConstraint == true }
        #expect(try ledger.result(claim: "t1--x.zip")?.file == "x.zip")
    }

    @Test func resultsAreListedInProcessingOrderAndBySender() throws {
        let third = result("c.zip", processed: "2026-12-04T03:00:00Z")
        let first = result("a.zip", sender: "1.2.246.10.1.10.0", processed: "2026-12-04T01:00:00Z")
        let second = result("b.zip", processed: "2026-12-04T02:00:00Z")
        try ledger.record(claim: "t3", third)
        try ledger.record(claim: "t1", first)
        try ledger.record(claim: "t2", second)
        #expect(try ledger.results() == [first, second, third])
        #expect(try ledger.results(sender: "1.2.246.10.48484841.10.0") == [second, third])
        #expect(try ledger.results(sender: "1.2.246.10.2.10.0").isEmpty)
    }

    @Test func anEarlierBundleIsFoundBySenderAndBundleID() throws {
        let sender = "1.2.246.10.48484841.10.0"
        #expect(try ledger.earlierBundle(sender: sender, bundleID: "b-1") == nil)

        try ledger.record(claim: "t2", result("x2.zip", sha256: Vector.empty,
                                              processed: "2026-12-05T01:00:00Z"))
        try ledger.record(claim: "t1", result("x1.zip", sha256: Vector.abc,
                                              processed: "2026-12-04T01:00:00Z"))
        try ledger.record(claim: "t3", result("x3.zip", bundleID: "b-2", sha256: fakeHash(3)))

        #expect(try ledger.earlierBundle(sender: sender, bundleID: "b-1") == Vector.abc)
        #expect(try ledger.earlierBundle(sender: sender, bundleID: "b-2") == fakeHash(3))
        #expect(try ledger.earlierBundle(sender: sender, bundleID: "B-1") == nil)
        #expect(try ledger.earlierBundle(sender: "1.2.246.10.1.10.0", bundleID: "b-1") == nil)
    }

    @Test func aBundleWithoutAnIDMatchesNoBundleID() throws {
        try ledger.record(claim: "t1", result("x.zip", bundleID: nil))
        #expect(try ledger.earlierBundle(sender: "1.2.246.10.48484841.10.0", bundleID: "")
            == nil)
    }

    @Test func attemptsAreCountedPerClaimAndCleared() throws {
        #expect(try ledger.countAttempt(claim: "t1") == 1)
        #expect(try ledger.countAttempt(claim: "t1") == 2)
        #expect(try ledger.countAttempt(claim: "t2") == 1)
        #expect(try ledger.countAttempt(claim: "t1") == 3)

        try ledger.clearAttempts(claim: "t1")
        #expect(try ledger.countAttempt(claim: "t1") == 1)
        #expect(try ledger.countAttempt(claim: "t2") == 2)
        try ledger.clearAttempts(claim: "never-counted")
    }

    @Test func anUncountedAttemptIsTakenBackButNeverBelowZero() throws {
        _ = try ledger.countAttempt(claim: "t1")
        _ = try ledger.countAttempt(claim: "t1")
        try ledger.uncountAttempt(claim: "t1")
        #expect(try ledger.countAttempt(claim: "t1") == 2)
        for _ in 0..<5 { try ledger.uncountAttempt(claim: "t1") }
        #expect(try ledger.countAttempt(claim: "t1") == 1)
    }

    @Test func attemptsSurviveReopeningAndARolledBackTransaction() throws {
        _ = try ledger.countAttempt(claim: "t1")
        struct Crash: Error {}
        #expect(throws: Crash.self) {
            try test.database.transaction {
                try ledger.record(claim: "t1", result("x.zip"))
                throw Crash()
            }
        }
        let reopened = BundleLedger(try Database(path: test.path))
        #expect(try reopened.result(claim: "t1") == nil)
        #expect(try reopened.countAttempt(claim: "t1") == 2)
    }
}
