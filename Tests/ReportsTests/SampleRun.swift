import Domain
import Files
import Foundation
import Pipeline
import Samples
import Storage

/// An osva root after one run on the sample bundles (built from the real Kanta corpus).
struct SampleRun {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/kanta/documents").path

    let root: String
    let layout: Layout
    let started: Date
    let ended: Date

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-report-\(UUID().uuidString)").path
        layout = Layout(root: root)
        _ = try SampleSet.write(corpus: Self.corpus, to: layout.inbox)
        for folder in layout.folders { try DurableFile.makeFolder(folder) }
        let grants = GrantStore(try Database(path: layout.database))
        for register in SampleSet.controlledRegisters {
            _ = try grants.addRegister(ControlledRegister(
                organiser: SampleSet.organiser.id, controller: register.controller,
                type: register.type))
        }
        var options = RunOptions(root: root)
        options.settle = 0
        started = Date().addingTimeInterval(-1)
        _ = try NightlyRun(options: options, log: Log(threshold: .error),
                           report: { _, _ in }).execute()
        ended = Date().addingTimeInterval(1)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    func database() throws -> Database { try Database(path: layout.database) }
}

/// Runs a program and returns its exit status and output; nil when it is not installed.
func runProgram(_ path: String, _ arguments: [String], stdin: String? = nil) throws
    -> (status: Int32, stdout: String, stderr: String)?
{
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, stdout, stderr)
}
