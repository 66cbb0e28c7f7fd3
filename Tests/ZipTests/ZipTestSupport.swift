import Foundation
import Testing
import Zip

/// A private folder for one test, removed when the value goes away.
final class Scratch {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "osva-zip-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func path(_ name: String) -> String {
        folder + "/" + name
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    func read(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}

/// What reading one entry to its end gave: its data, or the error kind.
struct ReadOutcome {
    let entry: ZipEntry
    let data: [UInt8]
    let error: ZipError?
}

/// Reads every entry of `path` to its end, recording per-entry errors and moving on.
func readEverything(_ path: String, maxBytes: Int64 = 64 << 20) throws -> [ReadOutcome] {
    let reader = try ZipReader(path: path)
    var outcomes: [ReadOutcome] = []
    while let entry = try reader.nextEntry() {
        var data: [UInt8] = []
        do {
            _ = try reader.readData(maxBytes: maxBytes) { data.append(contentsOf: $0) }
            outcomes.append(ReadOutcome(entry: entry, data: data, error: nil))
        } catch let error as ZipError {
            outcomes.append(ReadOutcome(entry: entry, data: data, error: error))
        }
    }
    return outcomes
}

/// The kind of the ZipError `body` throws, or `nil` when it throws none.
func zipErrorKind(_ body: () throws -> Void) -> ZipError.Kind? {
    do {
        try body()
        return nil
    } catch let error as ZipError {
        return error.kind
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Runs `python3 -c script arguments…` and returns its standard output.
@discardableResult
func python(_ script: String, _ arguments: String...) throws -> [UInt8] {
    try run(["python3", "-c", script] + arguments)
}

/// Runs a command found on PATH and returns its standard output; it must exit 0.
@discardableResult
func run(_ command: [String], environment: [String: String]? = nil) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    if let environment {
        process.environment = environment
    }
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(command.prefix(2)) failed")
    return [UInt8](data)
}

/// Offsets at which `signature` occurs in `bytes`.
func offsets(of signature: [UInt8], in bytes: [UInt8]) -> [Int] {
    guard let first = signature.first, bytes.count >= signature.count else {
        return []
    }
    return bytes.withUnsafeBufferPointer { buffer in
        var found: [Int] = []
        for start in 0...(buffer.count - signature.count) where buffer[start] == first {
            var index = 1
            while index < signature.count && buffer[start + index] == signature[index] {
                index += 1
            }
            if index == signature.count {
                found.append(start)
            }
        }
        return found
    }
}

let localHeaderSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
let centralHeaderSignature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]

/// Writes a little-endian 32-bit value into `bytes` at `offset`.
func patch32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
    for shift in 0..<4 {
        bytes[offset + shift] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(shift)))
    }
}

/// Writes a little-endian 16-bit value into `bytes` at `offset`.
func patch16(_ bytes: inout [UInt8], at offset: Int, _ value: UInt16) {
    bytes[offset] = UInt8(truncatingIfNeeded: value)
    bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
}

/// The Kanta test documents shipped with the tests.
func kantaDocuments() throws -> [String] {
    let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kanta/documents")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".xml") }
        .sorted()
        .map { folder.appendingPathComponent($0).path }
}
