// libFuzzer target `bundle`: every input is one bundle file, read by `BundleReader` with the
// default limits, as `osva run` reads a claimed bundle. Built and run by `scripts/fuzz.sh`.
import Intake

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder this process writes its bundle file and staged entries into.
private enum Workspace {
    /// A fresh folder under `$TMPDIR` (default `/tmp`), made once per process.
    static let folder: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/osva-fuzz-bundle.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            fatalError("no work folder under \(base): errno \(errno)")
        }
        let folder = String(cString: made)
        guard mkdir(folder + "/staging", 0o700) == 0 else {
            fatalError("no staging folder in \(folder): errno \(errno)")
        }
        return folder
    }()

    /// The bundle file, rewritten for every input.
    static var bundle: String { folder + "/bundle.zip" }
    /// The staging folder, emptied after every input.
    static var staging: String { folder + "/staging" }

    /// Replaces the bundle file with `bytes`.
    static func replaceBundle(with bytes: UnsafeRawBufferPointer) {
        let descriptor = open(bundle, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { fatalError("cannot open \(bundle): errno \(errno)") }
        defer { close(descriptor) }
        var start = 0
        while let base = bytes.baseAddress, start < bytes.count {
            let written = write(descriptor, base + start, bytes.count - start)
            guard written > 0 else { fatalError("cannot write \(bundle): errno \(errno)") }
            start += written
        }
    }

    /// The names of the files in the staging folder.
    static func staged() -> [String] {
        guard let directory = opendir(staging) else {
            fatalError("cannot list \(staging): errno \(errno)")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Empties the staging folder for the next input.
    static func clear() {
        for name in staged() { unlink(staging + "/" + name) }
    }
}

/// One reader for the whole run, as `osva run` keeps one.
nonisolated(unsafe) private let reader: BundleReader = {
    do {
        return try BundleReader(limits: BundleLimits())
    } catch {
        fatalError("the manifest schema did not load: \(error)")
    }
}()

/// Reads the input as a bundle and traps when the reader breaks its contract.
///
/// The bundle file and the staging folder are always fine here, so anything the reader
/// throws is a finding: it would blame a bundle's problem on osva (the job retries such a
/// bundle, then quarantines it, and the sender gets no receipt). So is a rejection that
/// leaves staged files behind, or a read whose staged files are missing or of another size.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    Workspace.replaceBundle(with: UnsafeRawBufferPointer(start: data, count: size))
    let reading: BundleReading
    do {
        reading = try reader.read(path: Workspace.bundle, into: Workspace.staging)
    } catch {
        fatalError("a bundle's problem was thrown as osva's fault: \(error)")
    }
    switch reading {
    case .rejected(let rejection):
        let left = Workspace.staged()
        check(left.isEmpty, "rejected (\(rejection.code)) but left staged: \(left)")
    case .read(let contents):
        check(
            contents.entries.count == contents.manifest.entries.count,
            "\(contents.entries.count) staged for \(contents.manifest.entries.count) listed")
        for entry in contents.entries {
            var status = stat()
            check(lstat(entry.stagedPath, &status) == 0, "\(entry.stagedPath) missing")
            check(Int64(status.st_size) == entry.size, "\(entry.stagedPath) size differs")
        }
    }
    Workspace.clear()
    return 0
}
