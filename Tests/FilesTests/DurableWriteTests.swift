#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import Foundation
import Testing

/// `DurableFile.write`: a reader sees the old file or the whole new one, never a part, and no
/// temporary file is left behind, whether the write succeeds or fails.
@Suite struct DurableWriteTests {
    @Test func writeCreatesAFileWithExactlyTheBytes() throws {
        let folder = try TemporaryFolder()
        let every = (0...255).map { UInt8($0) }
        try DurableFile.write(every, to: folder.file("all-bytes"))
        #expect(bytes(at: folder.file("all-bytes")) == every)
        #expect(try folder.names() == ["all-bytes"])
    }

    @Test func writeOfNothingCreatesAnEmptyFile() throws {
        let folder = try TemporaryFolder()
        try DurableFile.write([UInt8](), to: folder.file("empty"))
        #expect(bytes(at: folder.file("empty")) == [])
    }

    @Test func writeReplacesALongerFileWhole() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("receipt.xml")
        try plainWrite(String(repeating: "old content ", count: 1000), to: path)
        try DurableFile.write(Array("new".utf8), to: path)
        #expect(bytes(at: path) == Array("new".utf8))
        #expect(try folder.names() == ["receipt.xml"])
    }

    @Test func repeatedWritesLeaveOnlyTheTarget() throws {
        let folder = try TemporaryFolder()
        for round in 0..<20 {
            try DurableFile.write(Array("round \(round)".utf8), to: folder.file("a"))
            try DurableFile.write(Array("round \(round)".utf8), to: folder.file("b"))
        }
        #expect(try folder.names() == ["a", "b"])
        #expect(bytes(at: folder.file("b")) == Array("round 19".utf8))
    }

    @Test func aReaderSeesTheOldOrTheNewFileNeverAPart() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("receipt.xml")
        let old = [UInt8](repeating: UInt8(ascii: "o"), count: 1 << 20)
        let new = [UInt8](repeating: UInt8(ascii: "n"), count: 3 << 18)
        try DurableFile.write(old, to: path)

        let writer = Task.detached {
            var round = 0
            while !Task.isCancelled {
                try DurableFile.write(round % 2 == 0 ? new : old, to: path)
                round += 1
            }
            return round
        }
        var seen = (old: 0, new: 0, other: 0)
        // Generous: every write is synced, which a busy disk can make slow.
        let deadline = ContinuousClock.now + .seconds(60)
        while (seen.old < 5 || seen.new < 5) && ContinuousClock.now < deadline {
            let read = bytes(at: path)
            if read == old {
                seen.old += 1
            } else if read == new {
                seen.new += 1
            } else {
                seen.other += 1
            }
        }
        writer.cancel()
        let writes = try await writer.value

        #expect(seen.other == 0, "a reader saw a missing or partial file")
        #expect(seen.new > 0 && writes > 1)
        #expect(try folder.names() == ["receipt.xml"])
    }

    @Test func writeIntoAMissingFolderFailsAtWriteInsideThatFolder() throws {
        let folder = try TemporaryFolder()
        let missing = folder.file("Outbox")
        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.write(Array("x".utf8), to: missing + "/r.xml")
        })
        #expect(error.step == .write)
        #expect(error.code == ENOENT)
        #expect(error.path.hasPrefix(missing + "/"))
        #expect(!error.isDiskFull)
        #expect(try folder.names() == [])
    }

    @Test func writeOntoAFolderFailsAtRenameAndRemovesTheTemporaryFile() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("taken")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try plainWrite("inside", to: target + "/file")

        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.write(Array("x".utf8), to: target)
        })
        #expect(error.step == .rename)
        #expect(error.path == target)
        #expect(try folder.names() == ["taken"])
        #expect(try folder.names(in: target) == ["file"])
    }

    @Test(.enabled(if: Machine.enforcesPermissions, "folder permissions do not apply (root)"))
    func writeIntoAReadOnlyFolderFailsAndKeepsTheOldFile() throws {
        let folder = try TemporaryFolder()
        let outbox = folder.file("Outbox")
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: false)
        try plainWrite("old", to: outbox + "/r.xml")
        chmod(outbox, 0o555)

        let error = try #require(fileError { () throws(FileError) in
            try DurableFile.write(Array("new".utf8), to: outbox + "/r.xml")
        })
        #expect(error.step == .write)
        #expect(error.code == EACCES)
        #expect(error.path.hasPrefix(outbox + "/"))
        #expect(bytes(at: outbox + "/r.xml") == Array("old".utf8))
        #expect(try folder.names(in: outbox) == ["r.xml"])
    }
}
