import Domain
import Foundation
import Intake
import Testing
import Zip

#if canImport(Glibc)
import Glibc
#endif

// Z1: names that would leave the staging folder are rejected before anything is written.

/// `name` with `ID` replaced by a token unique to this test.
private func unique(_ name: String, _ token: String) -> String {
    name.replacingOccurrences(of: "ID", with: token)
}

@Test(arguments: [
    ("../../outside-ID.xml", "../../outside-ID.xml"),
    ("/tmp/abs-ID.xml", "/tmp/abs-ID.xml"),
    // libarchive reads `\` as the separator in a name without `/`; the `..` stay.
    ("..\\..\\bs-ID.xml", "../../bs-ID.xml"),
    ("docs/..\\..\\mixed-ID.xml", "docs/..\\\\..\\\\mixed-ID.xml"),
])
func traversingNameIsRejectedAndNothingLandsOutside(name: String, shown: String) throws {
    let workspace = try Workspace()
    let token = UUID().uuidString
    let hostile = unique(name, token)
    let document = try Payload.document()
    let listed = try manifest(listing: [("doc.xml", document)])
    try pythonZip(workspace.bundle, entries: """
        [(\(pythonString("manifest.xml")), \(pythonBytes(listed)), None),
         (\(pythonString("doc.xml")), \(pythonBytes(document)), None),
         (\(pythonString(hostile)), \(pythonBytes(document)), None)]
        """)

    let rejected = try rejection(workspace)
    #expect(rejected.code == .entryUnsafePath)
    #expect(rejected.entryIndex == 3)
    #expect(rejected.entryName == unique(shown, token))
    #expect(workspace.tree() == ["bundle.zip", "staging"])
    let asSlashes = hostile.replacingOccurrences(of: "\\", with: "/")
    for candidate in [asSlashes, workspace.staging + "/" + asSlashes,
                      workspace.root + "/" + asSlashes] {
        let resolved = URL(fileURLWithPath: candidate).standardized.path
        #expect(!FileManager.default.fileExists(atPath: resolved), "\(resolved)")
    }
}

@Test(arguments: [
    "C:/windows/doc.xml", "c:doc.xml", "docs//doc.xml", "./doc.xml", "docs/./doc.xml",
    "docs/..", "tab\there.xml", "bell\u{7}.xml", "delete\u{7F}.xml", "next\u{85}line.xml",
    "__MACOSX/../../doc.xml",
])
func otherUnsafeNamesAreRejected(name: String) throws {
    let workspace = try Workspace()
    try writeBundle(workspace.bundle, [("doc.xml", try Payload.document()), (name, [0x3C])])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .entryUnsafePath)
    #expect(rejected.entryIndex == 3)
    #expect(try workspace.staged().isEmpty)
}

// Z2: links and special files are rejected; no host file is ever read.

@Test func symlinkToAFolderFollowedByAFileThroughItIsRejected() throws {
    let workspace = try Workspace()
    let owned = "owned-\(UUID().uuidString).xml"
    let writer = try ZipWriter(path: workspace.bundle)
    try writer.add(path: "manifest.xml", bytes: try manifest(listing: [
        ("link/" + owned, try Payload.document()),
    ]))
    try writer.addSymlink(path: "link", target: "/tmp")
    try writer.add(path: "link/" + owned, bytes: try Payload.document())
    try writer.finish()

    let rejected = try rejection(workspace)
    #expect(rejected.code == .entryNotRegularFile)
    #expect(rejected.entryIndex == 2)
    #expect(rejected.entryName == "link")
    #expect(!FileManager.default.fileExists(atPath: "/tmp/" + owned))
    #expect(try workspace.staged().isEmpty)
}

@Test func symlinkPosingAsADocumentIsRejected() throws {
    let workspace = try Workspace()
    let writer = try ZipWriter(path: workspace.bundle)
    try writer.add(path: "manifest.xml", bytes: try manifest(listing: [
        ("doc.xml", try Payload.document()),
    ]))
    try writer.addSymlink(path: "doc.xml", target: "/etc/hostname")
    try writer.finish()

    let rejected = try rejection(workspace)
    #expect(rejected.code == .entryNotRegularFile)
    #expect(rejected.entryIndex == 2)
    #expect(rejected.entryName == "doc.xml")
    #expect(try workspace.staged().isEmpty)
}

@Test(arguments: [0o120777, 0o020644, 0o060644, 0o140644])
func entryWithAUnixTypeOtherThanFileOrFolderIsRejected(mode: Int) throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    let listed = try manifest(listing: [("doc.xml", document)])
    try pythonZip(workspace.bundle, entries: """
        [('manifest.xml', \(pythonBytes(listed)), None),
         ('special', b'/etc/passwd', \(mode)),
         ('doc.xml', \(pythonBytes(document)), 0o100644)]
        """)
    let rejected = try rejection(workspace)
    #expect(rejected.code == .entryNotRegularFile)
    #expect(rejected.entryIndex == 2)
}

// Z3: two entries one name could mean are rejected; never "last one wins".

@Test func sameNameTwiceWithDifferentContentIsAmbiguous() throws {
    let workspace = try Workspace()
    let (first, second) = (try Payload.document(0), try Payload.document(1))
    let listed = try manifest(listing: [("doc.xml", second)])
    try pythonZip(workspace.bundle, entries: """
        [('manifest.xml', \(pythonBytes(listed)), None),
         ('doc.xml', \(pythonBytes(first)), None),
         ('doc.xml', \(pythonBytes(second)), None)]
        """)
    let rejected = try rejection(workspace)
    #expect(rejected.code == .entryNameAmbiguous)
    #expect(rejected.entryIndex == 3)
    #expect(rejected.entryName == "doc.xml")
    #expect(try workspace.staged().isEmpty)
}

@Test(arguments: [
    ("Doc1.xml", "doc1.xml"),
    ("Docs/a.xml", "docs/a.xml"),
    ("\u{E4}.xml", "a\u{308}.xml"),  // NFC and NFD of "ä.xml"
    ("STRASSE.xml", "stra\u{DF}e.xml"),
    ("\u{C4}.xml", "\u{E4}.xml"),
])
func namesDifferingOnlyInCaseOrNormalisationAreAmbiguous(first: String, second: String)
    throws
{
    let workspace = try Workspace()
    let (a, b) = (try Payload.document(0), try Payload.document(1))
    // Python writes names byte for byte (libarchive's writer would compose the NFD one).
    let listed = try manifest(listing: [(first, a), (second, b)])
    try pythonZip(workspace.bundle, entries: """
        [('manifest.xml', \(pythonBytes(listed)), None),
         (\(pythonString(first)), \(pythonBytes(a)), None),
         (\(pythonString(second)), \(pythonBytes(b)), None)]
        """)
    let rejected = try rejection(workspace)
    #expect(rejected.code == .entryNameAmbiguous)
    #expect(rejected.entryIndex == 3)
    // libarchive hands out UTF-8 names composed (NFC), so either form may be shown.
    let shown = [second, second.precomposedStringWithCanonicalMapping].map {
        EntryName.escape(Array($0.utf8))
    }
    #expect(shown.contains(rejected.entryName ?? ""))
}

@Test func sameFileNameInDifferentFoldersIsNotAmbiguous() throws {
    let workspace = try Workspace()
    let (a, b) = (try Payload.document(0), try Payload.document(1))
    try writeBundle(workspace.bundle, [("a/doc.xml", a), ("b/doc.xml", b)])
    #expect(try contents(workspace).entries.map(\.listed.path) == ["a/doc.xml", "b/doc.xml"])
}

// Z8: a name in code page 437 without the UTF-8 flag is decoded by the documented rule.

/// Writes a bundle whose second entry's stored name is `raw` (no UTF-8 flag) holding
/// `document`, with a manifest listing `listedName`.
private func bundleWithRawName(_ raw: [UInt8], document: [UInt8], listedName: String,
                               in workspace: Workspace) throws {
    let placeholder = String(repeating: "Q", count: raw.count - 4) + ".xml"
    try pythonZip(workspace.bundle, entries: """
        [('manifest.xml', \(pythonBytes(try manifest(listing: [(listedName, document)]))), None),
         ('\(placeholder)', \(pythonBytes(document)), None)]
        """)
    var bytes = try workspace.bundleBytes()
    let needle = Array(placeholder.utf8)
    var found = 0
    var offset = 0
    while offset + needle.count <= bytes.count {
        if bytes[offset..<(offset + needle.count)].elementsEqual(needle) {
            bytes.replaceSubrange(offset..<(offset + needle.count), with: raw)
            found += 1
        }
        offset += 1
    }
    try #require(found == 2)  // local header and central directory
    try workspace.writeBundle(bytes)
}

/// Runs `body` with the C locale on this thread, as under `env -i` (cron).
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

/// 0x84 0x94 0x81 0x8E are ä ö ü Ä in code page 437.
private let codePage437Name: [UInt8] = [0x84, 0x94, 0x81, 0x8E] + Array(".xml".utf8)

@Test func codePage437NameIsReadAsCodePage437InTheCLocale() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try bundleWithRawName(codePage437Name, document: document, listedName: "äöüÄ.xml",
                          in: workspace)
    let read = try inTheCLocale { try contents(workspace) }
    #expect(read.entries.map(\.listed.path) == ["äöüÄ.xml"])
    let staged = try #require(read.entries.first?.stagedPath)
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: staged))) == document)
}

@Test func codePage437NameOfAnUnlistedFileIsShownEscaped() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    // The manifest lists the document under a second, plain name; the CP437 entry is extra.
    try pythonZip(workspace.bundle, entries: """
        [('manifest.xml', \(pythonBytes(try manifest(listing: [("plain.xml", document)]))),
          None),
         ('plain.xml', \(pythonBytes(document)), None),
         ('QQQQ.xml', b'<x/>', None)]
        """)
    var bytes = try workspace.bundleBytes()
    let needle = Array("QQQQ.xml".utf8)
    var found = 0
    for offset in 0...(bytes.count - needle.count)
    where bytes[offset..<(offset + needle.count)].elementsEqual(needle) {
        bytes.replaceSubrange(offset..<(offset + needle.count), with: codePage437Name)
        found += 1
    }
    try #require(found == 2)  // local header and central directory
    try workspace.writeBundle(bytes)

    let rejected = try inTheCLocale { try rejection(workspace) }
    #expect(rejected.code == .manifestEntryUnlisted)
    #expect(rejected.entryIndex == 3)
    #expect(rejected.entryName == #"\x84\x94\x81\x8e.xml"#)
}

// Z9: desktop junk is ignored by a fixed list, shown as ignored, and never parsed.

@Test func junkBesideADocumentIsIgnoredAndListed() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    let appleDouble: [UInt8] = [0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00] + Array(
        "Mac OS X        ".utf8)
    let junk: [(String, [UInt8])] = [
        ("__MACOSX/._doc.xml", appleDouble),
        ("__MACOSX/docs/anything.xml", Array("<not-listed/>".utf8)),
        (".DS_Store", [0x00, 0x00, 0x00, 0x01, 0x42, 0x75, 0x64, 0x31]),
        ("Thumbs.db", [0xD0, 0xCF, 0x11, 0xE0]),
        ("docs/desktop.ini", Array("[.ShellClassInfo]\r\n".utf8)),
        ("docs/._doc.xml", appleDouble),
    ]
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("docs/doc.xml", document)])),
        junk[0], junk[1], ("docs/doc.xml", document), junk[2], junk[3], junk[4], junk[5],
    ])

    let read = try contents(workspace)
    #expect(read.ignored == junk.map(\.0))
    #expect(read.entries.map(\.listed.path) == ["docs/doc.xml"])
    #expect(read.entries.map(\.index) == [4])
    // Only the manifest and the document were unpacked; junk never reaches staging.
    #expect(try workspace.staged() == ["1", "4"])
}

@Test func damagedJunkIsStillFoundBecauseItIsReadToTheEnd() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("doc.xml", document)])),
        (".DS_Store", [UInt8](repeating: 0x42, count: 4_000)),
        ("doc.xml", document),
    ], options: .init(compression: .store))
    var bytes = try workspace.bundleBytes()
    let layout = try ZipLayout(bytes)
    bytes[ZipLayout.dataStart(bytes, local: layout.locals[1]) + 100] ^= 0x01
    try workspace.writeBundle(bytes)

    let rejected = try rejection(workspace)
    #expect(rejected.code == .bundleCorrupt)
    #expect(rejected.entryIndex == 2)
    #expect(rejected.entryName == ".DS_Store")
}

@Test func folderEntriesAreSkipped() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    let writer = try ZipWriter(path: workspace.bundle)
    try writer.addDirectory(path: "docs")
    try writer.add(path: "manifest.xml", bytes: try manifest(listing: [("docs/a.xml", document)]))
    try writer.add(path: "docs/a.xml", bytes: document)
    try writer.finish()
    let read = try contents(workspace)
    #expect(read.entries.map(\.index) == [3])
    #expect(read.ignored.isEmpty)
}
