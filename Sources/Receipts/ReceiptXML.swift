import Domain
import Foundation
import XML

/// Renders a bundle's result as an osva receipt, version 1 (`urn:osva:receipt:1`).
///
/// The schema ships as `Schemas/osva-receipt.xsd`; `docs/receipts.md` describes every field.
public enum ReceiptXML {
    /// The receipt namespace; a breaking change gets a new one.
    public static let namespace = "urn:osva:receipt:1"

    /// The receipt document for `result`, as UTF-8 XML text.
    public static func render(_ result: BundleResult) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<receipt xmlns=\"\(namespace)\" version=\"1\" acknowledgement=\""
            + "\(result.acknowledgement.rawValue)\">\n"
        out += "  <bundle" + attributes([
            ("file", result.file), ("id", result.bundleID), ("sender", result.sender),
            ("sha256", result.sha256), ("received", timestamp(result.received)),
            ("processed", timestamp(result.processed)),
        ]) + "/>\n"
        if let rejection = result.rejection {
            out += "  <rejection" + attributes([
                ("code", rejection.code.rawValue),
                ("entryIndex", rejection.entryIndex.map(String.init)),
                ("entryName", rejection.entryName),
            ]) + ">" + escape(rejection.detail) + "</rejection>\n"
        }
        out += "  <summary" + attributes([
            ("items", String(result.items.count)),
            ("accepted", String(result.count(.accepted))),
            ("alreadyStored", String(result.count(.alreadyStored))),
            ("rejected", String(result.count(.rejected))),
            ("returned", count(result, .returned)), ("withheld", count(result, .withheld)),
        ]) + "/>\n"
        for item in result.items { out += render(item) }
        for path in result.ignored {
            out += "  <ignored" + attributes([("path", path)]) + "/>\n"
        }
        out += "</receipt>\n"
        return out
    }

    private static func render(_ item: ItemResult) -> String {
        var out = "  <item" + attributes([
            ("path", item.path), ("kind", item.kind.rawValue), ("documentId", item.documentID),
            ("patient", item.patient),
            ("registerController", item.register?.controller.value),
            ("registerType", item.register?.type),
            ("registerSpecifier", item.register?.specifier),
            ("outcome", item.outcome.rawValue), ("code", item.reason?.rawValue),
            ("study", item.study), ("studyInstanceUid", item.studyInstanceUID),
            ("sopInstanceUid", item.sopInstanceUID),
        ]) + ">\n"
        out += "    <message>" + escape(item.message) + "</message>\n"
        if let ref = item.authorisation {
            let role = switch (item.kind, item.outcome) {
            case (.authorisation, .rejected), (.restrictions, .rejected): "refused"
            case (.authorisation, _), (.restrictions, _): "applied"
            case (_, .rejected), (_, .withheld): "closest"
            case (_, _): "allowed-by"
            }
            out += "    <authorisation" + attributes([
                ("role", role), ("setId", ref.setID.value),
                ("documentId", ref.documentID.value), ("version", String(ref.version)),
            ]) + "/>\n"
        }
        if let information = item.serviceInformation {
            out += "    <serviceInformation>\n"
            if let text = information.text {
                out += "      <text>" + escape(text) + "</text>\n"
            }
            for code in information.codes {
                out += "      <code" + attributes([
                    ("code", code.code), ("codeSystem", code.codeSystem),
                    ("displayName", code.displayName),
                ]) + "/>\n"
            }
            out += "    </serviceInformation>\n"
        }
        return out + "  </item>\n"
    }

    /// The number of items with `outcome`, or nil when there are none (optional counts).
    private static func count(_ result: BundleResult, _ outcome: ItemResult.Outcome) -> String? {
        let count = result.count(outcome)
        return count > 0 ? String(count) : nil
    }

    /// ` name="value"` for each pair whose value is present, values escaped.
    private static func attributes(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in value.map { " \(name)=\"\(escape($0))\"" } }
            .joined()
    }

    private static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// An instant as `xs:dateTime` in UTC, e.g. `2026-12-04T01:30:00Z`.
    public static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
