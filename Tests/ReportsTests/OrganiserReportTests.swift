import Domain
import Foundation
@testable import Reports
import Samples
import Storage
import Testing

/// The organiser's report, gathered after a run on the sample bundles. Expected counts come
/// from the sample set's description: the visit bundle stores three documents and refuses one
/// for another patient; the imaging unit stores two; the provider's own authorisation is not
/// the organiser's refusal.
@Suite struct OrganiserReportTests {
    @Test func gathersWhatWasStoredAndRefused() throws {
        let run = try SampleRun()
        defer { run.remove() }
        let report = try OrganiserReport.gather(run.database(), organiser: SampleSet.organiser.id,
                                                from: run.started, to: run.ended)
        #expect(report.stored.count == 5)
        #expect(report.providers == [SampleSet.provider.id.value,
                                     SampleSet.secondProvider.id.value].sorted())
        let perRegister = Dictionary(uniqueKeysWithValues: report.storedPerProviderAndRegister
            .map { ("\($0.provider) \($0.register)", $0.count) })
        #expect(perRegister["\(SampleSet.provider.id) \(SampleSet.occupationalRegister)"] == 3)
        #expect(perRegister["\(SampleSet.secondProvider.id) \(SampleSet.publicRegister)"] == 2)
        #expect(report.refusals.count == 1)
        #expect(report.refusalsPerReason.map(\.reason) == [.rightOtherPatient])
    }

    @Test func anotherOrganiserSeesNothing() throws {
        let run = try SampleRun()
        defer { run.remove() }
        let other = try #require(OID("1.2.246.10.99999999.10.0"))
        let report = try OrganiserReport.gather(run.database(), organiser: other,
                                                from: run.started, to: run.ended)
        #expect(report.isEmpty)
    }

    @Test func aPeriodBeforeTheRunIsEmpty() throws {
        let run = try SampleRun()
        defer { run.remove() }
        let report = try OrganiserReport.gather(
            run.database(), organiser: SampleSet.organiser.id,
            from: run.started.addingTimeInterval(-86_400), to: run.started)
        #expect(report.isEmpty)
    }

    @Test func daysAreFinnishCalendarDays() {
        // 22:30 UTC on 31 December is already 1 January in Helsinki (UTC+2 in winter).
        let lateEvening = Date(timeIntervalSince1970: 1_767_220_200)  // 2025-12-31T22:30:00Z
        #expect(OrganiserReport.day(lateEvening) == "2026-01-01")
        // 20:59 UTC on 30 June is 23:59 in Helsinki (UTC+3 in summer).
        let summer = Date(timeIntervalSince1970: 1_751_317_140)  // 2025-06-30T20:59:00Z
        #expect(OrganiserReport.day(summer) == "2025-06-30")
    }

    @Test(arguments: [(0, 4), (3, 4), (5, 8), (7, 8), (11, 12), (95, 120), (101, 120),
                      (399, 400), (401, 800), (1_999, 2_000)])
    func chartScalesEndOnRoundNumbers(value: Int, expected: Int) {
        #expect(SVGChart.niceMaximum(value) == expected)
    }
}
