import Foundation
import Pipeline

// osva's entry point: picks the subcommand, maps failures to documented exit codes.
let words = Array(CommandLine.arguments.dropFirst())
let code: ExitCode
do {
    code = try Command.run(words)
} catch let error as Arguments.UsageError {
    FileHandle.standardError.write(Data("osva: \(error)\nTry 'osva help'.\n".utf8))
    code = .usage
} catch {
    FileHandle.standardError.write(Data("osva: \(error)\n".utf8))
    code = .setupFailed
}
exit(code.rawValue)
