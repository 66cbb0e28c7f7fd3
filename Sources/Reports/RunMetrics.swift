import Foundation
import Storage

/// A run's figures in the Prometheus text exposition format, for node_exporter's textfile
/// collector (`--metrics-file`).
public enum RunMetrics {
    /// The metrics of `run`.
    public static func text(_ run: RunRecord) -> String {
        var out = ""
        func metric(_ name: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples {
                out += name + (sample.labels.isEmpty ? "" : "{\(sample.labels)}") + " "
                    + sample.value + "\n"
            }
        }
        metric("osva_run_start_timestamp_seconds", "When the last osva run started.",
               [("", seconds(run.started.timeIntervalSince1970))])
        metric("osva_run_end_timestamp_seconds", "When the last osva run ended.",
               [("", seconds(run.ended.timeIntervalSince1970))])
        metric("osva_run_duration_seconds", "How long the last osva run took.",
               [("", seconds(run.seconds))])
        metric("osva_run_bundles", "Bundles of the last run, by what happened to them.", [
            ("outcome=\"answered\"", String(run.bundles)),
            ("outcome=\"rejected_whole\"", String(run.bundlesRejected)),
            ("outcome=\"left_for_next_run\"", String(run.leftForNextRun)),
            ("outcome=\"quarantined\"", String(run.quarantined)),
        ])
        metric("osva_run_items", "Documents and authorisations of the last run, by outcome.", [
            ("outcome=\"accepted\"", String(run.accepted)),
            ("outcome=\"already_stored\"", String(run.alreadyStored)),
            ("outcome=\"rejected\"", String(run.rejected)),
        ])
        metric("osva_run_exit_code", "The last run's exit code (see osva help).",
               [("", String(run.exitCode))])
        return out
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }
}
