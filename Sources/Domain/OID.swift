/// An ISO object identifier in dotted decimal form, e.g. `1.2.246.10.99999984.19.0`.
///
/// Checked on construction: arcs are decimal numbers without leading zeros, at least two arcs,
/// the first arc 0, 1 or 2. Finnish organisations are under `1.2.246.10.<business id digits>`.
public struct OID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The dotted decimal text.
    public let value: String

    /// Creates an OID from `text`, or returns nil when it is not well-formed.
    public init?(_ text: String) {
        guard text.utf8.count <= 200, Self.isWellFormed(text) else { return nil }
        value = text
    }

    /// True when `text` is dotted decimal with valid arcs.
    public static func isWellFormed(_ text: String) -> Bool {
        let arcs = text.split(separator: ".", omittingEmptySubsequences: false)
        guard arcs.count >= 2, let first = arcs.first, ["0", "1", "2"].contains(first) else {
            return false
        }
        return arcs.allSatisfy { arc in
            !arc.isEmpty && arc.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
                && (arc == "0" || arc.first != "0")
        }
    }

    public var description: String { value }

    public static func < (lhs: OID, rhs: OID) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let oid = OID(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an OID: \(text)"))
        }
        self = oid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
