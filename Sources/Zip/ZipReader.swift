import CArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a zip file entry by entry, streaming each entry's data in chunks.
///
/// Calls libarchive's `archive_read_new`, `archive_read_support_format_zip_seekable`,
/// `archive_read_open_fd`, `archive_read_next_header`, `archive_read_data_block`,
/// `archive_read_data_skip` and `archive_read_free`. Only the zip format is enabled and no
/// compression filter, so a tar, a gzip or a text file fails as ``ZipError/Kind/notZip``.
///
/// The seekable reader is used, not the streamable one, because it trusts the central
/// directory at the end of the file, as other zip tools do:
/// - entries come from the central directory, so data hidden between entries is never
///   scanned for something that looks like a header;
/// - the central directory holds every entry's sizes, so a zip written to a pipe (sizes
///   only in data descriptors after the data) reads like any other;
/// - a local header that disagrees with the central directory (a declared-size lie) is
///   reported as ``ZipError/Kind/corrupt`` before its data is touched;
/// - a file cut anywhere before its end record fails at ``init(path:)`` as
///   ``ZipError/Kind/truncated``, before any entry is handed out.
/// The cost is that the input must be a regular file; fifos and devices are refused.
///
/// Sizes in headers are never used to allocate: data comes in libarchive's own fixed-size
/// blocks and ``readData(maxBytes:_:)`` counts real bytes. Encrypted entries are reported,
/// never decrypted; no passphrase callback is installed, so nothing prompts or waits.
///
/// The reader owns the file descriptor and the libarchive handle and frees both in
/// `deinit`. Not `Sendable`: use one reader from one task.
public final class ZipReader {
    /// Bytes handed to the consumer per chunk, at most; also the size of each file read.
    public static let chunkSize = 64 * 1024

    /// The zip file being read, as given to ``init(path:)``.
    public let path: String

    private let descriptor: Int32
    private let archive: OpaquePointer
    private var nextIndex = 0
    private var state = State.betweenEntries

    /// Where the reader is; every public call starts by looking here.
    private enum State {
        /// Before the first entry, or after a header failure the archive can recover from.
        case betweenEntries
        /// On an entry whose header was read.
        case inEntry(ZipEntry, DataState)
        /// After the last entry.
        case atEnd
        /// After a failure libarchive cannot get past; every call throws it again.
        case broken(ZipError)
    }

    /// How far the current entry's data has been read.
    private enum DataState {
        case unread
        case consumed
        /// Failed with an error of this entry only; reading again throws it again.
        case failed(ZipError)
        /// The consumer threw; the rest of the data is skipped by the next header read.
        case abandoned
    }

    /// Opens the zip file at `path` and reads its central directory.
    ///
    /// Throws ``ZipError/Kind/io`` if the file cannot be opened or read,
    /// ``ZipError/Kind/unsupported`` if it is not a regular file, ``ZipError/Kind/notZip``
    /// if it does not start like a zip (a local header, or the end record of an empty
    /// archive; data prepended to a zip is refused too), ``ZipError/Kind/truncated`` if it
    /// starts like a zip but has no end record, and ``ZipError/Kind/corrupt`` if the end
    /// record is there but unusable.
    public init(path: String) throws(ZipError) {
        self.path = path
        let descriptor = try ZipFile.openRegular(path)
        let isEmptyArchive: Bool
        do {
            isEmptyArchive = try ZipFile.checkStart(descriptor, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        guard let archive = archive_read_new() else {
            close(descriptor)
            throw ZipError(.io, "libarchive could not allocate a reader", archivePath: path)
        }
        self.descriptor = descriptor
        self.archive = archive

        // From here on deinit releases everything.
        if isEmptyArchive {
            // libarchive's seekable reader does not recognise a lone end record.
            state = .atEnd
            return
        }
        let support = archive_read_support_format_zip_seekable(archive)
        guard ArchiveStatus(support) == .ok else {
            throw ZipError(.io, ArchiveStatus.message(of: archive), archivePath: path)
        }
        let opened = UTF8CharacterType.run {
            archive_read_open_fd(archive, descriptor, Self.chunkSize)
        }
        guard ArchiveStatus(opened) == .ok else {
            throw openFailure()
        }
    }

    deinit {
        archive_read_free(archive)
        close(descriptor)
    }

    /// Moves to the next entry and returns it, or `nil` after the last one.
    ///
    /// Any unread data of the previous entry is skipped (unchecked: read an entry to its
    /// end to have its CRC checked). An encrypted entry is returned with
    /// ``ZipEntry/isEncrypted`` set; reading its data throws.
    ///
    /// Throws ``ZipError/Kind/corrupt`` when the entry's local header contradicts the
    /// central directory or its name cannot be read (the reader can still move on), and
    /// ``ZipError/Kind/corrupt``, ``ZipError/Kind/encrypted`` or ``ZipError/Kind/io``
    /// when the archive cannot be read further (every later call throws the same error).
    public func nextEntry() throws(ZipError) -> ZipEntry? {
        switch state {
        case .broken(let error):
            throw error
        case .atEnd:
            return nil
        case .betweenEntries, .inEntry:
            break
        }
        let index = nextIndex
        // Names are read inside the same scope: libarchive may re-encode them on request.
        let (status, entry) = UTF8CharacterType.run { () -> (ArchiveStatus, ZipEntry?) in
            var header: OpaquePointer?
            let status = ArchiveStatus(archive_read_next_header(archive, &header))
            guard status != .eof, let header else {
                return (status, nil)
            }
            return (status, ZipEntry(header: header, index: index))
        }
        if status == .eof {
            state = .atEnd
            return nil
        }
        nextIndex += 1

        switch status {
        case .ok:
            guard let entry else {
                throw brokenEntry(index, "entry has no readable name")
            }
            state = .inEntry(entry, .unread)
            return entry
        case .warn:
            let error = ZipError(
                .corrupt, ArchiveStatus.message(of: archive), archivePath: path,
                entryIndex: index, entryName: entry?.escapedName)
            state = entry.map { .inEntry($0, .failed(error)) } ?? .betweenEntries
            throw error
        case .retry, .failed:
            state = .betweenEntries
            throw ZipError(
                archiveHasEncryption ? .encrypted : .unsupported,
                ArchiveStatus.message(of: archive), archivePath: path,
                entryIndex: index, entryName: entry?.escapedName)
        case .eof, .fatal:
            let kind: ZipError.Kind =
                archiveHasEncryption
                ? .encrypted : ArchiveStatus.isSystemFailure(of: archive) ? .io : .corrupt
            let error = ZipError(
                kind, ArchiveStatus.message(of: archive), archivePath: path,
                entryIndex: index, entryName: entry?.escapedName)
            state = .broken(error)
            throw error
        }
    }

    /// Streams the current entry's data to `consume` in chunks of at most ``chunkSize``
    /// bytes, to the entry's end, and returns the number of bytes produced.
    ///
    /// Reading to the end is what makes libarchive check the CRC. Bytes are counted as they
    /// come: as soon as more than `maxBytes` would be produced the read stops and
    /// ``ZipError/Kind/entryTooLarge`` is thrown; `consume` never sees more than
    /// `maxBytes` in total. The chunk is only valid during the call to `consume`.
    ///
    /// Throws ``ZipError/Kind/encrypted`` for an encrypted entry, ``ZipError/Kind/crc``
    /// when the data does not match its CRC, ``ZipError/Kind/corrupt`` when the data is
    /// not the size the archive declares or cannot be decompressed,
    /// ``ZipError/Kind/unsupported`` for an unknown compression method, or whatever
    /// `consume` throws. After an error of the entry the reader can move on with
    /// ``nextEntry()``; a second call for the same entry throws the same error.
    /// Calling it with no current entry, or again after the data was read, is a
    /// programming error and traps.
    public func readData(
        maxBytes: Int64, _ consume: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int64 {
        let entry: ZipEntry
        switch state {
        case .broken(let error):
            throw error
        case .inEntry(let current, .unread):
            entry = current
        case .inEntry(_, .failed(let error)):
            throw error
        case .inEntry(_, .consumed), .inEntry(_, .abandoned), .betweenEntries, .atEnd:
            preconditionFailure("readData needs an entry whose data has not been read")
        }
        if entry.isEncrypted {
            throw entryFailure(entry, .encrypted, "entry is encrypted")
        }

        var produced: Int64 = 0
        while true {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: Int64 = 0
            let code = archive_read_data_block(archive, &block, &size, &offset)
            let status = ArchiveStatus(code)
            if status == .eof {
                break
            }
            guard status == .ok else {
                // A warning comes with the entry's last block; count it for the size check.
                let last = status == .warn ? Int64(size) : 0
                throw dataFailure(entry, status, produced + last)
            }
            guard offset == produced else {
                throw entryFailure(entry, .corrupt, "entry data is not contiguous")
            }
            guard let block, size > 0 else {
                continue
            }
            var start = 0
            while start < size {
                let count = min(Self.chunkSize, size - start)
                if produced + Int64(count) > maxBytes {
                    throw entryFailure(
                        entry, .entryTooLarge, "entry produced more than \(maxBytes) bytes")
                }
                produced += Int64(count)
                do {
                    try consume(UnsafeRawBufferPointer(start: block + start, count: count))
                } catch {
                    state = .inEntry(entry, .abandoned)
                    throw error
                }
                start += count
            }
        }
        if let declared = entry.declaredSize, declared != produced {
            throw entryFailure(
                entry, .corrupt, "entry holds \(produced) bytes but declares \(declared)")
        }
        state = .inEntry(entry, .consumed)
        return produced
    }

    /// Skips the current entry's unread data without checking it; does nothing when there
    /// is no current entry or its data was already read.
    ///
    /// Throws ``ZipError/Kind/corrupt`` or ``ZipError/Kind/io`` when the archive cannot be
    /// read further.
    public func skipData() throws(ZipError) {
        switch state {
        case .broken(let error):
            throw error
        case .inEntry(let entry, .unread):
            let status = ArchiveStatus(archive_read_data_skip(archive))
            guard status == .ok else {
                throw dataFailure(entry, status, nil)
            }
            state = .inEntry(entry, .consumed)
        case .inEntry, .betweenEntries, .atEnd:
            return
        }
    }

    // MARK: - Failures

    private var archiveHasEncryption: Bool {
        archive_read_has_encrypted_entries(archive) > 0
    }

    /// Records a failure that ends this entry only and returns it for throwing.
    private func entryFailure(_ entry: ZipEntry, _ kind: ZipError.Kind, _ message: String)
        -> ZipError
    {
        let error = ZipError(
            kind, message, archivePath: path,
            entryIndex: entry.index, entryName: entry.escapedName)
        state = .inEntry(entry, .failed(error))
        return error
    }

    /// Classifies a failed `archive_read_data_block` or `archive_read_data_skip`;
    /// `produced` is the byte count read so far, or `nil` when skipping.
    ///
    /// For zip, libarchive answers a CRC or size mismatch at the end of an entry with a
    /// warning, an entry it cannot decode (method, passphrase) with a failure, and damage
    /// it cannot get past with a fatal error.
    private func dataFailure(_ entry: ZipEntry, _ status: ArchiveStatus, _ produced: Int64?)
        -> ZipError
    {
        let message = ArchiveStatus.message(of: archive)
        switch status {
        case .warn:
            if let declared = entry.declaredSize, let produced, declared != produced {
                return entryFailure(
                    entry, .corrupt, "entry holds \(produced) bytes but declares \(declared)")
            }
            return entryFailure(entry, .crc, message)
        case .failed, .retry:
            let kind: ZipError.Kind = archiveHasEncryption ? .encrypted : .unsupported
            return entryFailure(entry, kind, message)
        case .ok, .eof, .fatal:
            let isSystem = ArchiveStatus.isSystemFailure(of: archive)
            let error = ZipError(
                isSystem ? .io : .corrupt, message, archivePath: path,
                entryIndex: entry.index, entryName: entry.escapedName)
            state = .broken(error)
            return error
        }
    }

    /// A failure that leaves the archive unreadable from this entry on.
    private func brokenEntry(_ index: Int, _ message: String) -> ZipError {
        let error = ZipError(.corrupt, message, archivePath: path, entryIndex: index)
        state = .broken(error)
        return error
    }

    /// Explains why `archive_read_open_fd` refused a file that starts like a zip.
    private func openFailure() -> ZipError {
        if ArchiveStatus.isSystemFailure(of: archive) {
            return ZipError(.io, ArchiveStatus.message(of: archive), archivePath: path)
        }
        if ZipFile.hasEndRecordSignature(descriptor) {
            return ZipError(
                .corrupt, "end of central directory record is unusable", archivePath: path)
        }
        return ZipError(
            .truncated, "no end of central directory record: the file is cut short",
            archivePath: path)
    }
}
