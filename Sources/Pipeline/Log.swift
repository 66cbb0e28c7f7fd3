import Foundation

/// osva's logger: a constant message with `key=value` metadata, one line per event on stderr.
///
/// Routine work is logged at debug, outcomes at info, and only what an operator must act on
/// at warning or error. Results (the summary) go to stdout, never through this logger.
/// Clinical content is never logged; a patient appears at most as the identifier needed.
public final class Log: @unchecked Sendable {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        /// The level's name as written in the log and accepted by `--log-level`.
        public var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        /// The level named `name`, if any.
        public init?(name: String) {
            guard let level = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = level
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The lowest level written.
    public let threshold: Level
    private let lock = NSLock()

    /// A logger writing events at `threshold` and above to stderr.
    public init(threshold: Level = .info) {
        self.threshold = threshold
    }

    /// Logs `message` (a constant) with `metadata`.
    public func log(_ level: Level, _ message: String, _ metadata: [(String, String)] = []) {
        guard level >= threshold else { return }
        var line = ISO8601DateFormatter().string(from: Date()) + " " + level.name + " " + message
        for (key, value) in metadata { line += " " + key + "=" + Self.quote(value) }
        line += "\n"
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Logs at debug.
    public func debug(_ message: String, _ metadata: [(String, String)] = []) {
        log(.debug, message, metadata)
    }

    /// Logs at info.
    public func info(_ message: String, _ metadata: [(String, String)] = []) {
        log(.info, message, metadata)
    }

    /// Logs at warning.
    public func warning(_ message: String, _ metadata: [(String, String)] = []) {
        log(.warning, message, metadata)
    }

    /// Logs at error.
    public func error(_ message: String, _ metadata: [(String, String)] = []) {
        log(.error, message, metadata)
    }

    /// A value as written in a log line: bare when it is one plain word, quoted otherwise.
    static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            $0.isASCII && $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0 != "\\"
        }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\x%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
