/// The value rules of PS3.5 §6.2 that osva applies to the header elements it reads.
///
/// Every element read here has value multiplicity 1, so a backslash (the value delimiter) is
/// always an error. Each check returns nil when the value passes, else a detail.
enum DicomValueRules {
    /// Strips the padding a value representation allows: spaces at both ends of text and
    /// codes, trailing spaces of dates and times, trailing NULs and spaces of UIDs.
    static func stripped(_ value: String, as representation: Representation) -> String {
        let trailing: Set<Character> = representation == .uid ? [" ", "\0"] : [" "]
        var text = Substring(value)
        while let last = text.last, trailing.contains(last) { text = text.dropLast() }
        if representation == .text || representation == .code {
            while text.first == " " { text = text.dropFirst() }
        }
        return String(text)
    }

    /// The value representations osva reads.
    enum Representation: Sendable {
        /// LO or SH: text of at most `maximum` characters.
        case text
        /// CS: upper-case letters, digits, space and underscore, at most 16.
        case code
        /// DA: `YYYYMMDD`.
        case date
        /// TM: `HH[MM[SS[.F{1,6}]]]`.
        case time
        /// UI: see ``DicomUID``.
        case uid
    }

    /// Checks a stripped, non-empty LO or SH value of at most `maximum` characters.
    static func problemInText(_ value: String, maximum: Int) -> String? {
        if value.contains("\\") { return "has several values" }
        if value.count > maximum { return "is longer than \(maximum) characters" }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a control character"
        }
        return nil
    }

    /// Checks a stripped, non-empty CS value.
    static func problemInCode(_ value: String) -> String? {
        if value.contains("\\") { return "has several values" }
        let allowed = value.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "_")
        }
        if !allowed || value.utf8.count > 16 {
            return "\"\(value.prefix(16))\" is not a code string (A-Z, 0-9, space, _; 16 at most)"
        }
        return nil
    }

    /// Checks a stripped, non-empty DA value: eight digits forming a calendar date.
    static func problemInDate(_ value: String) -> String? {
        let refusal = "\"\(value.prefix(16))\" is not a date YYYYMMDD"
        guard value.utf8.count == 8, let digits = digitValues(value) else { return refusal }
        let year = number(digits[0..<4])
        let month = number(digits[4..<6])
        let day = number(digits[6..<8])
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return refusal
        }
        return nil
    }

    /// Checks a stripped, non-empty TM value: `HH[MM[SS[.F{1,6}]]]` with hours 00-23,
    /// minutes 00-59 and seconds 00-60 (a leap second).
    static func problemInTime(_ value: String) -> String? {
        let refusal = "\"\(value.prefix(16))\" is not a time HH[MM[SS[.FFFFFF]]]"
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let clock = digitValues(String(parts[0])), [2, 4, 6].contains(clock.count) else {
            return refusal
        }
        let limits = [23, 59, 60]
        for index in 0..<(clock.count / 2) {
            if number(clock[(index * 2)..<(index * 2 + 2)]) > limits[index] { return refusal }
        }
        if parts.count == 2 {
            let fraction = String(parts[1])
            guard clock.count == 6, (1...6).contains(fraction.utf8.count),
                digitValues(fraction) != nil
            else { return refusal }
        }
        return nil
    }

    private static func digitValues(_ text: String) -> [Int]? {
        var values: [Int] = []
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            values.append(Int(byte - UInt8(ascii: "0")))
        }
        return values.isEmpty ? nil : values
    }

    private static func number(_ digits: ArraySlice<Int>) -> Int {
        digits.reduce(0) { $0 * 10 + $1 }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
