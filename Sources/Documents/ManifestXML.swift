import Domain
import XML

/// Writes a `manifest.xml` in format `urn:osva:bundle:1` that `ManifestReader` accepts.
///
/// Used to build sample and benchmark bundles. Values are escaped, `created` is written in
/// UTC (with milliseconds when it has a fraction). The schema needs at least one entry: a
/// manifest without entries is written but refused when read.
public enum ManifestXML {
    /// The manifest's namespace.
    public static let namespace = "urn:osva:bundle:1"

    /// The manifest as UTF-8 XML text with a declaration, one entry per line.
    public static func render(_ manifest: Manifest) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<manifest xmlns="\#(namespace)" version="1""#
                + #" id="\#(XMLText.escape(manifest.bundleID))""#
                + #" sender="\#(XMLText.escape(manifest.sender))""#
                + #" created="\#(XSDateTime.format(manifest.created))">"#,
        ]
        for entry in manifest.entries {
            var line = #"  <entry path="\#(XMLText.escape(entry.path))""#
                + #" kind="\#(entry.kind.rawValue)""#
                + #" sha256="\#(XMLText.escape(entry.sha256))""#
            if let size = entry.size { line += #" size="\#(size)""# }
            if let study = entry.study { line += #" study="\#(XMLText.escape(study))""# }
            lines.append(line + "/>")
        }
        lines.append("</manifest>")
        return lines.joined(separator: "\n") + "\n"
    }
}
