/// The exit codes of `osva`, documented in the README for cron monitors.
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// The run finished and every bundle got its receipt (rejections included).
    case success = 0
    /// The run finished, but at least one bundle was quarantined: an operator should look.
    case quarantined = 2
    /// A fault on osva's side (database busy, disk full, outbox not writable) left at least
    /// one bundle in place for the next run.
    case faultsLeftBundles = 3
    /// Another run holds the lock; this one did nothing.
    case anotherRunActive = 4
    /// `osva log verify` found a disclosure-log row that does not hold: the log was changed.
    case logBroken = 5
    /// The command line was wrong.
    case usage = 64
    /// osva's own folders or database could not be opened.
    case setupFailed = 74
}
