#if canImport(Glibc)
import Glibc
#endif
import Documents
import Domain
import Files
import Foundation
import Pipeline
import Samples
import Storage
import Testing
import XML
import Zip

/// One osva installation in a temporary folder for the hostile-input tests, removed with
/// `remove()`. Built from the sample bundles (`NightlyRunTests.sampleRoot()`) or empty with
/// the sample organiser's registers configured.
struct HostileRoot {
    let root: String
    let layout: Layout

    /// The sample bundles in the inbox and the sample registers configured.
    static func samples() throws -> HostileRoot {
        let (root, layout) = try NightlyRunTests.sampleRoot()
        return HostileRoot(root: root, layout: layout)
    }

    /// An empty inbox with the sample registers configured.
    static func empty() throws -> HostileRoot {
        let root = try samples()
        try FileManager.default.removeItem(atPath: root.layout.inbox)
        try DurableFile.makeFolder(root.layout.inbox)
        return root
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// `Inbox/<sender>/`, created when missing.
    func inbox(_ sender: String) throws -> String {
        let folder = layout.inbox + "/" + sender
        try DurableFile.makeFolder(folder)
        return folder
    }

    /// Runs the job once with `settle` 0 and quiet logging, after `configure`.
    func run(_ configure: (inout RunOptions) -> Void = { _ in },
             report: @escaping (BundleResult, String) -> Void = { _, _ in }) throws
        -> RunSummary
    {
        var options = RunOptions(root: root)
        options.settle = 0
        configure(&options)
        let summary = try NightlyRun(options: options, log: Log(threshold: .error),
                                     report: report).execute()
        try NightlyRunTests.validateEveryReceipt(in: layout)
        return summary
    }

    /// The receipts (`*.receipt.xml`) of bundle file `name` from `sender`, oldest first.
    func receipts(_ sender: String, _ name: String) -> [String] {
        let stem = name.lowercased().hasSuffix(".zip") ? String(name.dropLast(4)) : name
        return NightlyRunTests.files(in: layout.outbox + "/" + sender)
            .filter { $0.hasSuffix("--" + stem + ".receipt.xml") }
    }

    /// The single receipt of bundle file `name` from `sender`, parsed and checked against
    /// the receipt schema.
    func receipt(_ sender: String, _ name: String) throws -> XPath {
        let found = receipts(sender, name)
        try #require(found.count == 1, "receipts of \(sender)/\(name): \(found)")
        let document = try XMLDocument(contentsOf: found[0])
        let issues = try XMLSchema(contentsOf: NightlyRunTests.receiptSchema).validate(document)
        #expect(issues.isEmpty, "\(found[0]): \(issues)")
        return try XPath(document: document, namespaces: ["r": "urn:osva:receipt:1"])
    }

    /// Every receipt file's text, for checks that something appears in none of them.
    func allReceiptText() throws -> String {
        try NightlyRunTests.files(in: layout.outbox).flatMap { NightlyRunTests.files(in: $0) }
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".html") }
            .map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
    }

    /// Names in `folder`, hidden ones included, sorted; empty when it does not exist.
    func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Every path under the root (relative), for checks that nothing is left behind.
    func tree() -> [String] {
        let items = FileManager.default.enumerator(atPath: root)?.allObjects as? [String]
        return (items ?? []).sorted()
    }

    /// Document ids in the register.
    func registerIDs() throws -> Set<String> {
        Set(try RegisterStore(Database(path: layout.database)).documents().map(\.documentID))
    }
}

/// The sample parties' bundles, built from the real corpus documents.
enum HostileSamples {
    static let organiser = SampleSet.organiser.id.value
    static let provider = SampleSet.provider.id.value
    static let imaging = SampleSet.secondProvider.id.value

    /// Bundle files of the sample set, by sender.
    static let sampleBundles = [
        (organiser, "authorisations.zip"), (provider, "visit.zip"),
        (imaging, "imaging-unit.zip"), (provider, "self-authorisation.zip"),
    ]

    /// The documents the sample set stores.
    static func sampleIDs() throws -> Set<String> {
        Set(try (NightlyRunTests.visitAccepted + NightlyRunTests.imagingAccepted)
            .map(NightlyRunTests.corpusDocumentID))
    }

    static func corpus(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: NightlyRunTests.corpus + "/" + name)))
    }

    /// A corpus document edited for the sample visit (occupational register, first
    /// provider); `patient` defaults to the document's own.
    static func visitDocument(_ name: String, patient: String? = nil) throws -> [UInt8] {
        var target = CorpusEditor.Target(
            register: SampleSet.occupationalRegister,
            controllerName: "Testi työterveysrekisteri", organiser: SampleSet.organiser,
            producer: SampleSet.provider)
        target.patient = patient
        return try CorpusEditor.outsourced(corpus(name), name: name, for: target)
    }

    /// A corpus document edited for the imaging unit (public register, second provider),
    /// exactly as the sample set edits it.
    static func imagingDocument(_ name: String, documentID: String? = nil) throws -> [UInt8] {
        let target = CorpusEditor.Target(
            register: SampleSet.publicRegister, controllerName: "Testi hyvinvointialue",
            organiser: SampleSet.organiser, producer: SampleSet.secondProvider,
            documentID: documentID)
        return try CorpusEditor.outsourced(corpus(name), name: name, for: target)
    }

    /// The manifest of a provider bundle listing `files` as documents.
    static func manifest(_ files: [(String, [UInt8])], sender: String = provider,
                         bundleID: String = UUID().uuidString) throws -> [UInt8] {
        var builder = BundleBuilder(sender: sender, bundleID: bundleID)
        for (path, bytes) in files { builder.add(path, kind: .document, bytes: bytes) }
        return Array(ManifestXML.render(try builder.manifest()).utf8)
    }
}

/// Zip files built entry by entry for hostile inputs.
enum HostileZip {
    /// Writes `entries` in order with `ZipWriter`.
    static func write(_ path: String, _ entries: [(String, [UInt8])],
                      options: ZipWriter.Options = .init()) throws {
        let writer = try ZipWriter(path: path, options: options)
        for (name, bytes) in entries { try writer.add(path: name, bytes: bytes) }
        try writer.finish()
    }

    /// Writes a zip with Python's `zipfile`, which keeps `\` and duplicate names as given
    /// and sets Unix file types. `entries` holds name, bytes and Unix mode (or nil).
    static func python(_ path: String, _ entries: [(String, [UInt8], Int?)]) throws {
        let data = path + ".entries"
        try DurableFile.makeFolder(data)
        defer { try? FileManager.default.removeItem(atPath: data) }
        var items: [String] = []
        for (index, (name, bytes, mode)) in entries.enumerated() {
            try Data(bytes).write(to: URL(fileURLWithPath: data + "/\(index)"))
            let escaped: [String] = name.unicodeScalars.map {
                String(format: "\\U%08x", $0.value)
            }
            items.append("('\(escaped.joined())', \(mode.map { String($0) } ?? "None"))")
        }
        try command(["python3", "-c", """
            import sys, warnings, zipfile
            warnings.simplefilter('ignore')
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                for index, (name, mode) in enumerate([\(items.joined(separator: ", "))]):
                    info = zipfile.ZipInfo(name)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    if mode is not None:
                        info.create_system = 3
                        info.external_attr = mode << 16
                    z.writestr(info, open(sys.argv[2] + '/' + str(index), 'rb').read())
            """, path, data])
    }

    /// Where each entry's local header starts, and where the central directory starts.
    static func layout(_ bytes: [UInt8]) throws -> (locals: [Int], centralDirectory: Int) {
        var end = bytes.count - 22
        while end >= 0, !bytes[end..<(end + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) {
            end -= 1
        }
        try #require(end >= 0, "no end of central directory record")
        let directory = le32(bytes, end + 16)
        var offset = directory
        var locals: [Int] = []
        for _ in 0..<le16(bytes, end + 10) {
            locals.append(le32(bytes, offset + 42))
            offset += 46 + le16(bytes, offset + 28) + le16(bytes, offset + 30)
                + le16(bytes, offset + 32)
        }
        return (locals, directory)
    }

    /// Where a stored entry's data starts, after its local header.
    static func dataStart(_ bytes: [UInt8], local: Int) -> Int {
        local + 30 + le16(bytes, local + 26) + le16(bytes, local + 28)
    }

    static func le16(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    static func le32(_ bytes: [UInt8], _ at: Int) -> Int {
        le16(bytes, at) | le16(bytes, at + 2) << 16
    }

    static func patch32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        for shift in 0..<4 {
            bytes[offset + shift] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(shift)))
        }
    }

    /// Replaces every occurrence of `needle` with `replacement` (same length); returns how
    /// many were replaced.
    static func replace(_ needle: [UInt8], with replacement: [UInt8],
                        in bytes: inout [UInt8]) -> Int {
        var found = 0
        for offset in 0...(bytes.count - needle.count)
        where bytes[offset..<(offset + needle.count)].elementsEqual(needle) {
            bytes.replaceSubrange(offset..<(offset + needle.count), with: replacement)
            found += 1
        }
        return found
    }
}

/// Runs `arguments` (found on PATH); it must exit 0.
func command(_ arguments: [String]) throws {
    let status = try spawn(arguments).status
    try #require(status == 0, "\(arguments.prefix(2)) exited \(status)")
}

/// Runs `arguments` (found on PATH) and returns its exit status and output.
@discardableResult
func spawn(_ arguments: [String], environment: [String: String]? = nil) throws
    -> (status: Int32, output: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// The `osva` executable built beside the test bundle (`swift test` builds every product).
func osvaExecutable() throws -> String {
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [folder, folder.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent("osva").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    Issue.record("no osva executable beside \(CommandLine.arguments[0])")
    throw CocoaError(.fileNoSuchFile)
}

/// `ls`-style type letter of `path` without following links: f, d, l, p or ?.
func fileType(_ path: String) -> Character {
    var info = stat()
    guard lstat(path, &info) == 0 else { return "-" }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return "f"
    case S_IFDIR: return "d"
    case S_IFLNK: return "l"
    case S_IFIFO: return "p"
    default: return "?"
    }
}
