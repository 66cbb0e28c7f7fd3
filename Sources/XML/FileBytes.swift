#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole file with a bound, for `XMLDocument(contentsOf:)` and nothing else.
enum FileBytes {
    /// The bytes of the regular file at `path`, refusing more than `maximumBytes`.
    ///
    /// The bound holds while reading, so a file that grows after `fstat` is still refused
    /// rather than read without end. Nothing is allocated from the size the file claims.
    ///
    /// - Throws: `XMLError` `.io` (with the `errno` text) or `.tooLarge`; subject is `path`.
    static func contents(of path: String, maximumBytes: Int) throws(XMLError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("stat", path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw XMLError(.io, message: "not a regular file", subject: path)
        }
        guard Int(status.st_size) <= maximumBytes else { throw tooLarge(path, maximumBytes) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes {
                read(descriptor, $0.baseAddress, $0.count)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            guard bytes.count + count <= maximumBytes else { throw tooLarge(path, maximumBytes) }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }

    /// An `.io` error naming the failed step and the current `errno`.
    private static func failure(_ step: String, _ path: String) -> XMLError {
        let reason = String(cString: strerror(errno))
        return XMLError(.io, message: "\(step) failed: \(reason)", subject: path)
    }

    /// The error for a file over the limit.
    private static func tooLarge(_ path: String, _ maximumBytes: Int) -> XMLError {
        XMLError(
            .tooLarge, message: "the file is larger than \(maximumBytes) bytes", subject: path)
    }
}
