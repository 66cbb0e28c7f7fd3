#if canImport(Glibc)
import Glibc
#endif
import Domain
import Files
import Foundation
import Intake
import Pipeline
import Samples
import Storage
import Testing
import XML

/// The inbox-and-run kinds (P1–P6), storage kinds (S1–S3), duplicated content (H4) and the
/// faults on osva's side listed in docs/hostile-inputs.md, each built as input and checked
/// end to end through `NightlyRun` (and the `osva` executable where only a process can show
/// it). P4 under real `kill -9` is scripts/crash-test.sh.
@Suite struct HostileRunTests {
    static let organiser = HostileSamples.organiser
    static let provider = HostileSamples.provider
    static let imaging = HostileSamples.imaging

    /// A corpus document the sample authorisation lets the provider store for the sample
    /// patient, and which the sample bundles do not hold.
    static let extraDocument = "Test_CDA_V3_3_Acute_2_Renavit_LM_.xml"

    /// A provider bundle of one corpus document for the sample patient, as a zip's bytes.
    static func visitBundle(_ bundleID: String, document: String = extraDocument) throws
        -> [UInt8]
    {
        let path = NSTemporaryDirectory() + "osva-bundle-\(UUID().uuidString).zip"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var builder = BundleBuilder(sender: provider, bundleID: bundleID)
        builder.add("documents/" + document, kind: .document,
                    bytes: try HostileSamples.visitDocument(document, patient: "030875-999Y"))
        try builder.write(to: path)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Sets the file's modification time `seconds` into the past.
    static func age(_ path: String, by seconds: Int) {
        var times = [timeval(tv_sec: time(nil) - seconds, tv_usec: 0),
                     timeval(tv_sec: time(nil) - seconds, tv_usec: 0)]
        utimes(path, &times)
    }

    // MARK: - P1 still uploading

    @Test func aBundleStillBeingUploadedIsLeftUntilItIsComplete() throws {
        let root = try HostileRoot.empty()
        defer { root.remove() }
        let bytes = try Self.visitBundle("p1")
        let path = try root.inbox(Self.provider) + "/visit.zip"

        // Part of it now, the rest a moment later: both looks find it young.
        try Self.write(Array(bytes[..<(bytes.count * 6 / 10)]), to: path)
        var summary = try root.run { $0.settle = 30 }
        #expect(summary.young == [Self.provider + "/visit.zip"])
        #expect(summary.finished.isEmpty)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(bytes[(bytes.count * 6 / 10)...]))
        handle.closeFile()
        summary = try root.run { $0.settle = 30 }
        #expect(summary.young == [Self.provider + "/visit.zip"])
        #expect(root.receipts(Self.provider, "visit.zip").isEmpty)
        #expect(root.names(root.layout.claimed + "/" + Self.provider).isEmpty)

        // Unchanged for longer than the settle time: taken, and read whole.
        Self.age(path, by: 60)
        summary = try root.run { $0.settle = 30 }
        #expect(summary.young.isEmpty)
        #expect(summary.finished.count == 1)
        let receipt = try root.receipt(Self.provider, "visit.zip")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/r:rejection/@code") == "")
        #expect(try receipt.count("//r:item") == 1)
    }

    @Test func aBundleThatGrowsBetweenTheTwoLooksIsNotClaimed() throws {
        let root = try HostileRoot.empty()
        defer { root.remove() }
        let bytes = try Self.visitBundle("p1-growing")
        let path = try root.inbox(Self.provider) + "/visit.zip"
        try Self.write(Array(bytes[..<1_000]), to: path)
        Self.age(path, by: 60)
        let inbox = Inbox(layout: root.layout, settle: 30)
        let listed = try #require(inbox.waiting().ready.first)
        try Self.write(bytes, to: path)
        Self.age(path, by: 60)
        #expect(try inbox.claim(listed) == nil)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(root.names(root.layout.claimed + "/" + Self.provider).isEmpty)
    }

    // MARK: - P2 upload leftovers

    @Test func uploadLeftoversFifosAndLinksAreNeverTouched() throws {
        let root = try HostileRoot.empty()
        defer { root.remove() }
        let bytes = try Self.visitBundle("p2")
        let folder = try root.inbox(Self.provider)
        let leftovers = ["x.zip.part", ".x.zip.Xa81Zq", "x.zip.filepart", ".hidden.zip",
                         "x.zip.tmp"]
        for name in leftovers + ["X.ZIP"] { try Self.write(bytes, to: folder + "/" + name) }
        try #require(mkfifo(folder + "/pipe.zip", 0o644) == 0)
        let outside = root.root + "/outside"
        try DurableFile.makeFolder(outside)
        try Self.write(bytes, to: outside + "/real.zip")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.zip",
                                                   withDestinationPath: outside + "/real.zip")
        try DurableFile.makeFolder(folder + "/folder.zip")
        // A sender folder that is a link to somewhere else.
        try FileManager.default.createSymbolicLink(atPath: root.layout.inbox + "/" + Self.imaging,
                                                   withDestinationPath: outside)
        for name in (leftovers + ["X.ZIP"]) { Self.age(folder + "/" + name, by: 60) }

        let summary = try root.run()
        #expect(summary.finished.map(\.file) == ["X.ZIP"])
        #expect(summary.leftForNextRun.isEmpty)
        let receipt = try root.receipt(Self.provider, "X.ZIP")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/r:rejection/@code") == "")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/r:bundle/@file") == "X.ZIP")

        #expect(root.names(folder) == (leftovers + ["folder.zip", "link.zip", "pipe.zip"])
            .sorted())
        for name in leftovers {
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
                    == bytes, "\(name)")
        }
        #expect(fileType(folder + "/pipe.zip") == "p")
        #expect(fileType(folder + "/link.zip") == "l")
        #expect(fileType(outside + "/real.zip") == "f")
        #expect(fileType(root.layout.inbox + "/" + Self.imaging) == "l")
        #expect(root.names(root.layout.outbox) == [Self.provider])
    }

    // MARK: - P3 runs never overlap

    @Test func aSecondRunExitsAtOnceWithItsOwnCode() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let held = try #require(try RunLock(path: root.layout.lock))

        let started = Date()
        var options = RunOptions(root: root.root)
        options.settle = 0
        do {
            _ = try NightlyRun(options: options, log: Log(threshold: .error),
                               report: { _, _ in }).execute()
            Issue.record("a second run went ahead")
        } catch {
            #expect(error.exitCode == .anotherRunActive)
            #expect(error.exitCode.rawValue == 4)
        }
        let (status, output) = try spawn([try osvaExecutable(), "run", "--root", root.root,
                                          "--settle-seconds", "0"])
        #expect(status == 4)
        #expect(output.contains("another osva run holds the lock"))
        #expect(Date().timeIntervalSince(started) < 5)
        for (sender, file) in HostileSamples.sampleBundles {
            #expect(root.names(root.layout.inbox + "/" + sender).contains(file))
        }
        #expect(root.names(root.layout.claimed).isEmpty)
        #expect(root.names(root.layout.outbox).isEmpty)

        held.release()
        #expect(try root.run().finished.count == HostileSamples.sampleBundles.count)
    }

    // MARK: - P4 a run killed at any step (states built by hand; crash-test.sh kills)

    @Test func whatAKilledRunLeftIsFinishedWithOneReceiptEach() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        _ = try root.run()
        let accepted = try root.registerIDs()
        let archive = root.layout.archive
        let claimed = root.layout.claimed
        func claim(_ sender: String, _ file: String) throws -> String {
            try #require(root.names(archive + "/" + sender).first { $0.hasSuffix("--" + file) })
        }

        // Killed after the commit, before the receipt: the claim is back, no receipt.
        let visit = try claim(Self.provider, "visit.zip")
        try DurableFile.makeFolder(claimed + "/" + Self.provider)
        try FileManager.default.moveItem(atPath: archive + "/" + Self.provider + "/" + visit,
                                         toPath: claimed + "/" + Self.provider + "/" + visit)
        for path in root.receipts(Self.provider, "visit.zip") {
            try FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: String(path.dropLast(4)) + ".html")
        }
        // Killed after the receipt, before archiving.
        let imaging = try claim(Self.imaging, "imaging-unit.zip")
        try DurableFile.makeFolder(claimed + "/" + Self.imaging)
        try FileManager.default.moveItem(atPath: archive + "/" + Self.imaging + "/" + imaging,
                                         toPath: claimed + "/" + Self.imaging + "/" + imaging)
        // Killed after claiming a new bundle, while reading it: one attempt counted, files
        // half staged, a receipt half written, a store file copied but not committed.
        let late = "20250101T000000Z--late.zip"
        try Self.write(try Self.visitBundle("p4-late"),
                       to: claimed + "/" + Self.provider + "/" + late)
        _ = try BundleLedger(Database(path: root.layout.database))
            .countAttempt(claim: Self.provider + "/" + late)
        try DurableFile.makeFolder(root.layout.staging + "/" + Self.provider + "/" + late)
        let staging = root.layout.staging + "/" + Self.provider + "/" + late
        try Self.write([1, 2, 3], to: staging + "/1")
        try Self.write([1, 2, 3], to: root.layout.outbox + "/" + Self.provider + "/.tmp-1")
        try DurableFile.makeFolder(root.layout.store + "/ab")
        try Self.write([1, 2, 3], to: root.layout.store + "/ab/.tmp-2")

        let summary = try root.run()
        #expect(summary.exitCode == .success)
        #expect(Set(summary.finished.map(\.file)) == ["visit.zip", "imaging-unit.zip",
                                                      "late.zip"])
        // The visit's receipt is the original result, not a second reading of the bundle.
        let receipt = try root.receipt(Self.provider, "visit.zip")
        #expect(try receipt.count("//r:item[@outcome='accepted']")
                == NightlyRunTests.visitAccepted.count)
        #expect(try receipt.count("//r:item[@outcome='already-stored']") == 0)
        _ = try root.receipt(Self.imaging, "imaging-unit.zip")
        let lateReceipt = try root.receipt(Self.provider, "late.zip")
        #expect(NightlyRunTests.value(lateReceipt, "//r:item/@outcome") == "accepted")
        #expect(try root.registerIDs()
                == accepted.union([NightlyRunTests.corpusDocumentID(Self.extraDocument)]))
        #expect(root.names(claimed + "/" + Self.provider).isEmpty)
        #expect(root.names(claimed + "/" + Self.imaging).isEmpty)
        #expect(root.names(root.layout.staging).isEmpty)
        #expect(!root.tree().contains { ($0 as NSString).lastPathComponent.hasPrefix(".tmp-") })
        try Self.expectStoreMatchesRows(root)
    }

    /// Every register and grant row's file exists with its hash; no other file is stored.
    static func expectStoreMatchesRows(_ root: HostileRoot) throws {
        let database = try Database(path: root.layout.database)
        let hashes = try RegisterStore(database).hashes().union(GrantStore(database).hashes())
        let store = ContentStore(root: root.layout.store)
        for hash in hashes {
            #expect(store.contains(hash), "row without file: \(hash)")
        }
        let files = root.names(root.layout.store).flatMap { folder in
            root.names(root.layout.store + "/" + folder)
        }
        #expect(Set(files) == hashes)
    }

    // MARK: - P5 vanishing, unreadable and crashing bundles

    @Test func aBundleThatVanishesMidRunLeavesTheOthersAlone() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let visit = root.layout.inbox + "/" + Self.provider + "/visit.zip"
        let summary = try root.run(report: { result, _ in
            if result.file == "authorisations.zip" {
                try? FileManager.default.removeItem(atPath: visit)
            }
        })
        #expect(summary.exitCode == .success)
        #expect(Set(summary.finished.map(\.file))
                == ["authorisations.zip", "imaging-unit.zip", "self-authorisation.zip"])
        #expect(root.receipts(Self.provider, "visit.zip").isEmpty)
        #expect(try root.receipt(Self.imaging, "imaging-unit.zip")
            .count("//r:item[@outcome='accepted']") == 2)
    }

    @Test func anUnreadableBundleIsQuarantinedAfterItsTries() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        // A claim that cannot be read as a file (it is a folder): reading fails each time.
        let claim = "20250101T000000Z--broken.zip"
        let folder = root.layout.claimed + "/" + Self.provider
        try DurableFile.makeFolder(folder + "/" + claim)
        try Self.write([0x50, 0x4B], to: folder + "/" + claim + "/inside")

        for attempt in 1...2 {
            let summary = try root.run { $0.maxAttempts = 2 }
            #expect(summary.exitCode == .faultsLeftBundles, "attempt \(attempt)")
            #expect(summary.leftForNextRun.map(\.bundle) == [Self.provider + "/broken.zip"])
            #expect(root.receipts(Self.provider, "broken.zip").isEmpty)
        }
        // The samples went through on the first run regardless.
        #expect(try root.registerIDs() == HostileSamples.sampleIDs())

        let summary = try root.run { $0.maxAttempts = 2 }
        #expect(summary.exitCode == .quarantined)
        #expect(summary.quarantined == [Self.provider + "/broken.zip"])
        let receipt = try root.receipt(Self.provider, "broken.zip")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/r:rejection/@code")
                == "bundle-quarantined")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/@acknowledgement") == "AR")
        #expect(root.names(root.layout.quarantine + "/" + Self.provider) == [claim])
        #expect(root.names(folder).isEmpty)
    }

    @Test func aBundleThatKillsEveryRunIsQuarantinedAndRetryPutsItBack() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        // As three runs killed while reading it leave it: claimed, three attempts counted.
        let claim = "20250101T000000Z--again.zip"
        let folder = root.layout.claimed + "/" + Self.provider
        try DurableFile.makeFolder(folder)
        try Self.write(try Self.visitBundle("p5-again"),
                       to: folder + "/" + claim)
        let ledger = BundleLedger(try Database(path: root.layout.database))
        for _ in 1...3 { _ = try ledger.countAttempt(claim: Self.provider + "/" + claim) }

        let summary = try root.run()
        #expect(summary.exitCode == .quarantined)
        #expect(summary.finished.count == HostileSamples.sampleBundles.count + 1)
        let receipt = try root.receipt(Self.provider, "again.zip")
        #expect(NightlyRunTests.value(receipt, "/r:receipt/r:rejection/@code")
                == "bundle-quarantined")
        #expect(try receipt.count("//r:item") == 0)
        #expect(root.names(root.layout.quarantine + "/" + Self.provider) == [claim])

        // The operator puts it back; the next run reads it like any new bundle.
        let (status, output) = try spawn([try osvaExecutable(), "retry", "--root", root.root,
                                          Self.provider + "/" + claim])
        #expect(status == 0, "\(output)")
        #expect(root.names(root.layout.inbox + "/" + Self.provider) == ["again.zip"])
        #expect(root.names(root.layout.quarantine + "/" + Self.provider).isEmpty)
        let again = try root.run()
        #expect(again.exitCode == .success)
        let receipts = root.receipts(Self.provider, "again.zip")
        #expect(receipts.count == 2)
        let second = try XPath(document: XMLDocument(contentsOf: try #require(receipts.last)),
                               namespaces: ["r": "urn:osva:receipt:1"])
        #expect(NightlyRunTests.value(second, "/r:receipt/r:rejection/@code") == "")
        #expect(NightlyRunTests.value(second, "//r:item/@outcome") == "accepted")
    }

    // MARK: - P6 inbox and archive on another file system

    /// A folder on a file system other than the temporary folder's, if the machine has one.
    static let otherFileSystem: String? = {
        var here = stat()
        var there = stat()
        let candidate = "/dev/shm"
        guard stat(NSTemporaryDirectory(), &here) == 0, stat(candidate, &there) == 0,
              here.st_dev != there.st_dev, access(candidate, W_OK) == 0
        else { return nil }
        return candidate
    }()

    @Test(.enabled(if: otherFileSystem != nil, "no second file system (/dev/shm) to move across"))
    func bundlesMoveAcrossFileSystems() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let other = try #require(Self.otherFileSystem) + "/osva-p6-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: other) }
        try DurableFile.makeFolder(other + "/Archive")
        try FileManager.default.moveItem(atPath: root.layout.inbox, toPath: other + "/Inbox")
        try FileManager.default.removeItem(atPath: root.layout.archive)
        for name in ["Inbox", "Archive"] {
            try FileManager.default.createSymbolicLink(atPath: root.root + "/" + name,
                                                       withDestinationPath: other + "/" + name)
        }
        var original: [String: [UInt8]] = [:]
        for (sender, file) in HostileSamples.sampleBundles {
            original[file] = Array(try Data(contentsOf: URL(
                fileURLWithPath: root.layout.inbox + "/" + sender + "/" + file)))
        }

        let summary = try root.run()
        #expect(summary.exitCode == .success)
        #expect(summary.finished.count == HostileSamples.sampleBundles.count)
        #expect(try root.registerIDs() == HostileSamples.sampleIDs())
        for (sender, file) in HostileSamples.sampleBundles {
            _ = try root.receipt(sender, file)
            #expect(!root.names(root.layout.inbox + "/" + sender).contains(file))
            let archived = try #require(root.names(other + "/Archive/" + sender)
                .first { $0.hasSuffix("--" + file) })
            #expect(Array(try Data(contentsOf: URL(
                fileURLWithPath: other + "/Archive/" + sender + "/" + archived)))
                == original[file])
        }
        for folder in [other + "/Inbox", other + "/Archive", root.layout.claimed] {
            let items = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]
            #expect(!(items ?? []).contains { $0.contains(".tmp-") }, "\(folder)")
        }
    }

    // MARK: - S1 a lock held by another process

    /// Holds a write transaction on `path` from another connection on its own thread until
    /// `release` is signalled or `seconds` pass.
    final class LockHolder: Sendable {
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)

        init(_ path: String, seconds: Double) throws {
            let ready = DispatchSemaphore(value: 0)
            let (release, done) = (release, done)
            Thread {
                let database = try? Database(path: path)
                try? database?.transaction {
                    ready.signal()
                    _ = release.wait(timeout: .now() + seconds)
                }
                done.signal()
            }.start()
            try #require(ready.wait(timeout: .now() + 10) == .success, "lock not taken")
        }

        func finish() {
            release.signal()
            done.wait()
        }
    }

    @Test func aLockHeldForAFewSecondsIsWaitedFor() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let holder = try LockHolder(root.layout.database, seconds: 2)
        let started = Date()
        let summary = try root.run { $0.busyTimeout = 30 }
        holder.finish()
        #expect(Date().timeIntervalSince(started) >= 1.5)
        #expect(summary.exitCode == .success)
        #expect(summary.finished.count == HostileSamples.sampleBundles.count)
        #expect(try root.registerIDs() == HostileSamples.sampleIDs())
        #expect(try !root.allReceiptText().contains("locked"))
    }

    @Test func aLockHeldPastTheTimeoutLeavesTheBundlesForTheNextRun() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let holder = try LockHolder(root.layout.database, seconds: 120)
        let summary = try root.run { $0.busyTimeout = 0.3 }
        holder.finish()
        #expect(summary.exitCode == .faultsLeftBundles)
        #expect(summary.exitCode.rawValue == 3)
        #expect(summary.finished.isEmpty)
        #expect(summary.leftForNextRun.count == HostileSamples.sampleBundles.count)
        #expect(root.names(root.layout.outbox).isEmpty)
        // The first bundle waited out the timeout; the run then stopped taking bundles.
        #expect(root.names(root.layout.claimed).count == 1)

        let next = try root.run()
        #expect(next.exitCode == .success)
        for (sender, file) in HostileSamples.sampleBundles {
            let receipt = try root.receipt(sender, file)
            #expect(NightlyRunTests.value(receipt, "/r:receipt/r:rejection/@code") == "")
        }
        #expect(try root.registerIDs() == HostileSamples.sampleIDs())
        #expect(try !root.allReceiptText().contains("locked"))
    }

    // MARK: - S2 what a receipt calls accepted is committed

    @Test func whatAReceiptCallsAcceptedIsCommittedAndStoredWhenItAppears() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        var checked = 0
        _ = try root.run(report: { result, receipt in
            // Another connection sees the commit; the store holds every file whole.
            guard let database = try? Database(path: root.layout.database) else {
                Issue.record("database not readable")
                return
            }
            let register = RegisterStore(database)
            let store = ContentStore(root: root.layout.store)
            #expect(FileManager.default.fileExists(atPath: receipt))
            for item in result.items where item.outcome == .accepted && item.kind == .document {
                let stored = try? register.document(id: item.documentID ?? "")
                #expect(stored != nil, "\(item.path)")
                if let stored {
                    let bytes = try? Data(contentsOf: URL(fileURLWithPath: store.path(of:
                        stored.sha256)))
                    #expect(Int64(bytes?.count ?? -1) == stored.size)
                    checked += 1
                }
            }
        })
        #expect(try checked == HostileSamples.sampleIDs().count)
    }

    // MARK: - S3 a crash between the store and the commit

    @Test func orphanFilesAreRemovedAndNoRowPointsAtAMissingFile() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        // As a crash after copying files into the store, before the commit, leaves them.
        let orphan = String(repeating: "ab", count: 32)
        try DurableFile.makeFolder(root.layout.store + "/ab")
        try Self.write([1, 2, 3], to: root.layout.store + "/ab/" + orphan)
        try Self.write([4, 5, 6], to: root.layout.store + "/ab/.tmp-3")
        let summary = try root.run()
        #expect(summary.sweptFiles == 2)
        #expect(!FileManager.default.fileExists(atPath: root.layout.store + "/ab/" + orphan))
        try Self.expectStoreMatchesRows(root)
        #expect(try root.registerIDs() == HostileSamples.sampleIDs())
    }

    // MARK: - Faults on osva's side: never a rejection, bundle left, exit 3

    @Test func anOutboxThatCannotBeWrittenLeavesTheBundleForTheNextRun() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        // Outbox/<provider> is a file, so no receipt can be written there (chmod does not
        // stop root, this does).
        try Self.write([], to: root.layout.outbox + "/" + Self.provider)
        let summary = try root.run()
        #expect(summary.exitCode == .faultsLeftBundles)
        // The organiser's bundle went first and through; the provider's first bundle was
        // decided and committed, but not answered; the run then stopped taking bundles.
        _ = try root.receipt(Self.organiser, "authorisations.zip")
        #expect(summary.finished.map(\.file) == ["authorisations.zip"])
        #expect(Set(summary.leftForNextRun.map(\.bundle)) == Set(
            HostileSamples.sampleBundles.dropFirst().map { $0.0 + "/" + $0.1 }))
        #expect(root.names(root.layout.claimed + "/" + Self.provider).count == 1)
        #expect(Set(root.names(root.layout.outbox)) == [Self.organiser, Self.provider])

        try FileManager.default.removeItem(atPath: root.layout.outbox + "/" + Self.provider)
        let next = try root.run()
        #expect(next.exitCode == .success)
        _ = try root.receipt(Self.imaging, "imaging-unit.zip")
        let visit = try root.receipt(Self.provider, "visit.zip")
        #expect(try visit.count("//r:item[@outcome='accepted']")
                == NightlyRunTests.visitAccepted.count)
        #expect(NightlyRunTests.value(try root.receipt(Self.provider, "self-authorisation.zip"),
                                      "//r:item/@code") == "osva-sender-not-organiser")
        #expect(root.names(root.layout.claimed + "/" + Self.provider).isEmpty)
        #expect(try root.registerIDs() == HostileSamples.sampleIDs())
    }

    /// Runs the `osva` executable with writes limited to `bytes` per file (`RLIMIT_FSIZE`,
    /// with `SIGXFSZ` ignored), so that writing past it fails as on a full disk.
    static func runWithFileSizeLimit(_ root: HostileRoot, bytes: Int) throws
        -> (status: Int32, output: String)
    {
        try spawn(["python3", "-c", """
            import os, resource, signal, sys
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            limit = int(sys.argv[1])
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            os.execv(sys.argv[2], sys.argv[2:])
            """, String(bytes), try osvaExecutable(), "run", "--root", root.root,
            "--settle-seconds", "0", "--log-level", "warning"])
    }

    @Test func aFullDiskLeavesTheBundlesForTheNextRun() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        // 40 KB: SQLite's shared-memory file (32 KiB) fits, the run's writes soon do not.
        let (status, output) = try Self.runWithFileSizeLimit(root, bytes: 40_000)
        #expect(status == 3, "\(output)")
        #expect(output.contains("left-for-next-run"), "\(output)")
        // Whatever was answered was answered right; no receipt reports the fault.
        for (sender, file) in HostileSamples.sampleBundles {
            for path in root.receipts(sender, file) {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                #expect(!text.contains("<rejection"), "\(path)")
            }
        }
        #expect(root.names(root.layout.staging).isEmpty)

        let next = try root.run()
        #expect(next.exitCode == .success)
        for (sender, file) in HostileSamples.sampleBundles {
            _ = try root.receipt(sender, file)
        }
        let visit = try root.receipt(Self.provider, "visit.zip")
        #expect(try visit.count("//r:item[@outcome='accepted']")
                == NightlyRunTests.visitAccepted.count)
        #expect(try root.registerIDs() == HostileSamples.sampleIDs())
        try Self.expectStoreMatchesRows(root)
    }

    // MARK: - H4 the same content twice

    @Test func resentConflictingAndOrphanDocumentsAndDuplicatedBundles() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let imagingBytes = Array(try Data(contentsOf: URL(
            fileURLWithPath: root.layout.inbox + "/" + Self.imaging + "/imaging-unit.zip")))
        _ = try root.run()

        let base = "Test_CDA_V3_3_eRa_4_renitec_lm.xml"
        let replacement = "Test_CDA_V3_3_eRa_4_physiogel_kor.xml"
        let folder = try root.inbox(Self.imaging)
        let storedID = try NightlyRunTests.corpusDocumentID("Test_CDA_V3_3_GFS_1_Leponex_LM.xml")
        var bundle = BundleBuilder(sender: Self.imaging, bundleID: "h4-night-2")
        let entries: [(String, [UInt8])] = [
            ("resent.xml", try HostileSamples.imagingDocument(
                "Test_CDA_V3_3_eRa_1_diatsepaami_lm.xml")),
            ("conflict.xml", try HostileSamples.imagingDocument(
                "Test_CDA_V3_3_Esko_3_Zopinox_LM.xml",
                documentID: storedID)),
            ("replacement.xml", try HostileSamples.imagingDocument(replacement)),
            ("base.xml", try HostileSamples.imagingDocument(base)),
            ("base-again.xml", try HostileSamples.imagingDocument(base)),
        ]
        for (path, bytes) in entries { bundle.add(path, kind: .document, bytes: bytes) }
        try bundle.write(to: folder + "/night-2.zip")
        // The same bundle file again, and another bundle reusing its bundle id.
        try Self.write(imagingBytes, to: folder + "/imaging-unit-again.zip")
        var reused = BundleBuilder(sender: Self.imaging, bundleID: "samples-imaging-unit-1")
        reused.add("base.xml", kind: .document, bytes: entries[3].1)
        try reused.write(to: folder + "/reused-id.zip")
        _ = try root.run()

        let night = try root.receipt(Self.imaging, "night-2.zip")
        func item(_ path: String, _ attribute: String) -> String {
            NightlyRunTests.value(night, "//r:item[@path='\(path)']/@\(attribute)")
        }
        #expect(item("resent.xml", "outcome") == "already-stored")
        #expect(item("conflict.xml", "code") == "document-id-conflict")
        #expect(item("replacement.xml", "code") == "document-replaces-unknown")
        #expect(item("base.xml", "outcome") == "accepted")
        #expect(item("base-again.xml", "code") == "document-duplicate-in-bundle")
        let again = try root.receipt(Self.imaging, "imaging-unit-again.zip")
        #expect(try again.count("//r:item[@outcome='already-stored']") == 2)
        #expect(try again.count("//r:item[@outcome='accepted']") == 0)
        #expect(NightlyRunTests.value(try root.receipt(Self.imaging, "reused-id.zip"),
                                      "/r:receipt/r:rejection/@code") == "bundle-id-reused")

        // Once its predecessor is stored, the replacement is accepted.
        var later = BundleBuilder(sender: Self.imaging, bundleID: "h4-night-3")
        later.add("replacement.xml", kind: .document, bytes: entries[2].1)
        try later.write(to: folder + "/night-3.zip")
        _ = try root.run()
        let third = try root.receipt(Self.imaging, "night-3.zip")
        #expect(NightlyRunTests.value(third, "//r:item/@outcome") == "accepted")

        let expected = try HostileSamples.sampleIDs().union([
            NightlyRunTests.corpusDocumentID(base),
            NightlyRunTests.corpusDocumentID(replacement),
        ])
        #expect(try root.registerIDs() == expected)
        let stored = try RegisterStore(Database(path: root.layout.database)).documents()
        #expect(stored.count == expected.count)
    }
}

extension HostileRunTests {
    /// Two senders' bundles of one file name claimed in the same second (as one run left
    /// them) are two bundles: each is processed and answered on its own.
    @Test func equalClaimNamesOfTwoSendersNeverMix() throws {
        let root = try HostileRoot.empty()
        defer { root.remove() }
        let claim = "20250101T000000Z--same.zip"
        try DurableFile.makeFolder(root.layout.claimed + "/" + Self.provider)
        try Self.write(try Self.visitBundle("same-provider"),
                       to: root.layout.claimed + "/" + Self.provider + "/" + claim)
        var other = BundleBuilder(sender: Self.imaging, bundleID: "same-imaging")
        other.add("documents/" + Self.extraDocument, kind: .document,
                  bytes: try HostileSamples.visitDocument(Self.extraDocument,
                                                          patient: "030875-999Y"))
        let otherFolder = root.layout.claimed + "/" + Self.imaging
        try DurableFile.makeFolder(otherFolder)
        try other.write(to: otherFolder + "/" + claim)

        let summary = try root.run()
        #expect(summary.finished.count == 2)
        let first = try root.receipt(Self.provider, "same.zip")
        let second = try root.receipt(Self.imaging, "same.zip")
        #expect(NightlyRunTests.value(first, "/r:receipt/r:bundle/@id") == "same-provider")
        #expect(NightlyRunTests.value(second, "/r:receipt/r:bundle/@id") == "same-imaging")
        let results = try BundleLedger(Database(path: root.layout.database)).results()
        #expect(Set(results.map(\.sender)) == [Self.provider, Self.imaging])
    }
}

extension HostileRunTests {
    /// A file name as long as the file system allows still gets its own receipt, and the
    /// rest of the inbox is processed.
    @Test func aVeryLongBundleNameIsAnsweredAndBlocksNothing() throws {
        let root = try HostileRoot.samples()
        defer { root.remove() }
        let long = String(repeating: "L", count: 246) + ".zip"
        try Self.write(try Self.visitBundle("p-long"),
                       to: try root.inbox(Self.provider) + "/" + long)
        let summary = try root.run()
        #expect(summary.leftForNextRun.isEmpty)
        #expect(summary.finished.count == HostileSamples.sampleBundles.count + 1)
        let receipts = NightlyRunTests.files(in: root.layout.outbox + "/" + Self.provider)
            .filter { $0.contains("LLLL") && $0.hasSuffix(".receipt.xml") }
        #expect(receipts.count == 1)
    }

    /// `x.zip` and `x.ZIP` are two bundles with two receipts, even in one second.
    @Test func namesDifferingInTheExtensionsCaseGetTwoReceipts() throws {
        let root = try HostileRoot.empty()
        defer { root.remove() }
        let folder = try root.inbox(Self.provider)
        try Self.write(try Self.visitBundle("dup-lower"), to: folder + "/dup.zip")
        try Self.write(try Self.visitBundle("dup-upper"), to: folder + "/dup.ZIP")
        let summary = try root.run()
        #expect(summary.finished.count == 2)
        let ids = try NightlyRunTests.files(in: root.layout.outbox + "/" + Self.provider)
            .filter { $0.hasSuffix(".receipt.xml") }
            .map { path in
                NightlyRunTests.value(
                    try XPath(document: XMLDocument(contentsOf: path),
                              namespaces: ["r": "urn:osva:receipt:1"]),
                    "/r:receipt/r:bundle/@id")
            }
        #expect(Set(ids) == ["dup-lower", "dup-upper"])
    }
}
