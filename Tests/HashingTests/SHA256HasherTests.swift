import Foundation
import Hashing
import Testing

/// Published FIPS 180 examples; constants from the standard, not produced by this code.
private let emptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
private let abcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
private let twoBlockMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
private let twoBlockDigest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"

@Test func emptyInputHasThePublishedDigest() throws {
    #expect(try SHA256Hasher.digest(of: []).hex == emptyDigest)
}

@Test func abcHasThePublishedDigest() throws {
    #expect(try SHA256Hasher.digest(of: Array("abc".utf8)).hex == abcDigest)
}

@Test func twoBlockMessageHasThePublishedDigest() throws {
    #expect(try SHA256Hasher.digest(of: Array(twoBlockMessage.utf8)).hex == twoBlockDigest)
}

@Test func piecesFedOneByOneGiveTheOneShotDigest() throws {
    let message = Array(twoBlockMessage.utf8)
    let hasher = try SHA256Hasher()
    var start = 0
    for size in [1, 0, 7, 13, 64] {
        let end = min(start + size, message.count)
        hasher.update(Array(message[start..<end]))
        start = end
    }
    hasher.update(Array(message[start...]))
    #expect(hasher.finish().hex == twoBlockDigest)
}

@Test func finishStartsTheNextDigestFromEmptyInput() throws {
    let hasher = try SHA256Hasher()
    hasher.update(Array("something else".utf8))
    _ = hasher.finish()
    hasher.update(Array("abc".utf8))
    #expect(hasher.finish().hex == abcDigest)
    #expect(hasher.finish().hex == emptyDigest)
}

@Test func fileDigestMatchesSha256sumOnAKantaDocument() throws {
    let path = try firstKantaDocument()
    let expected = try sha256sum(path)
    #expect(try SHA256Hasher.digest(ofFile: path).hex == expected)
}

@Test func fileDigestMatchesOneShotDigestOfTheSameBytes() throws {
    let path = try firstKantaDocument()
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(try SHA256Hasher.digest(ofFile: path) == SHA256Hasher.digest(of: bytes))
}

@Test func fileSpanningManyChunksStreamsToTheOneShotDigest() throws {
    // Several 64 KiB reads plus a ragged tail, with content that differs per chunk.
    let bytes = (0..<(3 * 65_536 + 1_234)).map {
        UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 16)
    }
    let path = try temporaryFile(named: "chunks.bin", contents: bytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(try SHA256Hasher.digest(ofFile: path) == SHA256Hasher.digest(of: bytes))
    #expect(try SHA256Hasher.digest(ofFile: path).hex == sha256sum(path))
}

@Test func missingFileIsAnIOError() {
    let path = NSTemporaryDirectory() + "osva-hashing-missing-\(UUID().uuidString)"
    #expect {
        _ = try SHA256Hasher.digest(ofFile: path)
    } throws: { error in
        (error as? HashingError)?.kind == .io && (error as? HashingError)?.path == path
    }
}

@Test func directoryIsRefusedAsNotARegularFile() {
    #expect {
        _ = try SHA256Hasher.digest(ofFile: NSTemporaryDirectory())
    } throws: { error in
        (error as? HashingError)?.kind == .io
    }
}

@Test func fifoIsRefusedWithoutWaitingForAWriter() throws {
    let path = NSTemporaryDirectory() + "osva-hashing-fifo-\(UUID().uuidString)"
    #expect(mkfifo(path, 0o600) == 0)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
        _ = try SHA256Hasher.digest(ofFile: path)
    } throws: { error in
        (error as? HashingError)?.kind == .io
    }
}

@Test func hexRoundTripsAndIsLowercase() throws {
    let digest = try #require(SHA256Digest(hex: abcDigest.uppercased()))
    #expect(digest.hex == abcDigest)
    #expect(digest.description == abcDigest)
    #expect(digest == SHA256Digest(hex: abcDigest))
    #expect(digest.bytes.first == 0xBA)
}

@Test(arguments: [
    "",
    String(abcDigest.dropLast()),
    abcDigest + "0",
    "g" + String(abcDigest.dropFirst()),
    " " + String(abcDigest.dropFirst()),
    "0x" + String(abcDigest.dropFirst(2)),
])
func malformedHexIsNotADigest(text: String) {
    #expect(SHA256Digest(hex: text) == nil)
}

@Test func bytesOfTheWrongCountAreNotADigest() {
    #expect(SHA256Digest(bytes: [UInt8](repeating: 0, count: 31)) == nil)
    #expect(SHA256Digest(bytes: [UInt8](repeating: 0, count: 33)) == nil)
    #expect(SHA256Digest(bytes: [UInt8](repeating: 0, count: 32)) != nil)
}

// MARK: - Helpers

private func fixturesFolder() -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}

private func firstKantaDocument() throws -> String {
    let folder = fixturesFolder().appendingPathComponent("kanta/documents")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".xml") }
        .sorted()
    let name = try #require(names.first)
    return folder.appendingPathComponent(name).path
}

private func temporaryFile(named name: String, contents: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "osva-hashing-\(UUID().uuidString)-\(name)"
    try Data(contents).write(to: URL(fileURLWithPath: path))
    return path
}

/// Runs the system's `sha256sum` and returns its hexadecimal digest.
private func sha256sum(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", "--", path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    let text = String(decoding: data, as: UTF8.self)
    return String(text.prefix { $0 != " " })
}
