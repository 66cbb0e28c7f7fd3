import Domain
import Foundation
import Pipeline
import Storage

/// `osva log`: the disclosure log for organisers, and `osva log verify` for its hash chain.
enum LogCommand {
    /// `osva log [--organiser OID] [--patient ID]` or `osva log verify`.
    static func run(_ words: [String], _ arguments: Arguments, root: String) throws
        -> ExitCode
    {
        let log = DisclosureLog(try Inspect.open(root))
        switch words.first {
        case nil:
            print(table(try log.records(organiser: arguments.value("organiser"),
                                        patient: arguments.value("patient"))))
            return .success
        case "verify" where words.count == 1:
            switch try log.verify() {
            case .intact(let rows, let head):
                print("disclosure log intact: \(rows) rows, head \(head)")
                return .success
            case .broken(let seq, let problem):
                print("disclosure log broken at row \(seq): \(problem)")
                return .logBroken
            }
        default:
            throw Arguments.UsageError(description: "unknown log command; use 'osva log' or "
                                       + "'osva log verify'")
        }
    }

    /// One line per row: who asked, when, about whom, what was returned or withheld, and
    /// under which authorisation.
    static func table(_ records: [DisclosureRecord]) -> String {
        if records.isEmpty { return "No disclosures or refused requests logged." }
        let formatter = ISO8601DateFormatter()
        return Inspect.table(
            ["row", "time (UTC)", "provider", "organiser", "patient", "outcome",
             "authorisation", "returned", "withheld"],
            records.map { record in
                [String(record.seq), formatter.string(from: record.at), record.provider,
                 record.organiser, record.patient,
                 record.outcome.rawValue + (record.reason.map { " (\($0.rawValue))" } ?? ""),
                 record.authorisation?.description ?? "-",
                 record.returned.isEmpty ? "-" : record.returned.joined(separator: " "),
                 record.withheld.isEmpty ? "-" : record.withheld.map {
                     "\($0.documentID) (\($0.reason.rawValue))"
                 }.joined(separator: " ")]
            })
    }
}
