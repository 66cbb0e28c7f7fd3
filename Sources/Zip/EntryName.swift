/// The rules that turn an entry's stored name bytes into text.
///
/// Pure functions that never consult the process locale, so the result is the same under
/// `env -i` (the C locale) as in a UTF-8 session.
public enum EntryName {
    /// Decodes name bytes: valid UTF-8 is read as UTF-8 (that covers ASCII and names stored
    /// with the zip UTF-8 flag); anything else is read as code page 437, which the zip
    /// specification names as the encoding of names without the UTF-8 flag. Every byte
    /// sequence decodes, so this never fails.
    public static func decode(_ bytes: [UInt8]) -> String {
        let utf8 = String(decoding: bytes, as: UTF8.self)
        // Decoding replaces invalid sequences, so an unchanged round trip means valid UTF-8.
        if Array(utf8.utf8) == bytes {
            return utf8
        }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
            } else if let scalar = Unicode.Scalar(codePage437High[Int(byte - 0x80)]) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Shows bytes as printable ASCII: `0x20`–`0x7E` stay, except the backslash, which
    /// becomes `\\`; every other byte becomes `\xHH` with lowercase hex digits.
    public static func escape(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"):
                text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x20...0x7E:
                text.append(byte)
            default:
                text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x")])
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Unicode scalars of code page 437 bytes `0x80`–`0xFF`; the low half is ASCII.
    private static let codePage437High: [UInt32] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
        0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
        0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
        0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
        0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
        0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
        0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
        0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
        0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
        0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
        0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
    ]
}
