#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// File operations that survive a crash or power loss: what they report done is on disk.
///
/// Writes go to a temporary name in the same folder, are synced, renamed into place, and the
/// folder is synced, so a reader sees the old file or the whole new one, never a part.
public enum DurableFile {
    /// Writes `bytes` to `path` atomically and durably, replacing any file there.
    ///
    /// Throws `FileError` when a step fails; the temporary file is removed then.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(FileError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/.tmp-" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError(.write, path: temporary, errno: errno) }
        let data = Array(bytes)
        let failure = data.withUnsafeBytes { writeAll(fd, $0) }.map {
            FileError(.write, path: temporary, errno: $0)
        }
        try install(fd, temporary: temporary, at: path, folder: folder, failure: failure)
    }

    /// Syncs the folder at `path`, making renames and creations in it durable.
    public static func syncFolder(_ path: String) throws(FileError) {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(.sync, path: path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError(.sync, path: path, errno: errno) }
    }

    /// Syncs the file at `path` to disk.
    public static func syncFile(_ path: String) throws(FileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(.sync, path: path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError(.sync, path: path, errno: errno) }
    }

    /// Moves `source` to `destination` durably; fails if `destination` exists.
    ///
    /// Within one file system this is a rename (atomic). Across file systems (`EXDEV`) the file
    /// is copied to a temporary name beside the destination, synced, renamed into place, and
    /// only then the source is removed, so a crash leaves at worst both copies, never neither.
    public static func move(_ source: String, to destination: String) throws(FileError) {
        if access(destination, F_OK) == 0 {
            throw FileError(.exists, path: destination, errno: EEXIST)
        }
        if rename(source, destination) == 0 {
            try syncFolder((destination as NSString).deletingLastPathComponent)
            try syncFolder((source as NSString).deletingLastPathComponent)
            return
        }
        guard errno == EXDEV else { throw FileError(.rename, path: source, errno: errno) }
        try copy(source, to: destination)
        guard unlink(source) == 0 else { throw FileError(.remove, path: source, errno: errno) }
        try syncFolder((source as NSString).deletingLastPathComponent)
    }

    /// Creates the folder at `path` and its parents when missing.
    public static func makeFolder(_ path: String) throws(FileError) {
        if let code = createFolder(path) { throw FileError(.write, path: path, errno: code) }
    }

    /// Creates `path` and its missing parents; the `errno` of the first failure, or nil.
    private static func createFolder(_ path: String) -> Int32? {
        var info = stat()
        if stat(path, &info) == 0 {
            return (info.st_mode & S_IFMT) == S_IFDIR ? nil : ENOTDIR
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let code = createFolder(parent) { return code }
        guard mkdir(path, 0o755) == 0 else { return errno == EEXIST ? nil : errno }
        // The new folder's name lives in its parent: sync it, so the folder survives a
        // power loss together with what is then written into it.
        let fd = open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        return fsync(fd) == 0 ? nil : errno
    }

    /// Writes all of `buffer` to `fd`, retrying short writes; returns `errno` on failure.
    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        guard let base = buffer.baseAddress else { return nil }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Copies `source` to `destination` durably: to a temporary name beside the destination,
    /// synced, then renamed into place, replacing any file there. The source is left as it is.
    public static func copy(_ source: String, to destination: String) throws(FileError) {
        let folder = (destination as NSString).deletingLastPathComponent
        let temporary = folder + "/.tmp-" + UUID().uuidString
        let input = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw FileError(.read, path: source, errno: errno) }
        defer { close(input) }
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw FileError(.write, path: temporary, errno: errno) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: FileError?
        while failure == nil {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                failure = FileError(.read, path: source, errno: errno)
                break
            }
            if let code = buffer.withUnsafeBytes({ writeAll(output, UnsafeRawBufferPointer(
                rebasing: $0[0..<count])) }) {
                failure = FileError(.write, path: temporary, errno: code)
            }
        }
        try install(output, temporary: temporary, at: destination, folder: folder,
                    failure: failure)
    }

    /// Finishes a durable write: syncs and closes the temporary file `fd`, renames it to
    /// `path` and syncs `folder`; on an earlier `failure` or any error the temporary file is
    /// removed and nothing changes at `path`.
    private static func install(_ fd: Int32, temporary: String, at path: String,
                                folder: String, failure: FileError?) throws(FileError) {
        var failure = failure
        if failure == nil, fsync(fd) != 0 {
            failure = FileError(.sync, path: temporary, errno: errno)
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError(.rename, path: path, errno: code)
        }
        try syncFolder(folder)
    }
}
