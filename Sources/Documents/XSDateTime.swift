import Domain
import Foundation

/// `xs:dateTime` text as the manifest uses it: `YYYY-MM-DDThh:mm:ss[.s…][Z|±hh:mm]`.
///
/// A value without a zone is read as Helsinki time, like an HL7 time without an offset.
/// Years are four digits (0001–9999); `24:00:00` is the first instant of the next day.
enum XSDateTime {
    /// The instant `text` names, or nil when it is not an `xs:dateTime` osva can read.
    static func parse(_ text: String) -> Date? {
        var scanner = Digits(Array(text.utf8))
        guard let year = scanner.number(4), year >= 1, scanner.skip("-"),
              let month = scanner.number(2), scanner.skip("-"),
              let day = scanner.number(2), scanner.skip("T"),
              let hour = scanner.number(2), scanner.skip(":"),
              let minute = scanner.number(2), scanner.skip(":"),
              let second = scanner.number(2)
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            guard let digits = scanner.run(), let value = Double("0." + digits) else {
                return nil
            }
            fraction = value
        }
        var zone = HL7Time.helsinki
        if scanner.skip("Z") {
            zone = TimeZone(secondsFromGMT: 0) ?? zone
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(2), scanner.skip(":"),
                  let minutes = scanner.number(2),
                  hours < 14 || (hours == 14 && minutes == 0), minutes < 60,
                  let offset = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
            else { return nil }
            zone = offset
        }
        guard scanner.atEnd, (1...12).contains(month), day >= 1,
              day <= daysIn(month: month, year: year), minute < 60, second < 60
        else { return nil }
        let endOfDay = hour == 24 && minute == 0 && second == 0 && fraction == 0
        guard hour < 24 || endOfDay else { return nil }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = DateComponents(year: year, month: month, day: day,
                                   hour: endOfDay ? 0 : hour, minute: minute, second: second)
        guard let start = calendar.date(from: parts) else { return nil }
        let date = endOfDay ? calendar.date(byAdding: .day, value: 1, to: start) : start
        return date?.addingTimeInterval(fraction)
    }

    /// `date` in UTC, `YYYY-MM-DDThh:mm:ssZ`, with milliseconds when it has a fraction.
    static func format(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - seconds * 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: seconds))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T"
            + pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if fraction != 0 { text += "." + pad(fraction, 3) }
        return text + "Z"
    }

    /// Days in `month` of `year` in the Gregorian calendar.
    private static func daysIn(month: Int, year: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// A cursor over ASCII bytes.
    private struct Digits {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        /// Exactly `count` decimal digits as a number.
        mutating func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        /// One or more decimal digits as text.
        mutating func run() -> String? {
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// Skips `character` when it is next.
        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else {
                return false
            }
            index += 1
            return true
        }

        /// `+1` or `-1` for a sign that is next.
        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
