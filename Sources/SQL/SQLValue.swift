/// A value bound to a statement or read from a column: one of SQLite's five storage classes.
///
/// A pure value. Literals make bindings short: `nil`, `42`, `0.5`, `true` and `"teksti"` are
/// `.null`, `.integer`, `.real`, `.integer(1)` and `.text`.
public enum SQLValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// A 64-bit floating-point number.
    case real(Double)
    /// UTF-8 text; may contain any character, including NUL.
    case text(String)
    /// Bytes, stored as they are; may be empty or contain zero bytes.
    case blob([UInt8])

    /// True for `.null`.
    public var isNull: Bool {
        self == .null
    }

    /// The integer of an `.integer`, otherwise nil (no conversion).
    public var integer: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The number of a `.real`, otherwise nil (no conversion).
    public var real: Double? {
        if case .real(let value) = self { value } else { nil }
    }

    /// The text of a `.text`, otherwise nil (no conversion).
    public var text: String? {
        if case .text(let value) = self { value } else { nil }
    }

    /// The bytes of a `.blob`, otherwise nil (no conversion).
    public var blob: [UInt8]? {
        if case .blob(let value) = self { value } else { nil }
    }
}

extension SQLValue: ExpressibleByNilLiteral {
    /// `nil` is `.null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension SQLValue: ExpressibleByIntegerLiteral {
    /// An integer literal is `.integer`.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension SQLValue: ExpressibleByFloatLiteral {
    /// A floating-point literal is `.real`.
    public init(floatLiteral value: Double) {
        self = .real(value)
    }
}

extension SQLValue: ExpressibleByBooleanLiteral {
    /// `true` and `false` are `.integer(1)` and `.integer(0)`, as SQLite stores booleans.
    public init(booleanLiteral value: Bool) {
        self = .integer(value ? 1 : 0)
    }
}

extension SQLValue: ExpressibleByStringLiteral {
    /// A string literal is `.text`.
    public init(stringLiteral value: String) {
        self = .text(value)
    }
}
