import Foundation
import Reports
import Storage
import Testing

/// The metrics file is read by node_exporter's textfile collector; Prometheus's own checker
/// (`promtool`, Debian `prometheus`) must accept it.
@Suite struct RunMetricsTests {
    static let record = RunRecord(
        started: Date(timeIntervalSince1970: 1_796_000_000),
        ended: Date(timeIntervalSince1970: 1_796_000_042.5), bundles: 7, accepted: 120,
        alreadyStored: 3, rejected: 9, bundlesRejected: 2, leftForNextRun: 1, quarantined: 0,
        exitCode: 3)

    @Test func promtoolAcceptsTheMetrics() throws {
        let result = try #require(try runProgram("/usr/bin/promtool", ["check", "metrics"],
                                                 stdin: RunMetrics.text(Self.record)),
                                  "promtool is not installed; run make deps")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty,
                "promtool found problems: \(result.stdout)\(result.stderr)")
    }

    @Test func samplesCarryTheRunsFigures() {
        let lines = Set(RunMetrics.text(Self.record).split(separator: "\n").map(String.init))
        #expect(lines.contains("osva_run_duration_seconds 42.500"))
        #expect(lines.contains("osva_run_items{outcome=\"accepted\"} 120"))
        #expect(lines.contains("osva_run_items{outcome=\"rejected\"} 9"))
        #expect(lines.contains("osva_run_bundles{outcome=\"left_for_next_run\"} 1"))
        #expect(lines.contains("osva_run_exit_code 3"))
        #expect(lines.contains("osva_run_start_timestamp_seconds 1796000000.000"))
    }
}
