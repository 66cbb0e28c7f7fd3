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
/// One bad bundle never stops the others: a rejection is part of its receipt, and a fault
/// on osva's side leaves that bundle in `Claimed/` for the next run while the run goes on.
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
    public func execute() throws(StartFailure) -> RunSummary {
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
        summary.sweptFiles = sweep(database)
        let inbox = Inbox(layout: layout, settle: options.settle)
        for bundle in inbox.leftClaims() {
            handle(bundle, inbox: inbox, database: database, processor: processor,
                   summary: &summary)
        }
        let (ready, young) = inbox.waiting()
        summary.young = young
        for waiting in order(ready, database: database) {
            do {
                guard let bundle = try inbox.claim(waiting) else {
                    summary.young.append(waiting.sender + "/" + waiting.file)
                    continue
                }
                handle(bundle, inbox: inbox, database: database, processor: processor,
                       summary: &summary)
            } catch {
                summary.leftForNextRun.append((waiting.sender + "/" + waiting.file,
                                               "\(error)"))
                log.error("bundle.claim-failed", [("bundle", waiting.path),
                                                  ("error", "\(error)")])
            }
        }
        return summary
    }

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

    /// Processes one claimed bundle to its receipt and archive, or leaves it for next run.
    private func handle(_ bundle: ClaimedBundle, inbox: Inbox, database: Database,
                        processor: BundleProcessor, summary: inout RunSummary) {
        let ledger = BundleLedger(database)
        let name = bundle.sender + "/" + bundle.file
        do {
            var quarantine = false
            let result: BundleResult
            if let done = try ledger.result(claim: bundle.claim) {
                log.info("bundle.resume", [("bundle", name), ("claim", bundle.claim)])
                result = done
                quarantine = done.rejection?.code == .bundleQuarantined
            } else if try ledger.countAttempt(claim: bundle.claim) > options.maxAttempts {
                quarantine = true
                result = try processor.reject(bundle, Rejection(
                    .bundleQuarantined, "Processing this bundle failed \(options.maxAttempts) "
                        + "times; it was set aside for the operator."))
                log.warning("bundle.quarantined", [("bundle", name), ("claim", bundle.claim)])
            } else {
                do {
                    result = try processor.process(bundle)
                } catch {
                    try? ledger.uncountAttempt(claim: bundle.claim)
                    throw error
                }
            }
            let receipt = try Outbox(root: options.layout.outbox)
                .write(result, name: Outbox.receiptName(forClaim: bundle.claim))
            try inbox.finish(bundle, quarantine: quarantine)
            try? ledger.clearAttempts(claim: bundle.claim)
            if quarantine { summary.quarantined.append(name) }
            summary.finished.append(result)
            log.info("bundle.done", [
                ("bundle", name), ("ack", result.acknowledgement.rawValue),
                ("accepted", String(result.count(.accepted))),
                ("rejected", String(result.count(.rejected))),
            ])
            report(result, receipt)
        } catch {
            summary.leftForNextRun.append((name, "\(error)"))
            log.error("bundle.left-for-next-run", [("bundle", name), ("error", "\(error)")])
        }
    }

    /// Removes store files no row references (left by a crash before a commit).
    private func sweep(_ database: Database) -> Int {
        do {
            let keep = try RegisterStore(database).hashes()
                .union(try GrantStore(database).hashes())
            let removed = ContentStore(root: options.layout.store).sweep(keeping: keep)
            if removed > 0 { log.info("store.swept", [("files", String(removed))]) }
            return removed
        } catch {
            log.warning("store.sweep-skipped", [("error", "\(error)")])
            return 0
        }
    }
}
