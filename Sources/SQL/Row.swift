/// One result row: its values in column order and the columns' names.
///
/// A pure value, copied out of the statement, so it stays valid after the statement moves
/// on or is finalised. The typed accessors convert between storage classes the way a
/// loosely typed SQLite column needs: NULL reads as 0, 0.0, empty text or no bytes, numbers
/// read as their decimal text, and text reads as the number it spells (0 when it spells
/// none). Column indexes start at 0; an index past the last column is a bug and traps.
public struct Row: Sendable, Hashable {
    /// The column names, in column order (as the statement named them: `AS` aliases win).
    public let columns: [String]
    /// The values, in column order.
    public let values: [SQLValue]

    /// Creates a row; `columns` and `values` must have the same count.
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one name per value")
        self.columns = columns
        self.values = values
    }

    /// The number of columns.
    public var count: Int {
        values.count
    }

    /// The value in column `index`.
    public subscript(index: Int) -> SQLValue {
        values[index]
    }

    /// The value of the first column called `name` (exact spelling), or nil when there is none.
    public subscript(name: String) -> SQLValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// True when column `index` is NULL.
    public func isNull(_ index: Int) -> Bool {
        values[index] == .null
    }

    /// Column `index` as an integer; a real is truncated toward zero and clamped.
    public func integer(_ index: Int) -> Int64 {
        switch values[index] {
        case .null: 0
        case .integer(let value): value
        case .real(let value): Self.truncated(value)
        case .text(let text): Self.integer(spelledBy: text)
        case .blob(let bytes): Self.integer(spelledBy: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Column `index` as an integer, or nil when it is NULL.
    public func optionalInteger(_ index: Int) -> Int64? {
        isNull(index) ? nil : integer(index)
    }

    /// Column `index` as a floating-point number.
    public func real(_ index: Int) -> Double {
        switch values[index] {
        case .null: 0
        case .integer(let value): Double(value)
        case .real(let value): value
        case .text(let text): Double(Self.trimmed(text)) ?? 0
        case .blob(let bytes): Double(Self.trimmed(String(decoding: bytes, as: UTF8.self))) ?? 0
        }
    }

    /// Column `index` as a floating-point number, or nil when it is NULL.
    public func optionalReal(_ index: Int) -> Double? {
        isNull(index) ? nil : real(index)
    }

    /// Column `index` as text; bytes that are not UTF-8 are replaced with U+FFFD.
    public func text(_ index: Int) -> String {
        switch values[index] {
        case .null: ""
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let text): text
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Column `index` as text, or nil when it is NULL.
    public func optionalText(_ index: Int) -> String? {
        isNull(index) ? nil : text(index)
    }

    /// Column `index` as bytes; text and numbers give their UTF-8 text.
    public func blob(_ index: Int) -> [UInt8] {
        switch values[index] {
        case .blob(let bytes): bytes
        case .null: []
        default: Array(text(index).utf8)
        }
    }

    /// Column `index` as bytes, or nil when it is NULL.
    public func optionalBlob(_ index: Int) -> [UInt8]? {
        isNull(index) ? nil : blob(index)
    }

    private static func trimmed(_ text: String) -> Substring {
        let start = text.drop(while: \.isWhitespace)
        return start.prefix(start.count - start.reversed().prefix(while: \.isWhitespace).count)
    }

    private static func integer(spelledBy text: String) -> Int64 {
        let number = trimmed(text)
        return Int64(number) ?? Double(number).map(truncated) ?? 0
    }

    /// `value` truncated toward zero; NaN is 0 and values out of range clamp to the ends.
    private static func truncated(_ value: Double) -> Int64 {
        // Double(Int64.max) rounds up to 2^63, the first value that no longer fits.
        if value.isNaN { return 0 }
        if value >= Double(Int64.max) { return .max }
        if value <= Double(Int64.min) { return .min }
        return Int64(value)
    }
}
