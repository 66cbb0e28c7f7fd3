/// A SHA-256 digest: 32 bytes, shown as 64 lowercase hexadecimal characters.
///
/// A pure value; produced by ``SHA256Hasher`` and parsed back from text with ``init(hex:)``.
public struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// The 32 digest bytes, most significant first (the order `sha256sum` prints).
    public let bytes: [UInt8]

    /// Wraps 32 bytes; returns `nil` for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else {
            return nil
        }
        self.bytes = bytes
    }

    /// Parses 64 hexadecimal characters (either case); returns `nil` for anything else.
    ///
    /// No whitespace, prefix or separator is accepted, so a value read from a manifest
    /// either is a digest or is rejected.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == Self.byteCount * 2 else {
            return nil
        }
        var parsed: [UInt8] = []
        parsed.reserveCapacity(Self.byteCount)
        var index = 0
        while index < utf8.count {
            guard let high = Self.nibble(utf8[index]), let low = Self.nibble(utf8[index + 1])
            else {
                return nil
            }
            parsed.append(high << 4 | low)
            index += 2
        }
        self.bytes = parsed
    }

    /// The digest as 64 lowercase hexadecimal characters.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Same as ``hex``.
    public var description: String {
        hex
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"):
            return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"):
            return character - UInt8(ascii: "A") + 10
        default:
            return nil
        }
    }
}
