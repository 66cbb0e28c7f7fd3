#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import Foundation
import Testing

/// `DurableFile.move` and `copy`: within a folder, across folders and across file systems.
@Suite struct DurableMoveTests {
    @Test func moveWithinAFolderRenamesTheFile() throws {
        let folder = try TemporaryFolder()
        try plainWrite("bundle", to: folder.file("x.zip"))
        try DurableFile.move(folder.file("x.zip"), to: folder.file("20261204--x.zip"))
        #expect(try folder.names() == ["20261204--x.zip"])
        #expect(bytes(at: folder.file("20261204--x.zip")) == Array("bundle".utf8))
    }

    @Test func moveAcrossFoldersKeepsTheBytes() throws {
        let folder = try TemporaryFolder()
        let inbox = folder.file("Inbox/1.2.246.10.1")
        let claimed = folder.file("Claimed/1.2.246.10.1")
        try DurableFile.makeFolder(inbox)
        try DurableFile.makeFolder(claimed)
        let content = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(content).write(to: URL(fileURLWithPath: inbox + "/x.zip"))

        try DurableFile.move(inbox + "/x.zip", to: claimed + "/t--x.zip")
        #expect(try folder.names(in: inbox) == [])
        #expect(try folder.names(in: claimed) == ["t--x.zip"])
        #expect(bytes(at: claimed + "/t--x.zip") == content)
    }

    @Test func moveOntoAnExistingFileFailsAndTouchesNeither() throws {
        let folder = try TemporaryFolder()
        try plainWrite("source", to: folder.file("a"))
        try plainWrite("destination", to: folder.file("b"))
        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.move(folder.file("a"), to: folder.file("b"))
        })
        #expect(error.step == .exists)
        #expect(error.path == folder.file("b"))
        #expect(error.code == EEXIST)
        #expect(bytes(at: folder.file("a")) == Array("source".utf8))
        #expect(bytes(at: folder.file("b")) == Array("destination".utf8))
    }

    @Test func moveOfAMissingSourceFailsAtRename() throws {
        let folder = try TemporaryFolder()
        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.move(folder.file("gone.zip"), to: folder.file("b"))
        })
        #expect(error.step == .rename)
        #expect(error.path == folder.file("gone.zip"))
        #expect(error.code == ENOENT)
        #expect(try folder.names() == [])
    }

    @Test(.enabled(if: Machine.otherFileSystem != nil, "no second file system to move across"))
    func moveAcrossFileSystemsCopiesThenRemovesTheSource() throws {
        let other = try TemporaryFolder(under: try #require(Machine.otherFileSystem))
        let folder = try TemporaryFolder()
        try #require(Machine.device(of: other.path) != Machine.device(of: folder.path))
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        try Data(content).write(to: URL(fileURLWithPath: other.file("x.zip")))

        try DurableFile.move(other.file("x.zip"), to: folder.file("x.zip"))
        #expect(try other.names() == [])
        #expect(try folder.names() == ["x.zip"])
        #expect(bytes(at: folder.file("x.zip")) == content)
    }

    @Test func copyLeavesTheSourceAndReplacesTheDestination() throws {
        let folder = try TemporaryFolder()
        try plainWrite("new", to: folder.file("source"))
        try plainWrite("an older and longer file", to: folder.file("copy"))
        try DurableFile.copy(folder.file("source"), to: folder.file("copy"))
        #expect(bytes(at: folder.file("source")) == Array("new".utf8))
        #expect(bytes(at: folder.file("copy")) == Array("new".utf8))
        #expect(try folder.names() == ["copy", "source"])
    }

    @Test func copyOfAMissingSourceFailsAtReadAndCreatesNothing() throws {
        let folder = try TemporaryFolder()
        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.copy(folder.file("gone"), to: folder.file("copy"))
        })
        #expect(error.step == .read)
        #expect(error.path == folder.file("gone"))
        #expect(error.code == ENOENT)
        #expect(try folder.names() == [])
    }
}
