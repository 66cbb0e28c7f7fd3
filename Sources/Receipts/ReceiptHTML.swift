import Domain
import Foundation
import XML

/// Renders a bundle's result as a page a person reads: the same content as the XML receipt,
/// in Finnish-friendly plain language, with no script and no outside resource.
public enum ReceiptHTML {
    /// The HTML page for `result`.
    public static func render(_ result: BundleResult) -> String {
        let ack = result.acknowledgement
        var out = Page.head(title: "Kuittaus \(result.file) – osva receipt")
        out += "<h1>Receipt for <code>\(e(result.file))</code></h1>\n"
        out += "<p class=\"ack ack-\(ack.rawValue)\"><strong>\(ack.rawValue)</strong> "
            + e(headline(result)) + "</p>\n"
        out += "<table class=\"facts\">\n"
        out += row("Sender", result.sender)
        out += row("Bundle id", result.bundleID ?? "–")
        out += row("Received", Page.time(result.received))
        out += row("Processed", Page.time(result.processed))
        out += row("SHA-256", result.sha256 ?? "–")
        out += "</table>\n"
        if let rejection = result.rejection {
            out += "<h2>The whole bundle was rejected</h2>\n<p><code>"
                + e(rejection.code.rawValue) + "</code> " + e(rejection.detail) + "</p>\n"
            if let name = rejection.entryName {
                let index = rejection.entryIndex.map { " (entry \($0))" } ?? ""
                out += "<p>Entry: <code>\(e(name))</code>\(index)</p>\n"
            }
            out += "<p>What to do: " + e(rejection.code.entry.action) + "</p>\n"
        }
        out += "<p>\(result.items.count) items: \(result.count(.accepted)) accepted, "
            + "\(result.count(.alreadyStored)) already stored, "
            + "\(result.count(.rejected)) rejected"
            + (result.count(.returned) + result.count(.withheld) > 0
                ? ", \(result.count(.returned)) returned, \(result.count(.withheld)) withheld"
                : "") + ".</p>\n"
        if !result.items.isEmpty {
            out += "<table class=\"items wide\">\n"
                + "<tr><th>File</th><th>Outcome</th><th>Document</th>"
                + "<th>Patient</th><th>Register</th><th>Message</th></tr>\n"
            for item in result.items { out += itemRow(item) }
            out += "</table>\n"
        }
        if !result.ignored.isEmpty {
            out += "<p>Ignored (not read): "
                + result.ignored.map { "<code>\(e($0))</code>" }.joined(separator: ", ")
                + "</p>\n"
        }
        return out + Page.foot
    }

    private static func headline(_ result: BundleResult) -> String {
        if result.rejection != nil { return "The bundle was rejected; nothing was stored." }
        switch result.acknowledgement {
        case .accepted: return "Everything was accepted."
        case .error: return "Some items were rejected; the others were stored."
        case .rejected: return "The bundle was rejected."
        }
    }

    private static func itemRow(_ item: ItemResult) -> String {
        let code = item.reason.map { "<br><code>\(e($0.rawValue))</code>" } ?? ""
        let outcome = item.outcome.rawValue + code
        var message = e(item.message)
        if let reason = item.reason {
            message += "<br><em>What to do:</em> " + e(reason.entry.action)
        }
        if let information = item.serviceInformation {
            var parts: [String] = []
            if let text = information.text { parts.append(e(text)) }
            parts += information.codes.map { e($0.displayName ?? $0.code) }
            message += "<br><em>From the organiser:</em> " + parts.joined(separator: "; ")
        }
        return "<tr class=\"\(e(item.outcome.rawValue))\"><td><code>\(e(item.path))</code></td>"
            + "<td>\(outcome)</td><td>\(e(item.documentID ?? "–"))</td>"
            + "<td>\(e(item.patient ?? "–"))</td>"
            + "<td>\(e(item.register.map { "\($0)" } ?? "–"))</td><td>\(message)</td></tr>\n"
    }

    private static func row(_ name: String, _ value: String) -> String {
        "<tr><th>\(e(name))</th><td>\(e(value))</td></tr>\n"
    }

    private static func e(_ text: String) -> String { XMLText.escape(text) }
}

/// The frame shared by osva's HTML pages: one inline style sheet, no scripts.
public enum Page {
    /// The document start with `title`.
    public static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(XMLText.escape(title))</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;
        padding:0 1em}
        table{border-collapse:collapse;margin:1em 0}
        th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top;
        overflow-wrap:break-word}
        th{background:#f3f3f3}
        .ack{padding:.6em 1em;border-radius:4px}
        .ack-AA{background:#e4f4e4}.ack-AE{background:#fff3d6}.ack-AR{background:#fbe0e0}
        tr.rejected td{background:#fdf0f0}
        table.wide{table-layout:fixed;width:100%}table.wide td{overflow-wrap:anywhere}
        code{font-size:90%}
        svg text{font-family:system-ui,sans-serif;font-size:12px;fill:#222}
        </style></head><body>

        """
    }

    /// The document end.
    public static let foot = "</body></html>\n"

    /// An instant as `2026-12-04 01:30 UTC`.
    public static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
