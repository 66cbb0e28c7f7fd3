import Documents
import Domain
import Foundation
import Hashing
import Intake
import Testing
import Zip

/// A private folder for one test: `<root>/bundle.zip` and `<root>/staging/`, removed when
/// the value goes away.
final class Workspace {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "osva-intake-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: root + "/staging", withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    var bundle: String { root + "/bundle.zip" }
    var staging: String { root + "/staging" }

    /// Every path under the root, relative to it, sorted.
    func tree() -> [String] {
        let items = FileManager.default.enumerator(atPath: root)?.allObjects as? [String]
        return (items ?? []).sorted()
    }

    /// The names in the staging folder.
    func staged() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: staging).sorted()
    }

    /// Empties the staging folder, as the pipeline does between bundles.
    func clearStaging() throws {
        for name in try staged() {
            try FileManager.default.removeItem(atPath: staging + "/" + name)
        }
    }

    /// Replaces the bundle with `bytes`.
    func writeBundle(_ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: bundle))
    }

    /// The bundle's bytes.
    func bundleBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: bundle)))
    }
}

/// The real Kanta documents shipped with the tests.
enum Payload {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kanta/documents").path

    /// The bytes of the `count` first documents (by file name).
    static func documents(_ count: Int) throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".xml") }.sorted().prefix(count)
        try #require(names.count == count)
        return try names.map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        }
    }

    /// One document's bytes.
    static func document(_ number: Int = 0) throws -> [UInt8] {
        try documents(number + 1)[number]
    }
}

/// A test sender OID.
let testSender = "1.2.246.10.48484841.10.0"

/// The SHA-256 of `bytes` in lower-case hex.
func sha256(_ bytes: [UInt8]) throws -> String {
    try SHA256Hasher.digest(of: bytes).hex
}

/// `manifest.xml` listing `files` (path and bytes) as documents, in the order given.
func manifest(listing files: [(String, [UInt8])], sizes: Bool = true) throws -> [UInt8] {
    let entries = try files.map { path, bytes in
        Manifest.Entry(path: path, kind: .document, sha256: try sha256(bytes),
                       size: sizes ? Int64(bytes.count) : nil)
    }
    let manifest = Manifest(
        bundleID: "b-\(UUID().uuidString.prefix(8))", sender: testSender,
        created: Date(timeIntervalSince1970: 1_796_336_100), entries: entries)
    return Array(ManifestXML.render(manifest).utf8)
}

/// Writes a zip of `entries` with `ZipWriter`, in the order given.
func writeZip(_ path: String, _ entries: [(String, [UInt8])],
              options: ZipWriter.Options = .init()) throws {
    let writer = try ZipWriter(path: path, options: options)
    for (name, bytes) in entries {
        try writer.add(path: name, bytes: bytes)
    }
    try writer.finish()
}

/// Writes a bundle holding `files` and, first, a manifest listing all of them.
func writeBundle(_ path: String, _ files: [(String, [UInt8])],
                 options: ZipWriter.Options = .init()) throws {
    try writeZip(path, [("manifest.xml", try manifest(listing: files))] + files,
                 options: options)
}

/// Reads the workspace's bundle with `limits`.
func readBundle(_ workspace: Workspace, limits: BundleLimits = BundleLimits()) throws
    -> BundleReading
{
    try BundleReader(limits: limits).read(path: workspace.bundle, into: workspace.staging)
}

/// The rejection of the workspace's bundle; fails the test when it is read.
func rejection(_ workspace: Workspace, limits: BundleLimits = BundleLimits()) throws
    -> Rejection
{
    switch try readBundle(workspace, limits: limits) {
    case .rejected(let rejection):
        return rejection
    case .read(let contents):
        Issue.record("read with \(contents.entries.count) entries instead of rejected")
        throw UnexpectedReading()
    }
}

/// The contents of the workspace's bundle; fails the test when it is rejected.
func contents(_ workspace: Workspace, limits: BundleLimits = BundleLimits()) throws
    -> BundleContents
{
    switch try readBundle(workspace, limits: limits) {
    case .read(let contents):
        return contents
    case .rejected(let rejection):
        Issue.record("rejected: \(rejection.code.rawValue): \(rejection.detail)")
        throw UnexpectedReading()
    }
}

/// A reading other than the test expected (the issue is already recorded).
struct UnexpectedReading: Error {}

/// Runs `python3 -c script arguments…`; it must exit 0.
func python(_ script: String, _ arguments: String...) throws {
    try run(["python3", "-c", script] + arguments)
}

/// Runs a command found on PATH; it must exit 0.
func run(_ command: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(command.prefix(2)) failed")
}

/// Writes a zip with Python's `zipfile`, which (unlike `ZipWriter`) keeps `\` in names,
/// writes duplicate names and sets Unix file types. `entries` is a Python list literal of
/// `(name, bytes, unix mode or None)` tuples.
func pythonZip(_ path: String, entries: String, compression: String = "ZIP_DEFLATED") throws {
    try python(
        """
        import sys, warnings, zipfile
        warnings.simplefilter('ignore')
        with zipfile.ZipFile(sys.argv[1], 'w', zipfile.\(compression)) as z:
            for name, data, mode in \(entries):
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.\(compression)
                if mode is not None:
                    info.create_system = 3
                    info.external_attr = mode << 16
                z.writestr(info, data)
        """, path)
}

/// Python `bytes` literal for `bytes`.
func pythonBytes(_ bytes: [UInt8]) -> String {
    "bytes.fromhex('" + bytes.map { String(format: "%02x", $0) }.joined() + "')"
}

/// Python `str` literal for `text` (every character escaped, so any name survives).
func pythonString(_ text: String) -> String {
    "'" + text.unicodeScalars.map { String(format: "\\U%08x", $0.value) }.joined() + "'"
}

/// Where each entry's local header starts, read from the zip's central directory.
struct ZipLayout {
    /// Local header offsets, in central directory order.
    let locals: [Int]
    /// Where the central directory starts.
    let centralDirectory: Int

    init(_ bytes: [UInt8]) throws {
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        var end = bytes.count - 22
        while end >= 0, !bytes[end..<(end + 4)].elementsEqual(signature) { end -= 1 }
        try #require(end >= 0, "no end record")
        let count = le16(bytes, end + 10)
        centralDirectory = le32(bytes, end + 16)
        var offset = centralDirectory
        var locals: [Int] = []
        for _ in 0..<count {
            locals.append(le32(bytes, offset + 42))
            offset += 46 + le16(bytes, offset + 28) + le16(bytes, offset + 30)
                + le16(bytes, offset + 32)
        }
        self.locals = locals
    }

    /// Where a stored entry's data starts, after its local header, name and extra field.
    static func dataStart(_ bytes: [UInt8], local offset: Int) -> Int {
        offset + 30 + le16(bytes, offset + 26) + le16(bytes, offset + 28)
    }
}

func le16(_ bytes: [UInt8], _ offset: Int) -> Int {
    Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
}

func le32(_ bytes: [UInt8], _ offset: Int) -> Int {
    le16(bytes, offset) | le16(bytes, offset + 2) << 16
}

/// Writes a little-endian 32-bit value into `bytes` at `offset`.
func patch32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
    for shift in 0..<4 {
        bytes[offset + shift] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(shift)))
    }
}
