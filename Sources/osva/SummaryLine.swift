import Domain
import Pipeline

/// The lines `osva run` prints on stdout: one per bundle, then one for the run.
enum SummaryLine {
    /// `AE 1.2.246.10.48484841.10.0/documents.zip accepted=3 already-stored=0 rejected=1 …`
    static func bundle(_ result: BundleResult, receipt: String, root: String) -> String {
        var line = result.acknowledgement.rawValue + " " + result.sender + "/" + result.file
        line += " accepted=\(result.count(.accepted))"
        line += " already-stored=\(result.count(.alreadyStored))"
        line += " rejected=\(result.count(.rejected))"
        if let rejection = result.rejection {
            line += " bundle-rejected=\(rejection.code.rawValue)"
        }
        let relative = receipt.hasPrefix(root + "/") ? String(receipt.dropFirst(root.count + 1))
            : receipt
        return line + " receipt=" + relative
    }

    /// `run: bundles=4 accepted=7 already-stored=0 rejected=3 left=0 quarantined=0 waiting=0`
    static func run(_ summary: RunSummary) -> String {
        let items = summary.finished.flatMap(\.items)
        return "run: bundles=\(summary.finished.count)"
            + " accepted=\(items.filter { $0.outcome == .accepted }.count)"
            + " already-stored=\(items.filter { $0.outcome == .alreadyStored }.count)"
            + " rejected=\(items.filter { $0.outcome == .rejected }.count)"
            + " bundles-rejected=\(summary.finished.filter { $0.rejection != nil }.count)"
            + " left-for-next-run=\(summary.leftForNextRun.count)"
            + " quarantined=\(summary.quarantined.count)"
            + " not-yet-complete=\(summary.young.count)"
            + " exit=\(summary.exitCode.rawValue)"
    }
}
