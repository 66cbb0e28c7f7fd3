import Domain
import Files
import Foundation
import Pipeline
import Reports
import Storage

/// What osva tells operators and organisers about runs: the run record, the organisers'
/// digests, the metrics file, `osva runs` and `osva report`.
enum RunReporting {
    /// After a run: records it, writes each organiser's digest of it and, when asked, the
    /// metrics file. Failures here are logged; they never change the run's exit code.
    static func afterRun(_ summary: RunSummary, started: Date, exitCode: ExitCode,
                         layout: Layout, metricsFile: String?, log: Log) {
        let record = RunRecord(
            started: started, ended: Date(), bundles: summary.finished.count,
            accepted: summary.finished.reduce(0) { $0 + $1.count(.accepted) },
            alreadyStored: summary.finished.reduce(0) { $0 + $1.count(.alreadyStored) },
            rejected: summary.finished.reduce(0) { $0 + $1.count(.rejected) },
            bundlesRejected: summary.finished.filter { $0.rejection != nil }.count,
            leftForNextRun: summary.leftForNextRun.count,
            quarantined: summary.quarantined.count, exitCode: Int(exitCode.rawValue))
        do {
            let database = try Database(path: layout.database)
            try RunLedger(database).record(record)
            try writeDigests(database, from: started, to: record.ended.addingTimeInterval(1),
                             layout: layout)
        } catch {
            log.error("run.record_failed", [("error", "\(error)")])
        }
        if let metricsFile {
            do {
                try DurableFile.write(Array(RunMetrics.text(record).utf8), to: metricsFile)
            } catch {
                log.error("run.metrics_failed", [("path", metricsFile), ("error", "\(error)")])
            }
        }
    }

    /// Writes `Outbox/<organiser>/<time>--digest.html` for every organiser with something
    /// stored or refused in the period.
    static func writeDigests(_ database: Database, from: Date, to: Date, layout: Layout)
        throws
    {
        let organisers = Set(try GrantStore(database).registers().map(\.organiser.value))
        for organiser in organisers.sorted() {
            guard let oid = OID(organiser) else { continue }
            let report = try OrganiserReport.gather(database, organiser: oid, from: from, to: to)
            guard !report.isEmpty else { continue }
            let folder = layout.outbox + "/" + organiser
            try DurableFile.makeFolder(folder)
            let html = ReportHTML.render(report, title: "osva digest: what was stored "
                                         + "into your registers in the run")
            try DurableFile.write(Array(html.utf8),
                                  to: folder + "/" + stamp(from) + "--digest.html")
        }
    }

    /// `osva runs`: the newest runs.
    static func runs(_ arguments: Arguments, root: String) throws -> ExitCode {
        let limit = try arguments.number("limit", in: 1...100_000) ?? 30
        let records = try RunLedger(Inspect.open(root)).runs(limit: limit)
        print(Inspect.table(
            ["run", "started", "seconds", "bundles", "accepted", "already", "rejected",
             "whole-rejected", "left", "quarantined", "exit"],
            records.map { run in
                [String(run.id ?? 0), ISO8601DateFormatter().string(from: run.started),
                 String(format: "%.1f", run.seconds),
                 String(run.bundles), String(run.accepted), String(run.alreadyStored),
                 String(run.rejected), String(run.bundlesRejected), String(run.leftForNextRun),
                 String(run.quarantined), String(run.exitCode)]
            }))
        return .success
    }

    /// `osva report --organiser OID --from DATE --to DATE [--out FILE]`: days are Finnish
    /// calendar days, both included.
    static func report(_ arguments: Arguments, root: String) throws -> ExitCode {
        guard let text = arguments.value("organiser"), let organiser = OID(text) else {
            throw Arguments.UsageError(description: "report needs --organiser OID")
        }
        guard let fromText = arguments.value("from"), let from = day(fromText),
              let toText = arguments.value("to"), let last = day(toText), from <= last
        else {
            throw Arguments.UsageError(
                description: "report needs --from YYYY-MM-DD and --to YYYY-MM-DD, in order")
        }
        let to = Calendar.helsinki.date(byAdding: .day, value: 1, to: last) ?? last
        let report = try OrganiserReport.gather(Inspect.open(root), organiser: organiser,
                                                from: from, to: to)
        let html = ReportHTML.render(report, title: "osva report \(fromText) – \(toText)")
        if let out = arguments.value("out") {
            try DurableFile.write(Array(html.utf8), to: out)
            print("wrote \(out)")
        } else {
            print(html, terminator: "")
        }
        return .success
    }

    /// The start of Finnish calendar day `text` (`YYYY-MM-DD`).
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: Calendar.helsinki) else { return nil }
        return Calendar.helsinki.date(from: components)
    }

    /// `yyyyMMdd'T'HHmmss'Z'`, as claim names start.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}

extension Calendar {
    /// The Gregorian calendar in Finnish time.
    static var helsinki: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = HL7Time.helsinki
        return calendar
    }
}
