#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import Foundation

/// A fresh folder under the temporary directory for one test, removed when released.
final class TemporaryFolder {
    /// The folder's path.
    let path: String

    /// Creates the folder (under `base` when given, else the temporary directory).
    init(under base: String = NSTemporaryDirectory()) throws {
        path = (base as NSString).appendingPathComponent("osva-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // A test may have made a folder read-only; give write permission back first.
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let name as String in walker { chmod(path + "/" + name, 0o755) }
        }
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A path inside the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// The names in `folder` (this folder by default), sorted, hidden ones included.
    func names(in folder: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder ?? path).sorted()
    }
}

/// The bytes of the file at `path`, or nil when it cannot be read.
func bytes(at path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
}

/// Writes `text` to `path` without going through the code under test.
func plainWrite(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Runs `body` and returns the `FileError` it throws, or nil when it throws none.
func fileError(_ body: () throws(FileError) -> Void) -> FileError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Conditions some tests need from the machine they run on.
enum Machine {
    /// True when folder permissions are enforced for this process: a file cannot be created
    /// in a folder with mode 0555. False for root (or with CAP_DAC_OVERRIDE), where a test of
    /// a permission error would only test the machine.
    static var enforcesPermissions: Bool {
        guard let folder = try? TemporaryFolder() else { return false }
        chmod(folder.path, 0o555)
        let fd = open(folder.file("probe"), O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd >= 0 { close(fd) }
        return fd < 0 && errno == EACCES
    }

    /// A folder on another file system than the temporary directory, when one is writable.
    static var otherFileSystem: String? {
        let candidates = ["/dev/shm", "/run/shm", "/var/tmp"]
        return candidates.first { candidate in
            access(candidate, W_OK) == 0 && device(of: candidate) != nil
                && device(of: candidate) != device(of: NSTemporaryDirectory())
        }
    }

    /// The device id of the file system holding `path`.
    static func device(of path: String) -> UInt? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt(info.st_dev)
    }
}
