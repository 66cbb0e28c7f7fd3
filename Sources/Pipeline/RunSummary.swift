import Domain

/// What one run did, for the summary on stdout and the exit code.
public struct RunSummary: Sendable {
    /// Bundles answered with a receipt in this run.
    public var finished: [BundleResult] = []
    /// Bundles left in place by a fault on osva's side, with the fault.
    public var leftForNextRun: [(bundle: String, fault: String)] = []
    /// Bundles moved to quarantine.
    public var quarantined: [String] = []
    /// Bundles not yet complete (still uploading), left for a later run.
    public var young: [String] = []
    /// Orphan files removed from the document store.
    public var sweptFiles = 0

    /// Creates an empty summary.
    public init() {}

    /// The exit code a cron monitor acts on.
    public var exitCode: ExitCode {
        if !leftForNextRun.isEmpty { return .faultsLeftBundles }
        if !quarantined.isEmpty { return .quarantined }
        return .success
    }
}
