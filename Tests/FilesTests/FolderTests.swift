#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import Foundation
import Testing

/// `makeFolder`, `syncFolder` and `syncFile`.
@Suite struct FolderTests {
    @Test func makeFolderCreatesTheParentsToo() throws {
        let folder = try TemporaryFolder()
        let deep = folder.file("Outbox/1.2.246.10.1/nested")
        try DurableFile.makeFolder(deep)
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: deep, isDirectory: &isFolder))
        #expect(isFolder.boolValue)
    }

    @Test func makeFolderTwiceKeepsWhatIsInside() throws {
        let folder = try TemporaryFolder()
        let outbox = folder.file("Outbox")
        try DurableFile.makeFolder(outbox)
        try plainWrite("receipt", to: outbox + "/r.xml")
        try DurableFile.makeFolder(outbox)
        try DurableFile.makeFolder(outbox + "/")
        #expect(try folder.names(in: outbox) == ["r.xml"])
        #expect(bytes(at: outbox + "/r.xml") == Array("receipt".utf8))
    }

    @Test func makeFolderWhereAFileIsFailsForThatPath() throws {
        let folder = try TemporaryFolder()
        try plainWrite("not a folder", to: folder.file("Outbox"))
        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.makeFolder(folder.file("Outbox"))
        })
        #expect(error.step == .write)
        #expect(error.path == folder.file("Outbox"))
        #expect(bytes(at: folder.file("Outbox")) == Array("not a folder".utf8))
    }

    @Test(.enabled(if: Machine.enforcesPermissions, "folder permissions do not apply (root)"))
    func makeFolderInsideAReadOnlyFolderFails() throws {
        let folder = try TemporaryFolder()
        chmod(folder.path, 0o555)
        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.makeFolder(folder.file("Outbox/sender"))
        })
        #expect(error.step == .write)
        #expect(error.path == folder.file("Outbox/sender"))
    }

    @Test func syncsSucceedOnExistingPaths() throws {
        let folder = try TemporaryFolder()
        try plainWrite("x", to: folder.file("x"))
        try DurableFile.syncFile(folder.file("x"))
        try DurableFile.syncFolder(folder.path)
    }

    @Test func syncOfAMissingPathFailsAtSync() throws {
        let folder = try TemporaryFolder()
        let missing = folder.file("missing")
        let errors = [
            fileError { () throws(FileError) in try DurableFile.syncFile(missing) },
            fileError { () throws(FileError) in try DurableFile.syncFolder(missing) },
        ]
        for error in errors {
            #expect(error?.step == .sync)
            #expect(error?.path == missing)
            #expect(error?.code == ENOENT)
        }
    }

    @Test func errorsSayWhetherTheDiskIsFull() {
        #expect(FileError(.write, path: "/x", errno: ENOSPC).isDiskFull)
        #expect(FileError(.sync, path: "/x", errno: EDQUOT).isDiskFull)
        #expect(!FileError(.write, path: "/x", errno: EACCES).isDiskFull)
        let text = FileError(.rename, path: "/srv/osva/Outbox/r.xml", errno: EACCES).description
        #expect(text.hasPrefix("rename failed for /srv/osva/Outbox/r.xml"))
    }
}
