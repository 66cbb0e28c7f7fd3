#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file operation on osva's side: which step, which path, and the system's error.
///
/// These are faults of the machine (disk full, permissions), never of a sender: the pipeline
/// leaves the bundle for the next run when it sees one.
public struct FileError: Error, Sendable, CustomStringConvertible {
    /// The step that failed.
    public enum Step: String, Sendable {
        case read, write, sync, rename, remove, exists
    }

    /// The step that failed.
    public let step: Step
    /// The path it was working on.
    public let path: String
    /// The `errno` value.
    public let code: Int32

    /// Creates an error.
    public init(_ step: Step, path: String, errno code: Int32) {
        self.step = step
        self.path = path
        self.code = code
    }

    /// True when the disk or quota is full.
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }

    public var description: String {
        "\(step.rawValue) failed for \(path): \(String(cString: strerror(code)))"
    }
}
