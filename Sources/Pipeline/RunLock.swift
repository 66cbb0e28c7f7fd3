#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The job's lock: an exclusive `flock` on `state/osva.lock`, so runs never overlap.
///
/// The kernel drops the lock when the process ends, even by `kill -9`, so a crashed run never
/// blocks the next one. Held until `release()` or deinit.
public final class RunLock {
    private var fd: Int32

    /// Takes the lock at `path` without waiting; nil when another run holds it.
    ///
    /// Throws `RunLock.Failure` when the lock file cannot be opened.
    public init?(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, code: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
    }

    /// Releases the lock.
    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }

    /// The lock file could not be opened.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let code: Int32
        public var description: String {
            "cannot open lock file \(path): \(String(cString: strerror(code)))"
        }
    }
}
