import Domain
import Foundation
import Receipts
import XML

/// Renders an organiser's report as one HTML page with inline SVG charts.
public enum ReportHTML {
    /// The page for `report`; `title` heads it (a digest of one run, or a chosen period).
    public static func render(_ report: OrganiserReport, title: String) -> String {
        var out = Page.head(title: title)
        out += "<h1>\(e(title))</h1>\n"
        out += "<p>Organiser <code>\(e(report.organiser.value))</code>, from "
            + "\(e(Page.time(report.from))) to \(e(Page.time(report.to))).</p>\n"
        out += "<p><strong>\(report.stored.count)</strong> documents stored, "
            + "<strong>\(report.refusals.count)</strong> refused.</p>\n"

        let days = report.storedPerDay
        let providers = report.providers
        out += SVGChart.stackedColumns(
            id: "stored-per-day", title: "Documents stored per provider per day",
            categories: days.map(\.day), series: providers.map(report.providerLabel)
        ) { day, label in
            let provider = providers.first { report.providerLabel($0) == label } ?? label
            return days.first { $0.day == day }?.counts[provider] ?? 0
        }
        out += SVGChart.bars(id: "refusals-per-reason", title: "Refusals per reason",
                             rows: report.refusalsPerReason.map { ($0.reason.rawValue,
                                                                   $0.count) })

        out += "<h2>Stored, per provider and register</h2>\n"
        out += "<table><tr><th>Provider</th><th>Register</th><th>Documents</th></tr>\n"
        for row in report.storedPerProviderAndRegister {
            out += "<tr><td>\(e(report.providerLabel(row.provider)))</td>"
                + "<td><code>\(e(row.register.description))</code></td>"
                + "<td>\(row.count)</td></tr>\n"
        }
        out += "</table>\n"

        out += "<h2>Refused, by reason</h2>\n"
        for (reason, count) in report.refusalsPerReason {
            out += "<h3><code>\(e(reason.rawValue))</code> (\(count))</h3>\n"
            out += "<p>\(e(reason.entry.meaning)) <em>What the sender should do:</em> "
                + "\(e(reason.entry.action))</p>\n"
            out += "<table class=\"wide\"><tr><th>Sender</th><th>Bundle</th><th>File</th>"
                + "<th>Patient</th>"
                + "<th>Register</th><th>Message</th></tr>\n"
            for refusal in report.refusals where refusal.item.reason == reason {
                let item = refusal.item
                out += "<tr><td><code>\(e(refusal.sender))</code></td>"
                    + "<td>\(e(refusal.bundleFile))</td><td><code>\(e(item.path))</code></td>"
                    + "<td>\(e(item.patient ?? "–"))</td>"
                    + "<td>\(e(item.register?.description ?? "–"))</td>"
                    + "<td>\(e(item.message))</td></tr>\n"
            }
            out += "</table>\n"
        }
        if report.refusals.isEmpty { out += "<p>Nothing was refused.</p>\n" }
        return out + Page.foot
    }

    private static func e(_ text: String) -> String { XMLText.escape(text) }
}
