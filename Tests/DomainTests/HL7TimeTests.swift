import Domain
import Foundation
import Testing

/// HL7 timestamps (hostile inputs H2): expected instants are written by hand in ISO 8601.
struct HL7TimeTests {
    @Test(arguments: [
        // text, first instant, first instant after, precision
        ("20240101120000+0200", "2024-01-01T10:00:00Z", "2024-01-01T10:00:01Z",
         HL7Time.Precision.second),
        // No offset: Helsinki, winter time +02:00.
        ("202401011200", "2024-01-01T10:00:00Z", "2024-01-01T10:01:00Z", .minute),
        ("2024010112", "2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", .hour),
        // A whole Helsinki day.
        ("20240101", "2023-12-31T22:00:00Z", "2024-01-01T22:00:00Z", .day),
        // Summer time +03:00.
        ("20240701120000", "2024-07-01T09:00:00Z", "2024-07-01T09:00:01Z", .second),
        ("20240701", "2024-06-30T21:00:00Z", "2024-07-01T21:00:00Z", .day),
        // The days the clocks change are 23 and 25 hours long.
        ("20240331", "2024-03-30T22:00:00Z", "2024-03-31T21:00:00Z", .day),
        ("20241027", "2024-10-26T21:00:00Z", "2024-10-27T22:00:00Z", .day),
        ("202407", "2024-06-30T21:00:00Z", "2024-07-31T21:00:00Z", .month),
        ("2024", "2023-12-31T22:00:00Z", "2024-12-31T22:00:00Z", .year),
        // Explicit offsets, negative ones included.
        ("20240101120000-0500", "2024-01-01T17:00:00Z", "2024-01-01T17:00:01Z", .second),
        ("202401011200-0330", "2024-01-01T15:30:00Z", "2024-01-01T15:31:00Z", .minute),
        ("20240701120000+0000", "2024-07-01T12:00:00Z", "2024-07-01T12:00:01Z", .second),
        ("20240101+0200", "2023-12-31T22:00:00Z", "2024-01-01T22:00:00Z", .day),
        ("20240229", "2024-02-28T22:00:00Z", "2024-02-29T22:00:00Z", .day),
    ])
    func parsesToTheRightInterval(
        text: String, start: String, end: String, precision: HL7Time.Precision
    ) throws {
        let time = try #require(HL7Time(text))
        #expect(time.start == (try Value.instant(start)))
        #expect(time.end == (try Value.instant(end)))
        #expect(time.precision == precision)
        #expect(time.text == text)
    }

    @Test(arguments: [
        ("20240101120000.5+0200", "2024-01-01T10:00:00.500Z"),
        ("20240101120000.125", "2024-01-01T10:00:00.125Z"),
        ("20240701120000.25-0500", "2024-07-01T17:00:00.250Z"),
    ])
    func fractionalSecondsMoveTheStart(text: String, start: String) throws {
        let time = try #require(HL7Time(text))
        let expected = try Value.instant(start)
        #expect(abs(time.start.timeIntervalSince(expected)) < 0.000_5)
        #expect(time.precision == .second)
    }

    @Test(arguments: [
        "2024013",  // odd number of digits
        "20241301",  // month 13
        "20240001",  // month 0
        "20240230",  // 30 February
        "20230229",  // 29 February of a common year
        "20240100",  // day 0
        "20240101250000",  // hour 25
        "20240101240000",  // hour 24
        "20240101126000",  // minute 60
        "abc",
        "",
        "202",
        "2024-01-01",
        "20240101120000+2500",  // offset beyond any zone
        "20240101120000+0260",  // offset minutes 60
        "20240101120000+02",  // short offset
        "20240101120000+020000",  // long offset
        "20240101120000.",  // fraction without digits
        "202401011200.5",  // fraction without seconds
        "20240101120000+0200x",
        "20240101T120000",
        " 20240101",
    ])
    func rejectsMalformedValues(text: String) {
        #expect(HL7Time(text) == nil)
    }

    /// The offset must start with `+` or `-`; no other character may stand in for the sign.
    @Test(arguments: [
        "20240101120000Z0200",
        "20240101120000 0200",
        "2024010112000000200",
        "20240101120000.5x0200",
    ])
    func rejectsAnOffsetWithoutItsSign(text: String) {
        #expect(HL7Time(text) == nil)
    }

    @Test func comparesByFirstInstant() throws {
        let winterNoon = try Value.time("20240101120000")
        let sameInstant = try Value.time("20240101100000+0000")
        let later = try Value.time("20240101120001+0200")
        #expect(!(winterNoon < sameInstant) && !(sameInstant < winterNoon))
        #expect(winterNoon < later)
        #expect(try Value.time("20231231") < Value.time("20240101"))
    }

    @Test(arguments: [
        ("2024-01-01T10:00:00Z", "20240101120000+0200"),
        ("2024-07-01T09:00:00Z", "20240701120000+0300"),
        ("2023-12-31T22:00:00Z", "20240101000000+0200"),
        ("2024-03-31T00:59:59Z", "20240331025959+0200"),
        ("2024-03-31T01:00:00Z", "20240331040000+0300"),
        ("2024-10-27T00:59:59Z", "20241027035959+0300"),
        ("2024-10-27T01:00:00Z", "20241027030000+0200"),
        ("1999-12-31T21:59:59Z", "19991231235959+0200"),
    ])
    func formatsInHelsinkiTimeWithItsOffset(instant: String, text: String) throws {
        let date = try Value.instant(instant)
        #expect(HL7Time.format(date) == text)
        let back = try #require(HL7Time(HL7Time.format(date)))
        #expect(back.start == date)
    }
}
