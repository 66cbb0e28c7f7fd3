import Domain
import Foundation
@testable import Intake
import Testing
import Zip

// Z4: limits are counted while streaming; time, disk and memory stay bounded.

@Test func sixtyFourMebibytesOfSpacesAreRejectedEarly() throws {
    let workspace = try Workspace()
    let spaces = [UInt8](repeating: 0x20, count: 1 << 20)
    var remaining = 64
    let writer = try ZipWriter(path: workspace.bundle)
    try writer.add(path: "manifest.xml", bytes: try manifest(listing: [
        ("spaces.xml", Array("<a/>".utf8)),
    ]))
    try writer.add(path: "spaces.xml", size: 64 << 20) {
        guard remaining > 0 else { return nil }
        remaining -= 1
        return spaces
    }
    try writer.finish()
    let bundleSize = Int64(try workspace.bundleBytes().count)
    try #require(bundleSize < 1 << 20)

    let reader = try BundleReader(limits: BundleLimits())
    let started = Date()
    let reading = try reader.read(path: workspace.bundle, into: workspace.staging)
    let elapsed = Date().timeIntervalSince(started)

    guard case .rejected(let rejected) = reading else {
        Issue.record("a 64 MiB bomb was read")
        return
    }
    #expect(rejected.code == .bundleExpandsTooMuch)
    #expect(rejected.entryIndex == 2)
    #expect(rejected.entryName == "spaces.xml")
    // Stopped within one chunk of the ratio limit, far below the 64 MiB it declares.
    let ceiling = bundleSize * BundleLimits().ratio + Int64(ZipReader.chunkSize)
    #expect(reader.lastUnpackedBytes <= ceiling)
    #expect(reader.lastUnpackedBytes < 16 << 20)
    #expect(try workspace.staged().isEmpty)
    #expect(elapsed < 10)
}

@Test func twoHundredThousandEmptyEntriesStopAtTheEntryLimit() throws {
    let workspace = try Workspace()
    let writer = try ZipWriter(path: workspace.bundle, options: .init(compression: .store))
    for number in 0..<200_000 {
        try writer.add(path: "e\(number)", bytes: [])
    }
    try writer.finish()

    let started = Date()
    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleTooManyEntries)
    #expect(rejected.entryIndex == BundleLimits().entries + 1)
    #expect(rejected.entryName == "e\(BundleLimits().entries)")
    #expect(Date().timeIntervalSince(started) < 20)
    #expect(try workspace.staged().isEmpty)
}

@Test func bundleOverTheSizeLimitIsRejectedBeforeItIsOpened() throws {
    let workspace = try Workspace()
    // Not even a zip: the size is checked first.
    try workspace.writeBundle([UInt8](repeating: 0x41, count: 5_000))
    var limits = BundleLimits()
    limits.bundleBytes = 4_999
    let rejected = try rejection(workspace, limits: limits)
    #expect(rejected.code == .bundleTooLarge)
    #expect(rejected.entryIndex == nil)
    limits.bundleBytes = 5_000
    #expect(try rejection(workspace, limits: limits).code == .bundleNotZip)
}

@Test func entryOverTheEntryLimitIsRejectedWhileStreaming() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(3)
    try writeBundle(workspace.bundle, [("a.xml", documents[0]), ("b.xml", documents[1])])
    var limits = BundleLimits()
    limits.entryBytes = Int64(max(documents[0].count, 5_000)) - 1
    let rejected = try rejection(workspace, limits: limits)
    #expect(rejected.code == .entryTooLarge)
    #expect(rejected.entryIndex == 2)
    #expect(rejected.entryName == "a.xml")
    #expect(try workspace.staged().isEmpty)
}

@Test func bundleUnpackingToMoreThanTheTotalLimitIsRejected() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(3)
    let files = [("a.xml", documents[0]), ("b.xml", documents[1]), ("c.xml", documents[2])]
    try writeBundle(workspace.bundle, files)
    let manifestSize = try manifest(listing: files).count
    var limits = BundleLimits()
    limits.unpackedBytes = Int64(manifestSize + documents[0].count + documents[1].count)
    let rejected = try rejection(workspace, limits: limits)
    #expect(rejected.code == .bundleExpandsTooMuch)
    #expect(rejected.entryIndex == 4)
    #expect(try workspace.staged().isEmpty)
    // Exactly at the limit, two documents are fine.
    try writeBundle(workspace.bundle, Array(files.prefix(2)))
    #expect(try contents(workspace, limits: limits).entries.count == 2)
}

@Test func highlyCompressedEntryIsReadWhenTheRatioLimitAllowsIt() throws {
    let workspace = try Workspace()
    let spaces = [UInt8](repeating: 0x20, count: 2 << 20)
    try writeBundle(workspace.bundle, [("spaces.xml", spaces)])
    var limits = BundleLimits()
    #expect(try rejection(workspace, limits: limits).code == .bundleExpandsTooMuch)
    limits.ratio = 100_000
    let read = try contents(workspace, limits: limits)
    #expect(read.entries.map(\.size) == [Int64(spaces.count)])
}

@Test func manyEntriesUnderTheLimitAreRead() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    let files = (0..<40).map { ("docs/\($0).xml", document) }
    try writeBundle(workspace.bundle, files)
    var limits = BundleLimits()
    limits.entries = 41
    #expect(try contents(workspace, limits: limits).entries.count == 40)
    try workspace.clearStaging()
    limits.entries = 40
    #expect(try rejection(workspace, limits: limits).code == .bundleTooManyEntries)
}

// Z5: sizes in headers are claims; a lie is corrupt and pipes' zips read fine.

@Test func localHeaderDeclaringTenBytesForTenMebibytesIsCorrupt() throws {
    let workspace = try Workspace()
    let big = (0..<(10 << 20)).map { UInt8(truncatingIfNeeded: $0 / 7) }
    try writeBundle(workspace.bundle, [("big.xml", big)],
                    options: .init(compression: .store))
    var bytes = try workspace.bundleBytes()
    let layout = try ZipLayout(bytes)
    try #require(layout.locals.count == 2)
    patch32(&bytes, at: layout.locals[1] + 18, 10)  // compressed size
    patch32(&bytes, at: layout.locals[1] + 22, 10)  // uncompressed size
    try workspace.writeBundle(bytes)

    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleCorrupt)
    #expect(rejected.entryIndex == 2)
    #expect(try workspace.staged().isEmpty)
}

@Test func bundleWrittenToAPipeReadsFine() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(2)
    let files = [("docs/a.xml", documents[0]), ("docs/b.xml", documents[1])]
    let listed = try manifest(listing: files)
    let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.stdout.buffer, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('manifest.xml', \(pythonBytes(listed)))
            z.writestr('docs/a.xml', \(pythonBytes(documents[0])))
            z.writestr('docs/b.xml', \(pythonBytes(documents[1])),
                       compress_type=zipfile.ZIP_STORED)
        """
    let scriptPath = workspace.root + "/pipe.py"
    try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    try run(["sh", "-c", "python3 '\(scriptPath)' | cat > '\(workspace.bundle)'"])
    let bytes = try workspace.bundleBytes()
    let layout = try ZipLayout(bytes)
    // General purpose bit 3: sizes and CRC come after the data.
    #expect(layout.locals.allSatisfy { bytes[$0 + 6] & 0x08 != 0 })

    let read = try contents(workspace)
    #expect(read.entries.map(\.listed.path) == ["docs/a.xml", "docs/b.xml"])
    #expect(read.entries.map(\.size) == documents.map { Int64($0.count) })
}

// Z6: a cut bundle is incomplete; a flipped byte is found.

@Test(arguments: [0.6, 0.0])
func cutBundleIsTruncated(keep fraction: Double) throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(3)
    try writeBundle(workspace.bundle, [("a.xml", documents[0]), ("b.xml", documents[1]),
                                       ("c.xml", documents[2])])
    let bytes = try workspace.bundleBytes()
    // 0.0 stands for "cut just before the central directory".
    let end = fraction > 0
        ? Int(Double(bytes.count) * fraction) : try ZipLayout(bytes).centralDirectory
    try workspace.writeBundle(Array(bytes[..<end]))

    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleTruncated)
    #expect(try workspace.staged().isEmpty)
}

@Test func flippedByteInAStoredEntryIsCorrupt() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(3)
    try writeBundle(workspace.bundle, [("a.xml", documents[0]), ("b.xml", documents[1]),
                                       ("c.xml", documents[2])],
                    options: .init(compression: .store))
    var bytes = try workspace.bundleBytes()
    let layout = try ZipLayout(bytes)
    bytes[ZipLayout.dataStart(bytes, local: layout.locals[2]) + 1_000] ^= 0x04
    try workspace.writeBundle(bytes)

    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleCorrupt)
    #expect(rejected.entryIndex == 3)
    #expect(rejected.entryName == "b.xml")
    #expect(try workspace.staged().isEmpty)
}

// Z7: encrypted entries are rejected as such; nothing prompts.

@Test(arguments: [
    ZipWriter.Options.Encryption.zipCrypto(passphrase: "sekret"),
    .aes256(passphrase: "sekret"),
])
func encryptedBundleIsRejectedAsEncrypted(encryption: ZipWriter.Options.Encryption) throws {
    let workspace = try Workspace()
    try writeBundle(workspace.bundle, [("doc.xml", try Payload.document())],
                    options: .init(encryption: encryption))
    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleEncrypted)
    #expect(rejected.entryIndex == 1)
    #expect(rejected.entryName == "manifest.xml")
    #expect(try workspace.staged().isEmpty)
}

@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zip")))
func oneEncryptedEntryAmongPlainOnesRejectsTheBundle() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    let folder = workspace.root + "/src"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data(try manifest(listing: [("doc.xml", document)]))
        .write(to: URL(fileURLWithPath: folder + "/manifest.xml"))
    try Data(document).write(to: URL(fileURLWithPath: folder + "/doc.xml"))
    try run(["sh", "-c", "cd '\(folder)' && zip -q '\(workspace.bundle)' manifest.xml"
        + " && zip -q -P sekret '\(workspace.bundle)' doc.xml"])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleEncrypted)
    #expect(rejected.entryIndex == 2)
    #expect(rejected.entryName == "doc.xml")
    #expect(try workspace.staged().isEmpty)
}

// Z10: only zip is read.

@Test(arguments: ["text", "tar", "gzip", "empty"])
func fileThatIsNotAZipIsRejectedAsNotZip(format: String) throws {
    let workspace = try Workspace()
    let source = workspace.root + "/doc.xml"
    try Data(try Payload.document()).write(to: URL(fileURLWithPath: source))
    switch format {
    case "text": try FileManager.default.copyItem(atPath: source, toPath: workspace.bundle)
    case "tar": try run(["tar", "-cf", workspace.bundle, "-C", workspace.root, "doc.xml"])
    case "gzip":
        try python("import gzip, sys; open(sys.argv[2], 'wb').write("
                   + "gzip.compress(open(sys.argv[1], 'rb').read()))", source, workspace.bundle)
    default: try workspace.writeBundle([])
    }
    try FileManager.default.removeItem(atPath: source)
    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleNotZip)
    #expect(rejected.entryIndex == nil)
    #expect(try workspace.staged().isEmpty)
}

// Faults on osva's side are thrown, never turned into rejections.

@Test func stagingFileThatAlreadyExistsIsNeverWrittenThrough() throws {
    let workspace = try Workspace()
    try writeBundle(workspace.bundle, [("doc.xml", try Payload.document())])
    let target = workspace.root + "/target"
    try FileManager.default.createSymbolicLink(atPath: workspace.staging + "/2",
                                               withDestinationPath: target)
    #expect(throws: (any Error).self) {
        _ = try BundleReader(limits: BundleLimits())
            .read(path: workspace.bundle, into: workspace.staging)
    }
    #expect(!FileManager.default.fileExists(atPath: target))
    // The manifest staged before the fault is removed again; the link is not osva's file.
    #expect(try workspace.staged() == ["2"])
}

@Test func missingBundleIsAFaultNotARejection() throws {
    let workspace = try Workspace()
    #expect(throws: (any Error).self) {
        _ = try BundleReader(limits: BundleLimits())
            .read(path: workspace.bundle, into: workspace.staging)
    }
}
