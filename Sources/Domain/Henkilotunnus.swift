/// A Finnish personal identity code (henkilötunnus), checked and normalised.
///
/// Format: `DDMMYY`, a century sign, a three-digit individual number and a check character.
/// The century sign is part of the identity: since 2023 two people may differ only by it.
/// Individual numbers 900–999 are temporary and test ids; they are valid here.
public struct Henkilotunnus: Sendable, Hashable, CustomStringConvertible, Codable {
    /// The code as written, upper case, e.g. `030875-999Y`.
    public let value: String

    /// Why a string is not a valid henkilötunnus.
    public enum Problem: String, Sendable, Error {
        case length, birthDate, centurySign, individualNumber, checkCharacter
    }

    static let checkCharacters = Array("0123456789ABCDEFHJKLMNPRSTUVWXY")

    /// Century signs and the century each stands for.
    static let centuries: [Character: Int] = [
        "+": 1800,
        "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
        "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000,
    ]

    /// Parses `text`; throws a `Problem` naming the first rule it breaks.
    public init(validating text: String) throws(Problem) {
        let chars = Array(text)
        guard chars.count == 11 else { throw .length }
        let digits = chars[0..<6] + chars[7..<10]
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw chars[0..<6].allSatisfy({ $0.isASCII && $0.isNumber })
                ? .individualNumber : .birthDate
        }
        guard let century = Self.centuries[chars[6]] else { throw .centurySign }
        let day = Int(String(chars[0..<2])) ?? 0
        let month = Int(String(chars[2..<4])) ?? 0
        let year = century + (Int(String(chars[4..<6])) ?? 0)
        guard Self.isValidDate(day: day, month: month, year: year) else { throw .birthDate }
        let individual = Int(String(chars[7..<10])) ?? 0
        guard individual >= 2 else { throw .individualNumber }
        let number = Int(String(digits)) ?? 0
        guard chars[10] == Self.checkCharacters[number % 31] else { throw .checkCharacter }
        value = text
    }

    /// Parses `text`, or returns nil when it is not a valid henkilötunnus.
    public init?(_ text: String) {
        guard let code = try? Henkilotunnus(validating: text) else { return nil }
        self = code
    }

    /// True for temporary and test ids (individual number 900–999).
    public var isTemporary: Bool {
        let chars = Array(value)
        return (Int(String(chars[7..<10])) ?? 0) >= 900
    }

    /// The check character for the nine digits `DDMMYYNNN`.
    public static func checkCharacter(forDigits digits: Int) -> Character {
        checkCharacters[digits % 31]
    }

    public var description: String { value }

    /// Decodes from the code's text, validating it.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = Henkilotunnus(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "not a henkilötunnus"))
        }
        self = code
    }

    /// Encodes as the code's text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    static func isValidDate(day: Int, month: Int, year: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
