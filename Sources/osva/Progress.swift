import Foundation

/// A one-line progress count on stderr, shown only when stderr is a terminal: a long run at a
/// terminal shows it moving; under cron (no terminal) nothing but the summary is printed.
final class Progress {
    private let enabled: Bool
    private var done = 0
    private var shown = false

    /// A progress line, enabled unless `enabled` is false or stderr is not a terminal.
    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// Counts one more finished bundle and shows the count.
    func step() {
        done += 1
        guard enabled else { return }
        write("\r\u{1B}[2K\(done) bundles done …")
        shown = true
    }

    /// Removes the line, so that stdout lines stay clean on the terminal.
    func clear() {
        guard enabled, shown else { return }
        write("\r\u{1B}[2K")
        shown = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
