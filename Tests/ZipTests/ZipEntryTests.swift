import Foundation
import Testing
import Zip

#if canImport(Glibc)
import Glibc
#endif

// Z2: links and special files are reported with their kind, never followed.

@Test func symlinkEntryIsReportedWithItsTarget() throws {
    let scratch = try Scratch()
    let path = scratch.path("links.zip")
    let writer = try ZipWriter(path: path)
    try writer.addSymlink(path: "link", target: "/tmp")
    try writer.add(path: "link/owned.xml", bytes: Array("<x/>".utf8))
    try writer.addSymlink(path: "doc.xml", target: "/etc/hostname")
    try writer.finish()

    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.entry.kind) == [.symlink, .regular, .symlink])
    #expect(outcomes.map(\.entry.symlinkTarget) == ["/tmp", nil, "/etc/hostname"])
    #expect(outcomes.map(\.entry.name) == ["link", "link/owned.xml", "doc.xml"])
    #expect(outcomes.allSatisfy { $0.entry.hardlinkTarget == nil })
    // A link's data is its target, which libarchive keeps; none is handed out as content.
    #expect(outcomes[0].data.isEmpty)
}

@Test func unixFileTypesFromAnotherWriterAreReported() throws {
    let scratch = try Scratch()
    let path = scratch.path("types.zip")
    try python(
        """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            for name, mode, data in [('lnk', 0o120777, b'/etc/passwd'),
                                     ('chr', 0o020644, b''),
                                     ('sock', 0o140644, b''),
                                     ('plain.xml', 0o100644, b'<a/>')]:
                info = zipfile.ZipInfo(name)
                info.create_system = 3
                info.external_attr = mode << 16
                z.writestr(info, data)
        """, path)
    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.entry.kind) == [.symlink, .other, .other, .regular])
    #expect(outcomes[0].entry.symlinkTarget == "/etc/passwd")
}

// Z1: hostile names come through as libarchive reports them; judging them is Intake's job.

@Test func traversalAndAbsoluteNamesComeThroughUnchanged() throws {
    let scratch = try Scratch()
    let names = ["../../outside.xml", "/tmp/abs.xml", "docs/..\\..\\mixed.xml", "a/./../b.xml"]
    let path = scratch.path("names.zip")
    let writer = try ZipWriter(path: path)
    for name in names {
        try writer.add(path: name, bytes: Array("<x/>".utf8))
    }
    try writer.finish()

    let entries = try readEverything(path).map(\.entry)
    #expect(entries.map(\.rawName) == names.map { Array($0.utf8) })
    #expect(entries.map(\.name) == names)
}

@Test func backslashOnlyNameFromAnotherWriterHasItsSeparatorsTurned() throws {
    // libarchive reads `\` as the separator in a name with no `/`; the `..` stay visible.
    let scratch = try Scratch()
    let path = scratch.path("names.zip")
    try python(
        """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            for name in ['..\\\\..\\\\bs.xml', 'docs/..\\\\..\\\\mixed.xml', '/tmp/abs.xml']:
                z.writestr(zipfile.ZipInfo(name), b'<x/>')
        """, path)
    let entries = try readEverything(path).map(\.entry)
    #expect(entries.map(\.name) == ["../../bs.xml", "docs/..\\..\\mixed.xml", "/tmp/abs.xml"])
    #expect(entries[1].escapedName == "docs/..\\\\..\\\\mixed.xml")
}

// Z8: names decode by the documented rule in any locale.

/// A zip holding one entry whose stored name is `nameBytes` without the UTF-8 flag.
private func zipWithRawName(_ nameBytes: [UInt8], in scratch: Scratch) throws -> String {
    let placeholder = String(repeating: "Q", count: nameBytes.count)
    let path = scratch.path("raw.zip")
    try python(
        """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            z.writestr(sys.argv[2], b'<x/>')
        """, path, placeholder)
    var bytes = try scratch.read("raw.zip")
    let found = offsets(of: Array(placeholder.utf8), in: bytes)
    try #require(found.count == 2)  // local header and central directory
    for offset in found {
        bytes.replaceSubrange(offset..<(offset + nameBytes.count), with: nameBytes)
    }
    return try scratch.write("raw.zip", bytes)
}

/// Runs `body` with the C locale in force on this thread, as under `env -i`.
private func inTheCLocale<T>(_ body: () throws -> T) rethrows -> T {
    guard let cLocale = newlocale(LC_CTYPE_MASK, "C", nil) else {
        Issue.record("no C locale")
        return try body()
    }
    defer { freelocale(cLocale) }
    let previous = uselocale(cLocale)
    defer { uselocale(previous) }
    return try body()
}

@Test func codePage437NameWithoutTheUTF8FlagIsDecodedAsCP437() throws {
    let scratch = try Scratch()
    // 0x84 0x94 0x81 0x8E are ä ö ü Ä in code page 437.
    let raw: [UInt8] = [0x84, 0x94, 0x81, 0x8E] + Array(".xml".utf8)
    let path = try zipWithRawName(raw, in: scratch)
    let entry = try #require(try inTheCLocale { try readEverything(path) }.first?.entry)
    #expect(entry.rawName == raw)
    #expect(entry.name == "äöüÄ.xml")
    #expect(entry.escapedName == "\\x84\\x94\\x81\\x8e.xml")
}

@Test func everyHighCodePage437ByteDecodesAsPythonDecodesIt() throws {
    let scratch = try Scratch()
    let raw = [UInt8](0x80...0xFF)
    let path = try zipWithRawName(raw, in: scratch)
    let expected = try python(
        "import sys; sys.stdout.buffer.write(bytes(range(128, 256)).decode('cp437').encode())")
    let entry = try #require(try readEverything(path).first?.entry)
    #expect(entry.rawName == raw)
    #expect(Array(entry.name.utf8) == expected)
}

@Test func utf8FlaggedNameIsReadInTheCLocale() throws {
    let scratch = try Scratch()
    let path = scratch.path("utf8.zip")
    try python(
        """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            z.writestr('päivä/lähete.xml', b'<x/>')
            z.writestr('plain.xml', b'<y/>')
        """, path)
    let outcomes = try inTheCLocale { try readEverything(path) }
    #expect(outcomes.map(\.entry.name) == ["päivä/lähete.xml", "plain.xml"])
    #expect(outcomes[0].entry.rawName == Array("päivä/lähete.xml".utf8))
    #expect(outcomes[0].entry.escapedName == "p\\xc3\\xa4iv\\xc3\\xa4/l\\xc3\\xa4hete.xml")
    #expect(outcomes.allSatisfy { $0.error == nil })
}

@Test func writerNamesWrittenInTheCLocaleKeepTheirUTF8() throws {
    let scratch = try Scratch()
    let path = scratch.path("utf8.zip")
    try inTheCLocale {
        let writer = try ZipWriter(path: path)
        try writer.add(path: "lähete.xml", bytes: Array("<x/>".utf8))
        try writer.finish()
    }
    let names = try python(
        "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).namelist())", path)
    #expect(String(decoding: names, as: UTF8.self) == "['lähete.xml']\n")
}

@Test func escapingKeepsPrintableASCIIAndShowsEverythingElseAsHex() {
    #expect(EntryName.escape(Array("docs/a b.xml".utf8)) == "docs/a b.xml")
    let escaped = EntryName.escape([0x61, 0x5C, 0x0A, 0x7F, 0x00, 0xC3, 0xA4])
    #expect(escaped == #"a\\\x0a\x7f\x00\xc3\xa4"#)
}

@Test func validUTF8WinsOverCodePage437() {
    // 0xC3 0xA4 reads as "├ñ" in code page 437 but is valid UTF-8 for "ä".
    #expect(EntryName.decode([0xC3, 0xA4]) == "ä")
    #expect(EntryName.decode([0x70, 0x84, 0xC3]) == "pä├")
}

// Z7: encrypted entries are reported, never decrypted, never prompted for.

@Test(arguments: [
    ZipWriter.Options.Encryption.zipCrypto(passphrase: "sekret"),
    .aes256(passphrase: "sekret"),
])
func encryptedEntryIsReportedAsEncrypted(encryption: ZipWriter.Options.Encryption) throws {
    let scratch = try Scratch()
    let path = scratch.path("locked.zip")
    let writer = try ZipWriter(path: path, options: .init(encryption: encryption))
    try writer.add(path: "secret.xml", bytes: Array("<secret/>".utf8))
    try writer.add(path: "also.xml", bytes: Array("<also/>".utf8))
    try writer.finish()

    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.entry.isEncrypted) == [true, true])
    #expect(outcomes.map(\.error?.kind) == [.encrypted, .encrypted])
    #expect(outcomes.allSatisfy { $0.data.isEmpty })
}

@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zip")))
func infoZipPasswordEntryIsEncryptedAndThePlainOneStillReads() throws {
    let scratch = try Scratch()
    _ = try scratch.write("secret.xml", Array("<secret/>".utf8))
    _ = try scratch.write("plain.xml", Array("<plain/>".utf8))
    let path = scratch.path("mixed.zip")
    try run(["sh", "-c", "cd '\(scratch.folder)' && zip -q -P sekret mixed.zip secret.xml"
        + " && zip -q mixed.zip plain.xml"])

    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.entry.name) == ["secret.xml", "plain.xml"])
    #expect(outcomes.map(\.error?.kind) == [.encrypted, nil])
    #expect(outcomes[1].data == Array("<plain/>".utf8))
}

@Test func directoryEntryHasNoData() throws {
    let scratch = try Scratch()
    let path = scratch.path("dir.zip")
    let writer = try ZipWriter(path: path)
    try writer.addDirectory(path: "docs")
    try writer.finish()
    let reader = try ZipReader(path: path)
    let entry = try #require(try reader.nextEntry())
    #expect(entry.kind == .directory)
    #expect(try reader.readData(maxBytes: 0) { _ in } == 0)
}
