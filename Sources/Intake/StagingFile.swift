#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files

/// One new file in a bundle's staging folder, written chunk by chunk.
///
/// Calls `open` (with `O_CREAT | O_EXCL | O_NOFOLLOW`, so an existing file or link is never
/// reused), `write` and `close`. The name is chosen by osva, never taken from an entry.
/// Staged files are not synced: they are scratch copies, and the store syncs its own.
/// The object owns the descriptor and closes it in ``finish()`` or, failing that, `deinit`.
/// Not `Sendable`.
final class StagingFile {
    /// The file's path.
    let path: String

    private var descriptor: Int32

    /// Creates the file at `path`, which must not exist yet.
    ///
    /// Throws `FileError` (`.write`) when the file cannot be created.
    init(path: String) throws(FileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FileError(.write, path: path, errno: errno)
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
        }
    }

    /// Appends `bytes`, retrying short and interrupted writes.
    ///
    /// Throws `FileError` (`.write`) when the system refuses (a full disk gives `ENOSPC`).
    func append(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        guard let base = bytes.baseAddress else {
            return
        }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                let code = errno
                if code == EINTR {
                    continue
                }
                throw FileError(.write, path: path, errno: code)
            }
            offset += written
        }
    }

    /// Closes the file; calling it again does nothing.
    ///
    /// Throws `FileError` (`.write`) when the close reports a failed write.
    func finish() throws(FileError) {
        guard descriptor >= 0 else {
            return
        }
        let result = close(descriptor)
        descriptor = -1
        if result != 0 {
            throw FileError(.write, path: path, errno: errno)
        }
    }
}
