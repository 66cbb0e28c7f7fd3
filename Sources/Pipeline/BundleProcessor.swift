import Documents
import Domain
import Files
import Foundation
import Hashing
import Intake
import Storage

/// Reads, decides and commits one claimed bundle, and returns its result.
///
/// Everything the bundle changes (authorisation versions, documents, the "done" row) is
/// committed in one transaction, after the documents' files are synced into the store.
/// Rejections are values in the result; only faults on osva's side are thrown, and then
/// nothing of the bundle is committed.
final class BundleProcessor {
    private let options: RunOptions
    private let database: Database
    private let grants: GrantStore
    private let register: RegisterStore
    private let ledger: BundleLedger
    private let store: ContentStore
    private let reader: BundleReader
    private let cda: CDAReader
    private let log: Log

    init(options: RunOptions, database: Database, reader: BundleReader, cda: CDAReader,
         log: Log) {
        self.options = options
        self.database = database
        self.grants = GrantStore(database)
        self.register = RegisterStore(database)
        self.ledger = BundleLedger(database)
        self.store = ContentStore(root: options.layout.store)
        self.reader = reader
        self.cda = cda
        self.log = log
    }

    /// Processes `bundle` and records its result; throws only faults on osva's side.
    func process(_ bundle: ClaimedBundle) throws -> BundleResult {
        var result = BundleResult(file: bundle.file, sender: bundle.sender,
                                  received: bundle.claimedAt)
        let staging = options.layout.staging + "/" + bundle.sender + "/" + bundle.claim
        try? FileManager.default.removeItem(atPath: staging)
        try DurableFile.makeFolder(staging)
        defer {
            try? FileManager.default.removeItem(atPath: staging)
            rmdir(options.layout.staging + "/" + bundle.sender)  // only when empty
        }

        let contents = try read(bundle, into: staging, result: &result)
        try database.transaction {
            if let contents {
                try decide(contents, bundle: bundle, result: &result)
            }
            result.processed = Date()
            try ledger.record(claim: bundle.key, result)
            try ledger.clearAttempts(claim: bundle.key)
        }
        return result
    }

    /// Records a bundle rejected as a whole without reading it (quarantine).
    func reject(_ bundle: ClaimedBundle, _ rejection: Rejection) throws -> BundleResult {
        var result = BundleResult(file: bundle.file, sender: bundle.sender,
                                  received: bundle.claimedAt)
        result.rejection = rejection
        result.processed = Date()
        try database.transaction {
            try ledger.record(claim: bundle.key, result)
            try ledger.clearAttempts(claim: bundle.key)
        }
        return result
    }

    /// Reads the archive and its manifest; nil (with `result.rejection` set) when the bundle
    /// is rejected as a whole.
    private func read(_ bundle: ClaimedBundle, into staging: String,
                      result: inout BundleResult) throws -> BundleContents? {
        guard OID(bundle.sender) != nil else {
            result.rejection = Rejection(
                .senderInvalid, "The drop folder '\(bundle.sender)' is not an OID.")
            return nil
        }
        do {
            result.sha256 = try SHA256Hasher.digest(ofFile: bundle.path).hex
        } catch {
            throw BundleUnreadable(cause: error)
        }
        switch try reader.read(path: bundle.path, into: staging) {
        case .rejected(let rejection):
            result.rejection = rejection
            return nil
        case .read(let contents):
            result.bundleID = contents.manifest.bundleID
            result.ignored = contents.ignored
            if contents.manifest.sender != bundle.sender {
                result.rejection = Rejection(
                    .manifestSenderMismatch, "The manifest names sender "
                        + "'\(contents.manifest.sender)' but the bundle came from "
                        + "'\(bundle.sender)'.", entryName: "manifest.xml")
                return nil
            }
            if let earlier = try ledger.earlierBundle(sender: bundle.sender,
                                                      bundleID: contents.manifest.bundleID),
               earlier != result.sha256
            {
                result.rejection = Rejection(
                    .bundleIDReused, "Bundle id '\(contents.manifest.bundleID)' was used "
                        + "before for a bundle with other content.")
                return nil
            }
            return contents
        }
    }

    /// Applies the bundle's authorisations, then decides its documents, then applies its
    /// restrictions and answers its requests (`AccessStep`), in manifest order within each
    /// kind. Runs inside the bundle's transaction.
    private func decide(_ contents: BundleContents, bundle: ClaimedBundle,
                        result: inout BundleResult) throws {
        var items = [ItemResult?](repeating: nil, count: contents.entries.count)
        var parsed: [Int: CDAContent] = [:]
        for (position, entry) in contents.entries.enumerated()
        where !AccessStep.handles(entry.listed.kind) && entry.listed.kind != .image {
            switch cda.read(path: entry.stagedPath, name: entry.listed.path) {
            case .failure(let problem):
                items[position] = rejected(entry, problem.code, problem.detailWithPlace)
            case .success(let content):
                parsed[position] = content
            }
        }
        let context = DecisionContext(
            sender: bundle.sender, claim: bundle.key, arrival: bundle.claimedAt,
            grace: options.grace, grants: grants, register: register, store: store)
        var authorisations = AuthorisationStep(context)
        var documents = DocumentStep(context)
        for (position, entry) in contents.entries.enumerated() {
            guard case .authorisation(let authorisation) = parsed[position] else { continue }
            items[position] = entry.listed.kind == .authorisation
                ? try authorisations.apply(authorisation, entry: entry)
                : rejected(entry, .documentKindMismatch,
                           "The manifest lists a patient document, but the file is an "
                               + "outsourcing authorisation (form 362).")
        }
        var studies: [String: StudyStep.Members] = [:]
        var studyOrder: [String] = []
        for (position, entry) in contents.entries.enumerated() {
            if let label = entry.listed.study {
                if studies[label] == nil { studyOrder.append(label) }
                studies[label, default: StudyStep.Members(label: label)]
                    .add(entry, parsed[position], item: items[position])
                continue
            }
            guard case .document(let header) = parsed[position] else { continue }
            items[position] = entry.listed.kind == .document
                ? try documents.store(header, entry: entry)
                : rejected(entry, .documentKindMismatch,
                           "The manifest lists an authorisation, but the file is not an "
                               + "outsourcing authorisation (form 362).")
        }
        let studyStep = StudyStep(context, database: database)
        for label in studyOrder {
            guard let members = studies[label] else { continue }
            let decided = try studyStep.store(members, documents: &documents)
            for (position, entry) in contents.entries.enumerated()
            where entry.listed.study == label {
                items[position] = decided[entry.listed.path] ?? items[position]
            }
        }
        var access = AccessStep(context, database: database, outbox: options.layout.outbox)
        let answers = try access.process(contents)
        result.items = items.indices.flatMap { answers[$0] ?? items[$0].map { [$0] } ?? [] }
    }

    private func rejected(_ entry: StagedEntry, _ code: ReasonCode,
                          _ detail: String) -> ItemResult {
        ItemResult(path: entry.listed.path, kind: entry.listed.kind, outcome: .rejected,
                   reason: code, message: code.entry.meaning + " " + detail)
    }
}

/// The claimed bundle itself could not be read (it vanished, is not a regular file, or the
/// system fails reading it): a fault of this bundle, not of osva's setup, so each attempt
/// counts towards quarantine (`RunOptions.maxAttempts`).
struct BundleUnreadable: Error, CustomStringConvertible {
    let cause: any Error

    var description: String { "cannot read the bundle: \(cause)" }
}

/// What the authorisation and document steps share for one bundle.
struct DecisionContext {
    let sender: String
    /// The bundle's key in the database (`<sender>/<claim>`, see `ClaimedBundle.key`).
    let claim: String
    let arrival: Date
    let grace: TimeInterval
    let grants: GrantStore
    let register: RegisterStore
    let store: ContentStore
}

extension DocumentProblem {
    /// The detail with its line and column, when known.
    var detailWithPlace: String {
        guard let line else { return detail }
        return "Line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + detail
    }
}
