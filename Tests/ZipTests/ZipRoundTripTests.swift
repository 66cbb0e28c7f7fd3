import Foundation
import Testing
import Zip

@Test(arguments: [ZipWriter.Options.Compression.deflate, .store])
func writtenEntriesReadBackWithTheirNamesKindsAndBytes(
    compression: ZipWriter.Options.Compression
) throws {
    let scratch = try Scratch()
    let documents = try kantaDocuments().prefix(2)
    let contents = try documents.map {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0)))
    }
    let path = scratch.path("bundle.zip")
    let writer = try ZipWriter(path: path, options: .init(compression: compression))
    try writer.addDirectory(path: "docs")
    try writer.add(path: "docs/first.xml", bytes: contents[0])
    try writer.add(path: "second.xml", bytes: contents[1])
    try writer.add(path: "empty.txt", bytes: [])
    try writer.finish()

    let outcomes = try readEverything(path)
    let names = ["docs/", "docs/first.xml", "second.xml", "empty.txt"]
    #expect(outcomes.map(\.entry.name) == names)
    #expect(outcomes.map(\.entry.index) == [0, 1, 2, 3])
    #expect(outcomes.map(\.entry.kind) == [.directory, .regular, .regular, .regular])
    #expect(outcomes.allSatisfy { $0.error == nil && !$0.entry.isEncrypted })
    #expect(outcomes[1].data == contents[0])
    #expect(outcomes[2].data == contents[1])
    #expect(outcomes[3].data.isEmpty)
    #expect(outcomes[1].entry.declaredSize == Int64(contents[0].count))
}

@Test func pythonZipfileReadsWhatTheWriterWrote() throws {
    let scratch = try Scratch()
    let path = scratch.path("bundle.zip")
    let writer = try ZipWriter(path: path)
    try writer.add(path: "a.xml", bytes: Array("<a/>".utf8))
    try writer.add(path: "päivä.xml", bytes: Array("<b/>".utf8))
    try writer.finish()

    // Python checks every CRC and reports each name with its UTF-8 flag (bit 11).
    let report = try python(
        """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        for i in z.infolist():
            print(i.filename, bool(i.flag_bits & 0x800), z.read(i).decode())
        """, path)
    let expected = "a.xml False <a/>\npäivä.xml True <b/>\n"
    #expect(String(decoding: report, as: UTF8.self) == expected)
}

@Test func readerReadsWhatPythonZipfileWrote() throws {
    let scratch = try Scratch()
    let path = scratch.path("bundle.zip")
    try python(
        """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            z.writestr('stored.xml', b'stored data', compress_type=zipfile.ZIP_STORED)
            z.writestr('deflated.xml', b'deflated ' * 1000, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr('sub/', b'')
        """, path)
    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.entry.name) == ["stored.xml", "deflated.xml", "sub/"])
    #expect(outcomes.map(\.entry.kind) == [.regular, .regular, .directory])
    #expect(outcomes[0].data == Array("stored data".utf8))
    #expect(outcomes[1].data == Array(String(repeating: "deflated ", count: 1000).utf8))
}

@Test func streamedEntryIsWrittenFromChunks() throws {
    let scratch = try Scratch()
    let path = scratch.path("big.zip")
    let chunk = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
    var remaining = 30
    let writer = try ZipWriter(path: path)
    try writer.add(path: "big.bin", size: Int64(chunk.count * remaining)) {
        guard remaining > 0 else {
            return nil
        }
        remaining -= 1
        return chunk
    }
    try writer.finish()

    let reader = try ZipReader(path: path)
    let entry = try #require(try reader.nextEntry())
    #expect(entry.declaredSize == 3_000_000)
    var offset = 0
    var matches = true
    let count = try reader.readData(maxBytes: 3_000_000) { piece in
        #expect(piece.count <= ZipReader.chunkSize)
        for byte in piece {
            matches = matches && byte == chunk[offset % chunk.count]
            offset += 1
        }
    }
    #expect(count == 3_000_000)
    #expect(matches)
    #expect(try reader.nextEntry() == nil)
}

@Test func streamedEntryShorterThanDeclaredIsRefused() throws {
    let scratch = try Scratch()
    let writer = try ZipWriter(path: scratch.path("short.zip"))
    var sent = false
    let kind = zipErrorKind {
        try writer.add(path: "short.bin", size: 10) {
            defer { sent = true }
            return sent ? nil : [1, 2, 3]
        }
    }
    #expect(kind == .io)
    #expect(zipErrorKind { try writer.finish() } == .io)
}

@Test func writerDroppedBeforeFinishLeavesNoUsableZip() throws {
    let scratch = try Scratch()
    let path = scratch.path("unfinished.zip")
    do {
        // More than libarchive's 10 KiB output block, so part of the entry reaches the file.
        let writer = try ZipWriter(path: path, options: .init(compression: .store))
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        try writer.add(path: "a.bin", bytes: bytes)
    }
    #expect(try scratch.read("unfinished.zip").count > 10_000)
    #expect(zipErrorKind { _ = try ZipReader(path: path) } == .truncated)
}

@Test func writerCannotCreateAFileInAMissingFolder() throws {
    let scratch = try Scratch()
    let kind = zipErrorKind { _ = try ZipWriter(path: scratch.path("missing/bundle.zip")) }
    #expect(kind == .io)
}

@Test func errorDescriptionNamesTheArchiveAndTheEscapedEntry() {
    let error = ZipError(
        .crc, "data does not match", archivePath: "/in/x.zip",
        entryIndex: 3, entryName: EntryName.escape([0x61, 0x0A, 0x84]))
    #expect(error.description.contains("/in/x.zip"))
    #expect(error.description.contains("entry 3"))
    #expect(error.description.contains("a\\x0a\\x84"))
    #expect(error.description.hasPrefix("zip crc:"))
}
