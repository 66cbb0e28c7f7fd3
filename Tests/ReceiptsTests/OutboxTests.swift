#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Domain
import Files
import Foundation
import Receipts
import Testing

/// `Outbox`: receipts appear whole in `Outbox/<sender>/`, named after their claim.
@Suite final class OutboxTests {
    /// A fresh folder for the test, removed afterwards.
    let root: String

    init() throws {
        root = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("osva-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The names in `folder`, sorted, hidden ones included.
    func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test(arguments: [
        ("20261204T013000Z--kaynnit.zip", "20261204T013000Z--kaynnit.receipt.xml"),
        ("20261204T013000Z--KAYNNIT.ZIP", "20261204T013000Z--KAYNNIT.receipt.xml"),
        ("t--x.Zip", "t--x.receipt.xml"),
        ("t--x.zip.zip", "t--x.zip.receipt.xml"),
        ("t--bundle", "t--bundle.receipt.xml"),
        ("t--bundlezip", "t--bundlezip.receipt.xml"),
        ("t--äiti.zip", "t--äiti.receipt.xml"),
    ])
    func theReceiptIsNamedAfterTheClaim(claim: String, receipt: String) {
        #expect(Outbox.receiptName(forClaim: claim) == receipt)
    }

    @Test func aReceiptIsWrittenWholeIntoTheSendersFolder() throws {
        let result = ReceiptCase.someRejected.result
        let name = Outbox.receiptName(forClaim: "20261204T013000Z--kaynnit.zip")
        let path = try Outbox(root: root + "/Outbox").write(result, name: name)

        let folder = root + "/Outbox/" + result.sender
        #expect(path == folder + "/20261204T013000Z--kaynnit.receipt.xml")
        #expect(try names(root + "/Outbox") == [result.sender])
        // The readable rendering sits beside the receipt.
        #expect(try names(folder) == ["20261204T013000Z--kaynnit.receipt.html",
                                      "20261204T013000Z--kaynnit.receipt.xml"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == ReceiptXML.render(result))
        let receipt = try ReceiptReader(text)
        #expect(receipt.issues == [])
        #expect(try receipt.result() == result)
    }

    @Test func writingTheSameReceiptAgainLeavesOneFile() throws {
        let outbox = Outbox(root: root)
        var result = ReceiptCase.someRejected.result
        try outbox.write(result, name: "t--x.receipt.xml")
        result.processed = instant("2026-12-05T01:00:00Z")
        try outbox.write(result, name: "t--x.receipt.xml")

        let folder = root + "/" + result.sender
        #expect(try names(folder) == ["t--x.receipt.html", "t--x.receipt.xml"])
        let receipt = try ReceiptReader(
            try String(contentsOfFile: folder + "/t--x.receipt.xml", encoding: .utf8))
        #expect(try receipt.result().processed == instant("2026-12-05T01:00:00Z"))
    }

    @Test func eachSenderGetsItsOwnFolder() throws {
        let outbox = Outbox(root: root)
        try outbox.write(Sample.result(sender: Sample.provider), name: "a.receipt.xml")
        try outbox.write(Sample.result(sender: Sample.organiser), name: "a.receipt.xml")
        #expect(try names(root) == [Sample.organiser, Sample.provider].sorted())
        #expect(try names(root + "/" + Sample.provider) == ["a.receipt.html", "a.receipt.xml"])
        #expect(try names(root + "/" + Sample.organiser) == ["a.receipt.html", "a.receipt.xml"])
    }

    @Test func anOutboxThatIsAFileFailsWithAFileError() throws {
        let blocked = root + "/Outbox"
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocked))
        let result = Sample.result()
        #expect {
            try Outbox(root: blocked).write(result, name: "t--x.receipt.xml")
        } throws: { error in
            let error = error as? FileError
            return error?.step == .write && error?.path == blocked + "/" + result.sender
        }
        #expect(try names(root) == ["Outbox"])
    }

    @Test(.enabled(if: enforcesPermissions(), "folder permissions do not apply (root)"))
    func aReadOnlyOutboxFailsWithAFileErrorAndWritesNothing() throws {
        let result = Sample.result()
        let folder = root + "/" + result.sender
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        chmod(folder, 0o555)
        defer { chmod(folder, 0o755) }
        #expect {
            try Outbox(root: root).write(result, name: "t--x.receipt.xml")
        } throws: { error in
            let error = error as? FileError
            return error?.step == .write && error?.code == EACCES
                && error?.path.hasPrefix(folder + "/") == true
        }
        #expect(try names(folder) == [])
    }
}

/// True when a file cannot be created in a folder with mode 0555 (false for root).
func enforcesPermissions() -> Bool {
    let folder = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("osva-probe-\(UUID().uuidString)")
    guard mkdir(folder, 0o555) == 0 else { return false }
    defer { rmdir(folder) }
    let fd = open(folder + "/probe", O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd < 0 else {
        close(fd)
        unlink(folder + "/probe")
        return false
    }
    return errno == EACCES
}
