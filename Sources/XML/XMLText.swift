/// Escaping for text that osva writes into XML by hand (receipts, reports).
public enum XMLText {
    /// `text` made safe for both element content and a quoted attribute value.
    ///
    /// `&`, `<`, `>`, `"` and `'` become entity references. Tab, line feed and carriage return
    /// become character references (`&#9;`, `&#10;`, `&#13;`), so they survive attribute-value
    /// normalisation and line-end handling unchanged. Characters XML 1.0 forbids (other C0
    /// controls, U+FFFE, U+FFFF) are replaced with U+FFFD, so the output is always well-formed
    /// and the replacement is visible.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t": escaped += "&#9;"
            case "\n": escaped += "&#10;"
            case "\r": escaped += "&#13;"
            default:
                escaped.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return escaped
    }

    /// Whether XML 1.0 allows `scalar` as a character (the `Char` production).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
