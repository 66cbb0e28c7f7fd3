/// A DICOM unique identifier, valid by the UID rule of PS3.5 §9.1.
///
/// At most 64 characters; components of digits separated by single dots; no component empty,
/// and none starting with `0` unless it is `0` itself. Trailing NUL padding from the file
/// must be stripped before validation.
public struct DicomUID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The UID's longest allowed length in characters.
    public static let maximumLength = 64

    /// The dotted-decimal text.
    public let value: String

    /// Validates `value`, or returns nil when it breaks the rule.
    public init?(_ value: String) {
        guard Self.isValid(value) else { return nil }
        self.value = value
    }

    /// True when `text` follows the UID rule.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        for component in bytes.split(
            separator: UInt8(ascii: "."),
            omittingEmptySubsequences: false)
        {
            guard let first = component.first,
                component.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return false }
            if first == UInt8(ascii: "0") && component.count > 1 { return false }
        }
        return true
    }

    /// The dotted-decimal text.
    public var description: String { value }

    /// Orders by text, for stable listings.
    public static func < (lhs: DicomUID, rhs: DicomUID) -> Bool { lhs.value < rhs.value }
}
