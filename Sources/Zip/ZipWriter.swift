import CArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a zip file entry by entry; used to build sample bundles, benchmark inputs and
/// test archives.
///
/// Calls libarchive's `archive_write_new`, `archive_write_set_format_zip`,
/// `archive_write_set_options`, `archive_write_set_passphrase`,
/// `archive_write_open_filename`, `archive_write_header`, `archive_write_data`,
/// `archive_write_finish_entry`, `archive_write_close`, `archive_write_fail` and
/// `archive_write_free`. Names are written as UTF-8 and flagged so when not plain ASCII.
///
/// The writer owns its libarchive handle and frees it in `deinit`. The file is complete
/// only after ``finish()``; a writer dropped before that, or after an error, leaves a
/// file without a central directory, which ``ZipReader`` refuses. Not `Sendable`.
public final class ZipWriter {
    /// How entries are stored and protected.
    public struct Options: Sendable, Equatable {
        /// How entry data is compressed.
        public enum Compression: Sendable, Equatable {
            /// Deflate, as ordinary zip tools write.
            case deflate
            /// No compression: the data is stored as is.
            case store
        }

        /// Whether entry data is encrypted; meant for building hostile test inputs.
        public enum Encryption: Sendable, Equatable {
            /// Plain data.
            case none
            /// The traditional PKWARE cipher ("ZipCrypto").
            case zipCrypto(passphrase: String)
            /// WinZip AES with a 256-bit key.
            case aes256(passphrase: String)
        }

        /// How entry data is compressed; deflate unless said otherwise.
        public var compression: Compression
        /// Whether entry data is encrypted; plain unless said otherwise.
        public var encryption: Encryption

        /// Creates options; the defaults write an ordinary deflated, unencrypted zip.
        public init(compression: Compression = .deflate, encryption: Encryption = .none) {
            self.compression = compression
            self.encryption = encryption
        }
    }

    /// The zip file being written.
    public let path: String

    private let archive: OpaquePointer
    private var entryCount = 0
    private var finished = false
    private var failure: ZipError?

    /// Creates (or truncates) the file at `path` and prepares to write entries into it.
    ///
    /// Throws ``ZipError/Kind/unsupported`` if libarchive refuses an option (for example
    /// encryption in a build without it) and ``ZipError/Kind/io`` if the file cannot be
    /// created.
    public init(path: String, options: Options = Options()) throws(ZipError) {
        self.path = path
        guard let archive = archive_write_new() else {
            throw ZipError(.io, "libarchive could not allocate a writer", archivePath: path)
        }
        self.archive = archive

        // From here on deinit releases the handle.
        try check(archive_write_set_format_zip(archive), .unsupported)
        // No padding after the end record: the file ends where the zip ends.
        try check(archive_write_set_bytes_in_last_block(archive, 1), .unsupported)
        switch options.compression {
        case .deflate: try setOption("zip:compression=deflate")
        case .store: try setOption("zip:compression=store")
        }
        switch options.encryption {
        case .none:
            break
        case .zipCrypto(let passphrase):
            try setOption("zip:encryption=zipcrypt")
            try check(archive_write_set_passphrase(archive, passphrase), .unsupported)
        case .aes256(let passphrase):
            try setOption("zip:encryption=aes256")
            try check(archive_write_set_passphrase(archive, passphrase), .unsupported)
        }
        try check(archive_write_open_filename(archive, path), .io)
    }

    deinit {
        if !finished {
            // Marks the handle failed so freeing it writes no central directory.
            archive_write_fail(archive)
        }
        archive_write_free(archive)
    }

    /// Adds a regular file named `path` holding `bytes`.
    ///
    /// Throws ``ZipError/Kind/io`` when libarchive cannot write; the writer is then unusable.
    public func add(path name: String, bytes: [UInt8]) throws(ZipError) {
        try beginEntry(name: name, type: ArchiveFileType.regular, permissions: 0o644) {
            archive_entry_set_size($0, Int64(bytes.count))
        }
        try write(bytes, name: name)
        try endEntry(name: name)
    }

    /// Adds a regular file named `path` of `size` bytes, pulling its data from
    /// `nextChunk` until it returns `nil`, so large entries never sit in memory whole.
    ///
    /// Throws ``ZipError/Kind/io`` when libarchive cannot write or the chunks add up to a
    /// size other than `size`, or whatever `nextChunk` throws; after any error the writer
    /// is unusable.
    public func add<Failure: Error>(
        path name: String, size: Int64, from nextChunk: () throws(Failure) -> [UInt8]?
    ) throws {
        try beginEntry(name: name, type: ArchiveFileType.regular, permissions: 0o644) {
            archive_entry_set_size($0, size)
        }
        var written: Int64 = 0
        do {
            while let chunk = try nextChunk() {
                guard written + Int64(chunk.count) <= size else {
                    throw fail(.io, "entry data is longer than the declared \(size)", name)
                }
                try write(chunk, name: name)
                written += Int64(chunk.count)
            }
        } catch {
            _ = fail(.io, "entry data could not be produced", name)
            throw error
        }
        guard written == size else {
            throw fail(.io, "entry data is \(written) bytes, declared \(size)", name)
        }
        try endEntry(name: name)
    }

    /// Adds a folder entry named `path` (libarchive adds the trailing `/`).
    public func addDirectory(path name: String) throws(ZipError) {
        try beginEntry(name: name, type: ArchiveFileType.directory, permissions: 0o755) {
            archive_entry_set_size($0, 0)
        }
        try endEntry(name: name)
    }

    /// Adds a symbolic link named `path` pointing at `target`; for hostile test inputs.
    public func addSymlink(path name: String, target: String) throws(ZipError) {
        try beginEntry(name: name, type: ArchiveFileType.symlink, permissions: 0o777) {
            archive_entry_set_symlink_utf8($0, target)
        }
        try endEntry(name: name)
    }

    /// Writes the central directory and closes the file; the zip is complete only now.
    ///
    /// Throws ``ZipError/Kind/io`` when the last writes or the close fail. Calling it
    /// again after success does nothing.
    public func finish() throws(ZipError) {
        if let failure {
            throw failure
        }
        guard !finished else {
            return
        }
        try check(archive_write_close(archive), .io)
        finished = true
    }

    // MARK: - Steps

    private func beginEntry(
        name: String, type: mode_t, permissions: mode_t,
        _ configure: (OpaquePointer) -> Void
    ) throws(ZipError) {
        if let failure {
            throw failure
        }
        precondition(!finished, "entries cannot be added after finish()")
        guard let entry = archive_entry_new() else {
            throw fail(.io, "libarchive could not allocate an entry", name)
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, name)
        archive_entry_set_filetype(entry, UInt32(type))
        archive_entry_set_perm(entry, UInt32(permissions))
        configure(entry)
        let code = UTF8CharacterType.run { archive_write_header(archive, entry) }
        guard ArchiveStatus(code) == .ok else {
            throw fail(.io, ArchiveStatus.message(of: archive), name)
        }
    }

    private func write(_ chunk: [UInt8], name: String) throws(ZipError) {
        let written = chunk.withUnsafeBytes {
            archive_write_data(archive, $0.baseAddress, $0.count)
        }
        guard written == chunk.count else {
            throw fail(.io, ArchiveStatus.message(of: archive), name)
        }
    }

    private func endEntry(name: String) throws(ZipError) {
        guard ArchiveStatus(archive_write_finish_entry(archive)) == .ok else {
            throw fail(.io, ArchiveStatus.message(of: archive), name)
        }
        entryCount += 1
    }

    /// Remembers the first failure (the writer is unusable after it) and returns it.
    private func fail(_ kind: ZipError.Kind, _ message: String, _ name: String) -> ZipError {
        let error = ZipError(
            kind, message, archivePath: path,
            entryIndex: entryCount, entryName: EntryName.escape(Array(name.utf8)))
        failure = failure ?? error
        return error
    }

    private func setOption(_ option: String) throws(ZipError) {
        try check(archive_write_set_options(archive, option), .unsupported)
    }

    /// The writer's one result check: only `ARCHIVE_OK` is success.
    private func check(_ code: Int32, _ kind: ZipError.Kind) throws(ZipError) {
        guard ArchiveStatus(code) == .ok else {
            let error = ZipError(kind, ArchiveStatus.message(of: archive), archivePath: path)
            failure = failure ?? error
            throw error
        }
    }
}
