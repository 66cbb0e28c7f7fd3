import CArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks on a would-be zip file made with plain system calls before libarchive sees it.
///
/// Calls `open`, `fstat` and `pread`; the caller owns and closes the returned descriptor.
enum ZipFile {
    private static let localHeaderSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    private static let endRecordSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    /// The end record is 22 bytes plus a comment of at most 65,535 bytes.
    private static let endRecordSearchSpan = 22 + 65_535
    /// An empty zip is its end record alone: 22 bytes before any comment.
    private static let emptyArchiveSize = 22

    /// Opens `path` read-only without blocking (a fifo must not stall the job) and
    /// insists on a regular file, which the seekable reader needs.
    static func openRegular(_ path: String) throws(ZipError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw ZipError(.io, "cannot open: \(systemMessage(errno))", archivePath: path)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let message = "cannot stat: \(systemMessage(errno))"
            close(descriptor)
            throw ZipError(.io, message, archivePath: path)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw ZipError(.unsupported, "not a regular file", archivePath: path)
        }
        // O_NONBLOCK has no effect on a regular file, so it can stay set for libarchive.
        return descriptor
    }

    /// Refuses files that do not begin with a local header or an empty archive's end
    /// record, so only plain zip files are handed to libarchive; returns whether the file
    /// is an empty archive (an end record alone, declaring no entries).
    static func checkStart(_ descriptor: Int32, path: String) throws(ZipError) -> Bool {
        var head = [UInt8](repeating: 0, count: emptyArchiveSize)
        let count = head.withUnsafeMutableBytes {
            pread(descriptor, $0.baseAddress, $0.count, 0)
        }
        guard count >= 0 else {
            throw ZipError(.io, "cannot read: \(systemMessage(errno))", archivePath: path)
        }
        guard count >= 4 else {
            throw ZipError(.notZip, "too short for a zip", archivePath: path)
        }
        if head.prefix(4).elementsEqual(localHeaderSignature) {
            return false
        }
        guard head.prefix(4).elementsEqual(endRecordSignature) else {
            throw ZipError(
                .notZip, "does not start with a zip local header", archivePath: path)
        }
        // Disk numbers, entry counts, directory size and offset must all be zero, and the
        // comment length must match what follows.
        var status = stat()
        let commentLength = Int(head[20]) | Int(head[21]) << 8
        guard count == emptyArchiveSize, head[4..<20].allSatisfy({ $0 == 0 }),
            fstat(descriptor, &status) == 0,
            Int64(status.st_size) == Int64(emptyArchiveSize + commentLength)
        else {
            throw ZipError(.corrupt, "malformed end record of an empty zip", archivePath: path)
        }
        return true
    }

    /// Whether the end record's signature occurs where an end record could be.
    static func hasEndRecordSignature(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return false
        }
        let span = Int(min(Int64(status.st_size), Int64(endRecordSearchSpan)))
        var tail = [UInt8](repeating: 0, count: span)
        let count = tail.withUnsafeMutableBytes {
            pread(descriptor, $0.baseAddress, span, off_t(Int64(status.st_size) - Int64(span)))
        }
        guard count == span, span >= 4 else {
            return false
        }
        for start in 0...(span - 4) {
            if tail[start..<(start + 4)].elementsEqual(endRecordSignature) {
                return true
            }
        }
        return false
    }

    /// The C library's text for an errno value.
    static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
