/// A generated henkilötunnus and what the written rules say about it.
struct GeneratedID: Sendable {
    /// The id, upper case and without spaces.
    let text: String
    /// True when the rules make it valid.
    let isValid: Bool
    /// Which family of cases it belongs to, for failure messages.
    let family: String
}

/// Builds henkilötunnus cases from the rules alone: `DDMMYY`, a century sign, individual
/// number 002–999, and the nine digits modulo 31 indexed into the check alphabet.
///
/// Every id is upper case without spaces: python-stdnum upper-cases and strips its input,
/// osva does not, so only such ids compare fairly.
struct HenkilotunnusGenerator {
    static let alphabet = Array("0123456789ABCDEFHJKLMNPRSTUVWXY")
    static let centuries: [(sign: Character, century: Int)] = [
        ("+", 1800), ("-", 1900), ("Y", 1900), ("X", 1900), ("W", 1900), ("V", 1900),
        ("U", 1900), ("A", 2000), ("B", 2000), ("C", 2000), ("D", 2000), ("E", 2000),
        ("F", 2000),
    ]
    /// Characters that are not century signs (upper case, digits, punctuation).
    static let notSigns = Array("GHIJKLMNOPQRSTZ0123456789*/.,_=#!:;")
    /// Characters that are never check characters.
    static let notCheckCharacters = Array("GIOQZ")

    var random: SeededGenerator

    /// Starts a deterministic sequence.
    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 400 == 0 || (year % 4 == 0 && year % 100 != 0)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// The id with the check character the rules give its digits.
    static func make(day: Int, month: Int, year: Int, sign: Character, individual: Int)
        -> String
    {
        let digits = pad(day, 2) + pad(month, 2) + pad(year, 2) + pad(individual, 3)
        let number = digits.utf8.reduce(0) { $0 * 10 + Int($1 - 48) }
        return pad(day, 2) + pad(month, 2) + pad(year, 2) + String(sign)
            + pad(individual, 3) + String(alphabet[number % 31])
    }

    /// All families, at least 10,000 ids in a fixed order.
    mutating func all() -> [GeneratedID] {
        var ids: [GeneratedID] = []
        for (sign, _) in Self.centuries {
            for individual in [2, 899, 900, 999] {
                let text = Self.make(day: 31, month: 12, year: int(0...99), sign: sign,
                                     individual: individual)
                ids.append(GeneratedID(text: text, isValid: true, family: "edge"))
            }
        }
        for _ in 0..<2000 { ids.append(valid(individuals: 900...999, family: "valid-temp")) }
        for _ in 0..<2000 { ids.append(valid(individuals: 2...899, family: "valid")) }
        for _ in 0..<600 { ids.append(leapDay()) }
        for _ in 0..<1500 { ids.append(wrongCheckCharacter()) }
        for _ in 0..<1500 { ids.append(impossibleDate()) }
        for _ in 0..<600 { ids.append(lowIndividualNumber()) }
        for _ in 0..<1000 { ids.append(badCenturySign()) }
        for _ in 0..<1000 { ids.append(wrongLength()) }
        for _ in 0..<400 { ids.append(letterInDigits()) }
        return ids
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &random)]
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    private mutating func validText(individuals: ClosedRange<Int>) -> String {
        let (sign, century) = pick(Self.centuries)
        let year = int(0...99)
        let month = int(1...12)
        let day = int(1...Self.days(inMonth: month, year: century + year))
        return Self.make(day: day, month: month, year: year, sign: sign,
                         individual: int(individuals))
    }

    private mutating func valid(individuals: ClosedRange<Int>, family: String) -> GeneratedID {
        GeneratedID(text: validText(individuals: individuals), isValid: true, family: family)
    }

    /// 29 February: valid only in leap years, and the century decides whether `00` is one.
    private mutating func leapDay() -> GeneratedID {
        let (sign, century) = pick(Self.centuries)
        let year = pick([0, 0, 0, 4, 96, 1, 2, 3, 97, 98, 99, 40, 41, int(0...99)])
        let text = Self.make(day: 29, month: 2, year: year, sign: sign,
                             individual: int(2...999))
        return GeneratedID(text: text, isValid: Self.isLeap(century + year), family: "leap-day")
    }

    private mutating func wrongCheckCharacter() -> GeneratedID {
        var chars = Array(validText(individuals: 2...999))
        let right = chars[10]
        if int(0...4) == 0 {
            chars[10] = pick(Self.notCheckCharacters)
        } else {
            chars[10] = pick(Self.alphabet.filter { $0 != right })
        }
        return GeneratedID(text: String(chars), isValid: false, family: "check-character")
    }

    /// Dates that do not exist, with the check character right for their digits.
    private mutating func impossibleDate() -> GeneratedID {
        let (sign, century) = pick(Self.centuries)
        var year = int(0...99)
        let (day, month): (Int, Int)
        switch int(0...7) {
        case 0: (day, month) = (int(30...31), 2)
        case 1:
            while Self.isLeap(century + year) { year = int(0...99) }
            (day, month) = (29, 2)
        case 2: (day, month) = (31, pick([4, 6, 9, 11]))
        case 3: (day, month) = (0, int(1...12))
        case 4: (day, month) = (int(32...99), int(1...12))
        case 5: (day, month) = (int(1...28), 0)
        case 6: (day, month) = (int(1...28), 13)
        default: (day, month) = (int(1...28), int(14...99))
        }
        let text = Self.make(day: day, month: month, year: year, sign: sign,
                             individual: int(2...999))
        return GeneratedID(text: text, isValid: false, family: "impossible-date")
    }

    private mutating func lowIndividualNumber() -> GeneratedID {
        let (sign, century) = pick(Self.centuries)
        let year = int(0...99)
        let month = int(1...12)
        let day = int(1...Self.days(inMonth: month, year: century + year))
        let text = Self.make(day: day, month: month, year: year, sign: sign,
                             individual: int(0...1))
        return GeneratedID(text: text, isValid: false, family: "individual-000-001")
    }

    private mutating func badCenturySign() -> GeneratedID {
        var chars = Array(validText(individuals: 2...999))
        chars[6] = pick(Self.notSigns)
        return GeneratedID(text: String(chars), isValid: false, family: "century-sign")
    }

    private mutating func wrongLength() -> GeneratedID {
        var chars = Array(validText(individuals: 2...999))
        switch int(0...3) {
        case 0: chars.remove(at: int(0...10))
        case 1: chars.insert(pick(Array("0123456789")), at: int(0...11))
        case 2: chars = Array(chars.prefix(int(1...10)))
        default: chars.append(pick(Self.alphabet))
        }
        return GeneratedID(text: String(chars), isValid: false, family: "length")
    }

    private mutating func letterInDigits() -> GeneratedID {
        var chars = Array(validText(individuals: 2...999))
        chars[pick([0, 1, 2, 3, 4, 5, 7, 8, 9])] = pick(Array("ABCDEFHJKLMNPRSTUVWXYO"))
        return GeneratedID(text: String(chars), isValid: false, family: "letter-in-digits")
    }
}
