import Files
import Foundation
import Intake

/// Everything one run needs to know; the command line fills it in, the defaults are here.
public struct RunOptions: Sendable {
    /// The installation's folders.
    public var layout: Layout
    /// How long a bundle must be unchanged in the inbox before it is taken (P1).
    public var settle: TimeInterval = 30
    /// How long after an authorisation's validity ends a document made inside it may still
    /// arrive.
    public var grace: TimeInterval = 14 * 86_400
    /// How long to wait for a database lock before giving up the bundle for this run.
    public var busyTimeout: Double = 30
    /// How many times a bundle may be tried before it is quarantined.
    public var maxAttempts: Int = 3
    /// Limits for reading bundles.
    public var limits = BundleLimits()

    /// Options with defaults for the installation at `root`.
    public init(root: String) {
        layout = Layout(root: root)
    }
}
