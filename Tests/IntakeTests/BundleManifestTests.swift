import Domain
import Foundation
import Hashing
import Intake
import Testing
import Zip

// A good bundle, and the manifest rules that reject a bundle as a whole.

@Test func goodBundleIsReadInManifestOrderWithCorrectStagedFiles() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(3)
    let files = [("docs/a.xml", documents[0]), ("docs/b.xml", documents[1]),
                 ("auth/c.xml", documents[2])]
    // The manifest lists them in another order than the archive holds them.
    let listed = [files[2], files[0], files[1]]
    try writeZip(workspace.bundle, [("manifest.xml", try manifest(listing: listed))] + files)

    let read = try contents(workspace)
    #expect(read.manifest.sender == testSender)
    #expect(read.entries.map(\.listed.path) == ["auth/c.xml", "docs/a.xml", "docs/b.xml"])
    #expect(read.entries.map(\.index) == [4, 2, 3])
    #expect(read.ignored.isEmpty)
    for (entry, (_, bytes)) in zip(read.entries, listed) {
        // Staging names are osva's own: the entry index, never the entry's name.
        #expect(entry.stagedPath == workspace.staging + "/\(entry.index)")
        #expect(entry.size == Int64(bytes.count))
        #expect(try SHA256Hasher.digest(ofFile: entry.stagedPath).hex == sha256(bytes))
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: entry.stagedPath))) == bytes)
    }
}

@Test func manifestWithoutSizesIsRead() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("doc.xml", document)], sizes: false)),
        ("doc.xml", document),
    ])
    #expect(try contents(workspace).entries.first?.size == Int64(document.count))
}

@Test func bundleWithoutAManifestIsRejected() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try writeZip(workspace.bundle, [("doc.xml", document)])
    #expect(try rejection(workspace).code == .manifestMissing)
    #expect(try workspace.staged().isEmpty)
}

@Test(arguments: ["Manifest.xml", "docs/manifest.xml", "MANIFEST.XML"])
func manifestNotExactlyAtTheRootIsMissing(name: String) throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try writeZip(workspace.bundle, [
        (name, try manifest(listing: [("doc.xml", document)])), ("doc.xml", document),
    ])
    #expect(try rejection(workspace).code == .manifestMissing)
}

@Test func emptyZipHasNoManifest() throws {
    let workspace = try Workspace()
    try writeZip(workspace.bundle, [])
    #expect(try rejection(workspace).code == .manifestMissing)
}

@Test(arguments: [
    "this is not xml",
    #"<manifest xmlns="urn:osva:bundle:1" version="1"/>"#,
    #"<?xml version="1.0"?><other xmlns="urn:example"/>"#,
])
func manifestThatIsNotValidIsRejected(text: String) throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try writeZip(workspace.bundle, [("doc.xml", document), ("manifest.xml", Array(text.utf8))])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .manifestInvalid)
    #expect(rejected.entryIndex == 2)
    #expect(rejected.entryName == "manifest.xml")
    #expect(!rejected.detail.isEmpty)
    #expect(try workspace.staged().isEmpty)
}

@Test func manifestWithAnUpperCaseHashIsInvalid() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    let text = String(decoding: try manifest(listing: [("doc.xml", document)]), as: UTF8.self)
    let upper = text.replacingOccurrences(of: try sha256(document),
                                          with: try sha256(document).uppercased())
    try writeZip(workspace.bundle, [("manifest.xml", Array(upper.utf8)), ("doc.xml", document)])
    #expect(try rejection(workspace).code == .manifestInvalid)
}

@Test func listedFileThatIsNotInTheBundleIsMissing() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(2)
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("a.xml", documents[0]),
                                                ("gone/b.xml", documents[1])])),
        ("a.xml", documents[0]),
    ])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .manifestEntryMissing)
    #expect(rejected.entryName == "gone/b.xml")
    #expect(rejected.entryIndex == nil)
    #expect(try workspace.staged().isEmpty)
}

@Test func listedNameMatchesOnlyExactly() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("Doc.xml", document)])),
        ("doc.xml", document),
    ])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .manifestEntryMissing)
    #expect(rejected.entryName == "Doc.xml")
}

@Test func fileTheManifestDoesNotListIsUnlisted() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(2)
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("a.xml", documents[0])])),
        ("a.xml", documents[0]),
        ("extra/b.xml", documents[1]),
    ])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .manifestEntryUnlisted)
    #expect(rejected.entryIndex == 3)
    #expect(rejected.entryName == "extra/b.xml")
    #expect(try workspace.staged().isEmpty)
}

@Test func fileWithAnotherHashThanListedIsAMismatch() throws {
    let workspace = try Workspace()
    let documents = try Payload.documents(2)
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("a.xml", documents[0]),
                                                ("b.xml", documents[1])])),
        ("a.xml", documents[0]),
        ("b.xml", documents[0]),
    ])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .manifestHashMismatch)
    #expect(rejected.entryIndex == 3)
    #expect(rejected.entryName == "b.xml")
    #expect(try workspace.staged().isEmpty)
}

@Test func oneChangedByteIsAHashMismatch() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    var changed = document
    changed[changed.count / 2] ^= 0x01
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("a.xml", document)], sizes: false)),
        ("a.xml", changed),
    ])
    #expect(try rejection(workspace).code == .manifestHashMismatch)
}

@Test func listedSizeThatDiffersFromTheFileIsInvalid() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    let text = String(decoding: try manifest(listing: [("a.xml", document)]), as: UTF8.self)
    let wrong = text.replacingOccurrences(of: #"size="\#(document.count)""#,
                                          with: #"size="\#(document.count + 1)""#)
    try #require(wrong != text)
    try writeZip(workspace.bundle, [("manifest.xml", Array(wrong.utf8)), ("a.xml", document)])
    let rejected = try rejection(workspace)
    #expect(rejected.code == .manifestInvalid)
    #expect(rejected.entryName == "manifest.xml")
}

@Test func junkListedInTheManifestIsMissing() throws {
    let workspace = try Workspace()
    let document = try Payload.document()
    try writeZip(workspace.bundle, [
        ("manifest.xml", try manifest(listing: [("Thumbs.db", document)])),
        ("Thumbs.db", document),
    ])
    #expect(try rejection(workspace).code == .manifestEntryMissing)
}
