import Foundation
import Testing
import Zip

// Z10: only the zip format is enabled, so anything else named .zip is refused up front.

@Test func textFileNamedZipIsNotAZip() throws {
    let scratch = try Scratch()
    let path = try scratch.write("bundle.zip", Array("just some text\n".utf8))
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .notZip)
}

@Test func emptyFileIsNotAZip() throws {
    let scratch = try Scratch()
    let path = try scratch.write("bundle.zip", [])
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .notZip)
}

@Test func tarFileNamedZipIsNotAZip() throws {
    let scratch = try Scratch()
    let document = try #require(try kantaDocuments().first)
    let path = scratch.path("bundle.zip")
    try python(
        """
        import sys, tarfile
        with tarfile.open(sys.argv[1], 'w') as t:
            t.add(sys.argv[2], arcname='document.xml')
        """, path, document)
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .notZip)
}

@Test func gzipFileNamedZipIsNotAZip() throws {
    let scratch = try Scratch()
    let path = scratch.path("bundle.zip")
    try python(
        """
        import sys, gzip
        with gzip.open(sys.argv[1], 'wb') as g:
            g.write(b'<ClinicalDocument/>' * 100)
        """, path)
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .notZip)
}

@Test func zipInsideATarIsNotTakenForAZip() throws {
    // The tar ends with a whole zip, end record included; only the start counts.
    let scratch = try Scratch()
    let inner = scratch.path("inner.zip")
    let writer = try ZipWriter(path: inner)
    try writer.add(path: "a.xml", bytes: Array("<a/>".utf8))
    try writer.finish()
    let path = scratch.path("bundle.zip")
    try python(
        """
        import sys, tarfile
        with tarfile.open(sys.argv[1], 'w') as t:
            t.add(sys.argv[2], arcname='inner.zip')
        with open(sys.argv[1], 'ab') as f:
            f.write(open(sys.argv[2], 'rb').read())
        """, path, inner)
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .notZip)
}

@Test func zipWithDataPrependedIsNotAZip() throws {
    let scratch = try Scratch()
    let inner = scratch.path("inner.zip")
    let writer = try ZipWriter(path: inner)
    try writer.add(path: "a.xml", bytes: Array("<a/>".utf8))
    try writer.finish()
    let script = Array("#!/bin/sh\nexit 0\n".utf8)
    let path = try scratch.write("bundle.zip", script + scratch.read("inner.zip"))
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .notZip)
}

@Test func emptyZipHasNoEntries() throws {
    let scratch = try Scratch()
    let path = scratch.path("empty.zip")
    try python("import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').close()", path)
    let reader = try ZipReader(path: path)
    #expect(try reader.nextEntry() == nil)
    #expect(try reader.nextEntry() == nil)
}

@Test func missingFileIsAnIOError() throws {
    let scratch = try Scratch()
    #expect(zipErrorKind { _ = try ZipReader(path: scratch.path("absent.zip")) } == .io)
}

@Test func folderIsRefusedAsNotARegularFile() throws {
    let scratch = try Scratch()
    #expect(zipErrorKind { _ = try ZipReader(path: scratch.folder) } == .unsupported)
}

@Test func fifoIsRefusedWithoutWaitingForAWriter() throws {
    let scratch = try Scratch()
    let path = scratch.path("bundle.zip")
    #expect(mkfifo(path, 0o600) == 0)
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .unsupported)
}

// Z6: truncation anywhere before the end record fails before any entry is handed out.

/// A stored zip of three entries, the middle one large, as bytes.
private func threeEntryZip(in scratch: Scratch) throws -> [UInt8] {
    let path = scratch.path("whole.zip")
    let writer = try ZipWriter(path: path, options: .init(compression: .store))
    try writer.add(path: "a.xml", bytes: Array(repeating: 0x61, count: 1_000))
    let middle = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 / 7) }
    try writer.add(path: "b.xml", bytes: middle)
    try writer.add(path: "c.xml", bytes: Array(repeating: 0x63, count: 100))
    try writer.finish()
    return try scratch.read("whole.zip")
}

@Test func bundleCutAtSixtyPercentIsTruncated() throws {
    let scratch = try Scratch()
    let whole = try threeEntryZip(in: scratch)
    let path = try scratch.write("cut.zip", Array(whole.prefix(whole.count * 6 / 10)))
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .truncated)
}

@Test func bundleCutJustBeforeTheCentralDirectoryIsTruncated() throws {
    let scratch = try Scratch()
    let whole = try threeEntryZip(in: scratch)
    let centralStart = try #require(offsets(of: centralHeaderSignature, in: whole).first)
    let path = try scratch.write("cut.zip", Array(whole.prefix(centralStart)))
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .truncated)
}

@Test func bundleCutInsideTheEndRecordIsTruncated() throws {
    let scratch = try Scratch()
    let whole = try threeEntryZip(in: scratch)
    let path = try scratch.write("cut.zip", Array(whole.dropLast(5)))
    let kind = zipErrorKind { _ = try ZipReader(path: path) }
    #expect(kind == .truncated || kind == .corrupt)
}

@Test func damagedCentralDirectoryIsCorrupt() throws {
    let scratch = try Scratch()
    var bytes = try threeEntryZip(in: scratch)
    let centralStart = try #require(offsets(of: centralHeaderSignature, in: bytes).first)
    bytes.replaceSubrange(centralStart..<(centralStart + 4), with: Array("XXXX".utf8))
    let path = try scratch.write("damaged.zip", bytes)
    #expect(zipErrorKind { _ = try readEverything(path) } == .corrupt)
}

@Test func intactThreeEntryZipReadsWhole() throws {
    // The control for the cut and damaged variants above.
    let scratch = try Scratch()
    let path = try scratch.write("whole-copy.zip", threeEntryZip(in: scratch))
    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.entry.name) == ["a.xml", "b.xml", "c.xml"])
    #expect(outcomes.allSatisfy { $0.error == nil })
    #expect(outcomes.map(\.data.count) == [1_000, 200_000, 100])
}

@Test func endRecordWithEntriesButNothingElseIsCorrupt() throws {
    let scratch = try Scratch()
    var record = [UInt8](repeating: 0, count: 22)
    record.replaceSubrange(0..<4, with: [0x50, 0x4B, 0x05, 0x06])
    record[8] = 3  // three entries on this disk, yet no central directory
    let path = try scratch.write("bundle.zip", record)
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .corrupt)
}
