/// A value bound to or read from SQLite.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// One result row: its values by column index, and the column names.
public struct Row: Sendable, Hashable {
    /// The values, in column order.
    public let values: [SQLValue]
    /// The column names, in column order.
    public let columns: [String]

    /// Creates a row.
    public init(values: [SQLValue], columns: [String]) {
        self.values = values
        self.columns = columns
    }

    /// The value of the column called `name`, or nil when there is none.
    public subscript(name: String) -> SQLValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// The column's text; empty for NULL. Numbers are given as their decimal text.
    public func text(_ index: Int) -> String { optionalText(index) ?? "" }

    /// The column's text, or nil for NULL.
    public func optionalText(_ index: Int) -> String? {
        guard index < values.count else { return nil }
        switch values[index] {
        case .null: return nil
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The column's integer; 0 for NULL or text.
    public func integer(_ index: Int) -> Int64 { optionalInteger(index) ?? 0 }

    /// The column's integer, or nil when it is not an integer.
    public func optionalInteger(_ index: Int) -> Int64? {
        guard index < values.count else { return nil }
        switch values[index] {
        case .integer(let value): return value
        case .real(let value): return Int64(value)
        default: return nil
        }
    }

    /// The column's bytes, or nil for NULL.
    public func blob(_ index: Int) -> [UInt8]? {
        guard index < values.count else { return nil }
        switch values[index] {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        default: return nil
        }
    }
}
