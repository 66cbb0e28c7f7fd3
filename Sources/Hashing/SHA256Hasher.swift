import CCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An incremental SHA-256 computation over libcrypto's EVP digest API.
///
/// Calls `EVP_MD_CTX_new`, `EVP_DigestInit_ex` with `EVP_sha256`, `EVP_DigestUpdate` and
/// `EVP_DigestFinal_ex`. The hasher owns one `EVP_MD_CTX` and frees it with `EVP_MD_CTX_free`
/// in `deinit`. Not `Sendable`: use one hasher from one task at a time.
public final class SHA256Hasher {
    /// Bytes read per `read(2)` call when hashing a file.
    static let fileChunkSize = 64 * 1024

    private let context: OpaquePointer

    /// Creates a hasher with an empty input.
    ///
    /// Throws ``HashingError/Kind/library`` if libcrypto cannot allocate or initialise
    /// the digest context.
    public init() throws(HashingError) {
        guard let context = EVP_MD_CTX_new() else {
            throw HashingError(.library, "EVP_MD_CTX_new returned no context")
        }
        self.context = context
        try Self.check(EVP_DigestInit_ex(context, EVP_sha256(), nil), "EVP_DigestInit_ex")
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds `bytes` to the input; the buffer is only read during the call.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return
        }
        // The context was initialised in init or finish; a failure here is our own bug.
        let result = EVP_DigestUpdate(context, base, bytes.count)
        precondition(Self.succeeded(result), "EVP_DigestUpdate failed on a live context")
    }

    /// Adds `bytes` to the input.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Returns the digest of everything added so far and resets the hasher to an empty input.
    public func finish() -> SHA256Digest {
        var output = [UInt8](repeating: 0, count: SHA256Digest.byteCount)
        var length: UInt32 = 0
        let result = output.withUnsafeMutableBufferPointer { buffer in
            EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
        }
        precondition(
            Self.succeeded(result) && Int(length) == SHA256Digest.byteCount,
            "EVP_DigestFinal_ex failed on a live context")
        let reset = EVP_DigestInit_ex(context, EVP_sha256(), nil)
        precondition(Self.succeeded(reset), "EVP_DigestInit_ex failed to reset a live context")
        guard let digest = SHA256Digest(bytes: output) else {
            preconditionFailure("a 32-byte buffer is always a digest")
        }
        return digest
    }

    /// The digest of `bytes` in one call.
    ///
    /// Throws ``HashingError/Kind/library`` if libcrypto cannot set up a context.
    public static func digest(of bytes: [UInt8]) throws(HashingError) -> SHA256Digest {
        let hasher = try SHA256Hasher()
        hasher.update(bytes)
        return hasher.finish()
    }

    /// The digest of the regular file at `path`, read in 64 KiB chunks (never whole).
    ///
    /// The file is opened non-blocking so a fifo cannot stall the caller; anything but a
    /// regular file is refused. Throws ``HashingError/Kind/io`` when the file cannot be
    /// opened or read, ``HashingError/Kind/library`` when libcrypto fails.
    public static func digest(ofFile path: String) throws(HashingError) -> SHA256Digest {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw HashingError(.io, "cannot open: \(Self.systemMessage(errno))", path: path)
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw HashingError(.io, "cannot stat: \(Self.systemMessage(errno))", path: path)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw HashingError(.io, "not a regular file", path: path)
        }

        let hasher = try SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: fileChunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count == 0 {
                break
            }
            if count < 0 {
                let code = errno
                if code == EINTR {
                    continue
                }
                throw HashingError(.io, "read failed: \(Self.systemMessage(code))", path: path)
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finish()
    }

    /// libcrypto's EVP calls return 1 on success and 0 on failure.
    private static func succeeded(_ result: Int32) -> Bool {
        result == 1
    }

    /// Turns a failed EVP call into an error carrying libcrypto's queued reason.
    private static func check(_ result: Int32, _ operation: String) throws(HashingError) {
        guard succeeded(result) else {
            let code = ERR_get_error()
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let reason = String(decoding: bytes, as: UTF8.self)
            throw HashingError(.library, "\(operation) failed: \(reason)")
        }
    }

    private static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
