import Foundation

/// An HL7 v3 timestamp (`TS`): `YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]`.
///
/// A value without an offset is local Finnish time (Europe/Helsinki), daylight saving included.
/// A value names an interval as long as its precision: `20240101` is the whole first of January.
/// `start` is its first instant and `end` the first instant after it.
public struct HL7Time: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// How many fields the text gave.
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day, hour, minute, second

        public static func < (lhs: Precision, rhs: Precision) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }

    /// The text as received.
    public let text: String
    /// The first instant the value covers.
    public let start: Date
    /// The first instant after the value (start plus one unit of its precision).
    public let end: Date
    /// The value's precision.
    public let precision: Precision

    /// The time zone of values without an offset.
    public static let helsinki: TimeZone =
        TimeZone(identifier: "Europe/Helsinki") ?? TimeZone(secondsFromGMT: 7200)!

    /// Parses `text`, or returns nil when it is not an HL7 timestamp.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func atFieldEnd() -> Bool {
            index == bytes.count || bytes[index] == UInt8(ascii: "+")
                || bytes[index] == UInt8(ascii: "-")
        }

        guard let year = digits(4) else { return nil }
        var parts = DateComponents(year: year, month: 1, day: 1, hour: 0, minute: 0, second: 0)
        var precision = Precision.year
        var fraction = 0.0
        let fields: [(WritableKeyPath<DateComponents, Int?>, Precision)] = [
            (\.month, .month), (\.day, .day), (\.hour, .hour), (\.minute, .minute),
            (\.second, .second),
        ]
        for (path, next) in fields {
            if atFieldEnd() { break }
            guard let value = digits(2) else { return nil }
            parts[keyPath: path] = value
            precision = next
        }
        if precision == .second, index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let from = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > from, let value = Double("0." + String(decoding: bytes[from..<index],
                                                                   as: UTF8.self))
            else { return nil }
            fraction = value
        }
        var zone = Self.helsinki
        if index < bytes.count {
            guard atFieldEnd() else { return nil }
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = digits(2), let minutes = digits(2), index == bytes.count,
                  hours <= 14, minutes < 60,
                  let offset = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
            else { return nil }
            zone = offset
        }
        guard let month = parts.month, (1...12).contains(month),
              let day = parts.day, day >= 1,
              Henkilotunnus.isValidDate(day: day, month: month, year: year),
              let hour = parts.hour, hour < 24, let minute = parts.minute, minute < 60,
              let second = parts.second, second < 61
        else { return nil }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: parts) else { return nil }
        let unit: Calendar.Component = switch precision {
        case .year: .year
        case .month: .month
        case .day: .day
        case .hour: .hour
        case .minute: .minute
        case .second: .second
        }
        guard let end = calendar.date(byAdding: unit, value: 1, to: start) else { return nil }
        self.text = text
        self.start = start.addingTimeInterval(fraction)
        self.end = end.addingTimeInterval(fraction)
        self.precision = precision
    }

    /// Formats an instant as `YYYYMMDDHHMMSS+ZZZZ` in Helsinki time.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = helsinki
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = helsinki.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600
        let minutes = abs(offset) % 3600 / 60
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + pad(c.hour, 2)
            + pad(c.minute, 2) + pad(c.second, 2) + sign + pad(hours, 2) + pad(minutes, 2)
    }

    public var description: String { text }

    public static func < (lhs: HL7Time, rhs: HL7Time) -> Bool { lhs.start < rhs.start }

    /// Decodes from the timestamp's text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = HL7Time(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "not an HL7 time: \(text)"))
        }
        self = time
    }

    /// Encodes as the timestamp's text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
