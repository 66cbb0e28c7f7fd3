import Documents
import Domain
import Files
import Foundation
import Intake
import Receipts
import SQL
import Storage
import XML

/// One run of the nightly job: finish what a crashed run left, then take every complete
/// bundle from the inbox, decide it, commit it, answer it and archive it.
///
/// One bad bundle never stops the others: a rejection is part of its receipt, and a bundle
/// that cannot be read counts an attempt towards quarantine. A fault on osva's side (database
/// busy, disk full, outbox not writable) leaves that bundle in `Claimed/` and ends the run's
/// intake: the bundles not yet taken wait in the inbox for the next run.
public final class NightlyRun {
    private let options: RunOptions
    private let log: Log
    /// Called with each finished bundle's result, for the summary line on stdout.
    private let report: (BundleResult, String) -> Void

    /// A run with `options`, logging to `log`, reporting finished bundles to `report`.
    public init(options: RunOptions, log: Log,
                report: @escaping (BundleResult, _ receiptPath: String) -> Void) {
        self.options = options
        self.log = log
        self.report = report
    }

    /// Why a run could not start.
    public enum StartFailure: Error, CustomStringConvertible {
        case anotherRunActive
        case setup(String)

        public var description: String {
            switch self {
            case .anotherRunActive: "another osva run holds the lock; this run did nothing"
            case .setup(let message): message
            }
        }

        /// The exit code for this failure.
        public var exitCode: ExitCode {
            switch self {
            case .anotherRunActive: .anotherRunActive
            case .setup: .setupFailed
            }
        }
    }

    /// Runs the job once and returns what it did.
    ///
    /// `finish` runs with the summary while the run still holds its lock, for the run's
    /// records and reports, so that they never overlap the next run.
    public func execute(finish: (RunSummary) -> Void = { _ in }) throws(StartFailure)
        -> RunSummary
    {
        let layout = options.layout
        let lock: RunLock
        let database: Database
        let processor: BundleProcessor
        do {
            for folder in layout.folders { try DurableFile.makeFolder(folder) }
            guard let taken = try RunLock(path: layout.lock) else {
                throw StartFailure.anotherRunActive
            }
            lock = taken
            database = try Database(path: layout.database, busyTimeout: options.busyTimeout)
            processor = BundleProcessor(
                options: options, database: database,
                reader: try BundleReader(limits: options.limits),
                cda: try CDAReader(limits: XMLLimits(
                    maximumBytes: Int(clamping: options.limits.entryBytes),
                    maximumDepth: options.limits.xmlDepth)),
                log: log)
        } catch let failure as StartFailure {
            throw failure
        } catch {
            throw .setup("cannot start: \(error)")
        }
        defer { lock.release() }

        var summary = RunSummary()
        let leftovers = Leftovers.remove(in: layout)
        if leftovers > 0 { log.info("leftovers.removed", [("items", String(leftovers))]) }
        summary.sweptFiles = sweep(database)
        let inbox = Inbox(layout: layout, settle: options.settle)
        // After a fault on osva's side the run takes no further bundle: it would fail the
        // same way, or decide documents without authorisations that could not be applied.
        var faulted = false
        for bundle in inbox.leftClaims() {
            guard !faulted else {
                summary.leftForNextRun.append((bundle.sender + "/" + bundle.file,
                                               Self.notStarted))
                continue
            }
            faulted = handle(bundle, inbox: inbox, database: database, processor: processor,
                             summary: &summary)
        }
        let (ready, young) = inbox.waiting()
        for entry in inbox.skipped() {
            log.warning("inbox.skipped", [
                ("entry", entry),
                ("why", "not a regular file or folder (a link, fifo or device); never followed"),
            ])
        }
        summary.young = young
        for waiting in order(ready, database: database) {
            guard !faulted else {
                summary.leftForNextRun.append((waiting.sender + "/" + waiting.file,
                                               Self.notStarted))
                continue
            }
            do {
                guard let bundle = try inbox.claim(waiting) else {
                    summary.young.append(waiting.sender + "/" + waiting.file)
                    continue
                }
                faulted = handle(bundle, inbox: inbox, database: database,
                                 processor: processor, summary: &summary)
            } catch {
                faulted = true
                summary.leftForNextRun.append((waiting.sender + "/" + waiting.file,
                                               "\(error)"))
                log.error("bundle.claim-failed", [("bundle", waiting.path),
                                                  ("error", "\(error)")])
            }
        }
        if faulted { log.warning("run.stopped-after-fault") }
        finish(summary)
        return summary
    }

    /// Why a bundle the run did not start is left for the next run.
    static let notStarted = "not started: an earlier fault on osva's side stopped the run"

    /// Organisers' bundles first (their authorisations apply to tonight's documents), then
    /// in order of arrival, then by name.
    private func order(_ bundles: [WaitingBundle], database: Database) -> [WaitingBundle] {
        let grants = GrantStore(database)
        let organisers = Set(bundles.map(\.sender).filter {
            (try? grants.isOrganiser($0)) ?? false
        })
        return bundles.sorted {
            let a = (organisers.contains($0.sender) ? 0 : 1, $0.modified, $0.sender, $0.file)
            let b = (organisers.contains($1.sender) ? 0 : 1, $1.modified, $1.sender, $1.file)
            return a < b
        }
    }

    /// Processes one claimed bundle to its receipt and archive, or leaves it for next run;
    /// true when a fault on osva's side left it (not the bundle's own unreadable file).
    private func handle(_ bundle: ClaimedBundle, inbox: Inbox, database: Database,
                        processor: BundleProcessor, summary: inout RunSummary) -> Bool {
        let ledger = BundleLedger(database)
        let name = bundle.sender + "/" + bundle.file
        do {
            var quarantine = false
            let result: BundleResult
            if let done = try ledger.result(claim: bundle.key) {
                log.info("bundle.resume", [("bundle", name), ("claim", bundle.claim)])
                result = done
                quarantine = done.rejection?.code == .bundleQuarantined
            } else if try ledger.countAttempt(claim: bundle.key) > options.maxAttempts {
                quarantine = true
                result = try processor.reject(bundle, Rejection(
                    .bundleQuarantined, "Processing this bundle failed \(options.maxAttempts) "
                        + "times; it was set aside for the operator."))
                log.warning("bundle.quarantined", [("bundle", name), ("claim", bundle.claim)])
            } else {
                do {
                    result = try processor.process(bundle)
                } catch let error as BundleUnreadable {
                    // The bundle's own fault: the attempt counts towards quarantine.
                    throw error
                } catch {
                    try? ledger.uncountAttempt(claim: bundle.key)
                    throw error
                }
            }
            let receipt = try Outbox(root: options.layout.outbox)
                .write(result, name: Outbox.receiptName(forClaim: bundle.claim))
            try inbox.finish(bundle, quarantine: quarantine)
            if quarantine { summary.quarantined.append(name) }
            summary.finished.append(result)
            log.info("bundle.done", [
                ("bundle", name), ("ack", result.acknowledgement.rawValue),
                ("accepted", String(result.count(.accepted))),
                ("rejected", String(result.count(.rejected))),
            ])
            report(result, receipt)
            return false
        } catch {
            summary.leftForNextRun.append((name, "\(error)"))
            log.error("bundle.left-for-next-run", [("bundle", name), ("error", "\(error)")])
            return !(error is BundleUnreadable)
        }
    }

    /// Removes store files no row references (left by a crash before a commit).
    private func sweep(_ database: Database) -> Int {
        do {
            let keep = try RegisterStore(database).hashes()
                .union(try GrantStore(database).hashes())
                .union(try StudyStore(database).hashes())
            let removed = ContentStore(root: options.layout.store).sweep(keeping: keep)
            if removed > 0 { log.info("store.swept", [("files", String(removed))]) }
            return removed
        } catch {
            log.warning("store.sweep-skipped", [("error", "\(error)")])
            return 0
        }
    }
}
