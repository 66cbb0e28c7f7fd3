/// Bounds that a document must stay within before and while it is parsed.
///
/// The parser never substitutes entities and refuses any document type declaration, so these
/// limits are what keeps time and memory proportional to a document's size.
public struct XMLLimits: Sendable, Equatable {
    /// The deepest element nesting libxml2 itself allows without `XML_PARSE_HUGE`.
    public static let depthCeiling = 256

    /// The largest accepted input in bytes, checked before parsing starts.
    public var maximumBytes: Int
    /// The deepest accepted element nesting (the root element is depth 1).
    ///
    /// Values above `depthCeiling` act as `depthCeiling`.
    public var maximumDepth: Int

    /// Creates limits; the defaults fit any CDA document osva expects (64 MiB, depth 256).
    public init(maximumBytes: Int = 64 << 20, maximumDepth: Int = 256) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }

    /// The byte limit clamped to what libxml2's `int` length parameter can carry.
    var effectiveMaximumBytes: Int { max(0, min(maximumBytes, Int(Int32.max))) }

    /// The depth limit clamped to libxml2's own ceiling.
    var effectiveMaximumDepth: Int { max(1, min(maximumDepth, Self.depthCeiling)) }
}
