import Foundation
import Reports
import Samples
import Storage
import Testing

/// The report page as a browser shows it: headless Chromium loads it, renders it to PNG, and
/// the page's DOM after loading must hold both charts with their bars. `make deps` installs
/// Debian's `chromium`.
@Suite struct RenderedReportTests {
    static let chromium = "/usr/bin/chromium"

    @Test func chromiumRendersTheReportWithItsCharts() throws {
        let run = try SampleRun()
        defer { run.remove() }
        let report = try OrganiserReport.gather(run.database(), organiser: SampleSet.organiser.id,
                                                from: run.started, to: run.ended)
        let page = run.root + "/report.html"
        try Data(ReportHTML.render(report, title: "Test report").utf8)
            .write(to: URL(fileURLWithPath: page))
        let png = run.root + "/report.png"
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--user-data-dir=\(run.root)/chromium", "--enable-logging=stderr",
                      "--v=0", "--window-size=1000,1400"]
        let shot = try #require(try runProgram(
            Self.chromium, common + ["--screenshot=\(png)", "file://\(page)"]),
            "chromium is not installed; run make deps")
        #expect(shot.status == 0, "\(shot.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(bytes.count > 10_000)

        let dom = try #require(try runProgram(Self.chromium,
                                              common + ["--dump-dom", "file://\(page)"]))
        #expect(dom.status == 0)
        // The page has no script, so a console message can only be a loading error.
        let consoleLines = (shot.stderr + dom.stderr).split(separator: "\n")
            .filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleLines.isEmpty, "\(consoleLines)")
        #expect(!dom.stdout.contains("<script"))
        // Two providers stored on one day: two stacked bars; one refusal reason: one bar.
        #expect(count(of: "<rect", inElement: "stored-per-day", of: dom.stdout) == 2 + 2)
        #expect(count(of: "<rect", inElement: "refusals-per-reason", of: dom.stdout) == 1)
        #expect(dom.stdout.contains("right-other-patient"))
    }

    /// Occurrences of `needle` inside the `<svg id="...">` element of `html`.
    func count(of needle: String, inElement id: String, of html: String) -> Int {
        guard let start = html.range(of: "id=\"\(id)\""),
              let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex)
        else { return -1 }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: needle).count - 1
    }
}
