import Domain
import Files
import Foundation
import Pipeline
import Storage

/// The subcommands of `osva`.
enum Command {
    static let valued: Set<String> = [
        "root", "log-level", "settle-seconds", "grace-days", "busy-timeout", "max-attempts",
        "max-bundle-mb", "max-entry-mb", "max-unpacked-mb", "max-entries", "max-ratio",
        "max-xml-depth", "organiser", "controller", "type", "out", "patient", "corpus",
        "metrics-file", "from", "to", "limit", "party",
    ]
    static let flags: Set<String> = ["markdown", "help", "quiet"]

    /// Runs the command named by the first word and returns the exit code.
    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, options: valued, flags: flags)
        let positional = arguments.positional
        guard let name = positional.first, !arguments.flag("help") else {
            print(Help.text)
            return positional.isEmpty && !arguments.flag("help") ? .usage : .success
        }
        let rest = Array(positional.dropFirst())
        let root = arguments.value("root") ?? ProcessInfo.processInfo.environment["OSVA_ROOT"]
            ?? FileManager.default.currentDirectoryPath
        let level = try arguments.value("log-level").map { text in
            guard let level = Log.Level(name: text) else {
                throw Arguments.UsageError(description: "unknown log level '\(text)'")
            }
            return level
        } ?? .info
        let log = Log(threshold: level)
        switch name {
        case "run": return try runJob(arguments, root: root, log: log)
        case "samples": return try Inspect.samples(arguments)
        case "registers": return try Inspect.registers(rest, arguments, root: root)
        case "authorisations": return try Inspect.authorisations(rest, root: root)
        case "register" where rest == ["studies"]:
            return try ImagingCommands.studies(arguments, root: root)
        case "register": return try Inspect.documents(rest, arguments, root: root)
        case "imaging-users": return try ImagingCommands.users(rest, arguments, root: root)
        case "retry": return try Inspect.retry(rest, root: root)
        case "runs": return try RunReporting.runs(arguments, root: root)
        case "log": return try LogCommand.run(rest, arguments, root: root)
        case "report": return try RunReporting.report(arguments, root: root)
        case "reasons":
            // The Markdown ends with its own line feed: the file stays exactly the table.
            if arguments.flag("markdown") {
                print(ReasonTable.markdown(), terminator: "")
            } else {
                print(ReasonTable.plain())
            }
            return .success
        case "help":
            print(Help.text)
            return .success
        default:
            throw Arguments.UsageError(description: "unknown command '\(name)'")
        }
    }

    private static func runJob(_ arguments: Arguments, root: String, log: Log) throws
        -> ExitCode
    {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder),
              isFolder.boolValue
        else {
            throw Inspect.NoInstallation(root: root)
        }
        var options = RunOptions(root: root)
        if let value = try arguments.number("settle-seconds", in: 0...86_400) {
            options.settle = TimeInterval(value)
        }
        if let value = try arguments.number("grace-days", in: 0...3650) {
            options.grace = TimeInterval(value) * 86_400
        }
        if let value = try arguments.number("busy-timeout", in: 0...3600) {
            options.busyTimeout = Double(value)
        }
        if let value = try arguments.number("max-attempts", in: 1...100) {
            options.maxAttempts = value
        }
        let mb: Int64 = 1 << 20
        if let value = try arguments.number("max-bundle-mb", in: 1...65_536) {
            options.limits.bundleBytes = Int64(value) * mb
        }
        if let value = try arguments.number("max-entry-mb", in: 1...65_536) {
            options.limits.entryBytes = Int64(value) * mb
        }
        if let value = try arguments.number("max-unpacked-mb", in: 1...1_048_576) {
            options.limits.unpackedBytes = Int64(value) * mb
        }
        if let value = try arguments.number("max-entries", in: 1...10_000_000) {
            options.limits.entries = value
        }
        if let value = try arguments.number("max-ratio", in: 2...100_000) {
            options.limits.ratio = Int64(value)
        }
        if let value = try arguments.number("max-xml-depth", in: 16...10_000) {
            options.limits.xmlDepth = value
        }
        let progress = Progress(enabled: !arguments.flag("quiet"))
        let run = NightlyRun(options: options, log: log) { result, receipt in
            progress.clear()
            print(SummaryLine.bundle(result, receipt: receipt, root: options.layout.root))
            progress.step()
        }
        let started = Date()
        do {
            let summary = try run.execute { summary in
                RunReporting.afterRun(summary, started: started, exitCode: summary.exitCode,
                                      layout: options.layout,
                                      metricsFile: arguments.value("metrics-file"), log: log)
            }
            progress.clear()
            print(SummaryLine.run(summary))
            return summary.exitCode
        } catch {
            progress.clear()
            FileHandle.standardError.write(Data("osva: \(error)\n".utf8))
            return error.exitCode
        }
    }
}
