import Testing

@testable import Imaging

/// The DA, TM, CS and LO rules of PS3.5 §6.2 as osva applies them.
@Suite struct DicomValueRulesTests {
    @Test(arguments: ["20040119", "20000229", "19991231"])
    func calendarDatesAreAccepted(_ value: String) {
        #expect(DicomValueRules.problemInDate(value) == nil)
    }

    @Test(arguments: [
        "2004011", "200401190", "19000229", "20040230", "20041301", "20040100",
        "2004.01.19", "2004011a",
    ])
    func otherDatesAreRefused(_ value: String) {
        #expect(DicomValueRules.problemInDate(value) != nil)
    }

    @Test(arguments: ["07", "0727", "072730", "072730.1", "235960.123456", "000000"])
    func timesAreAccepted(_ value: String) {
        #expect(DicomValueRules.problemInTime(value) == nil)
    }

    @Test(arguments: [
        "7", "07273", "240000", "076000", "072761", "0727.5", "072730.",
        "072730.1234567", "07:27:30", "072730.1a",
    ])
    func otherTimesAreRefused(_ value: String) {
        #expect(DicomValueRules.problemInTime(value) != nil)
    }

    @Test func codesAreUpperCaseLettersDigitsSpaceAndUnderscore() {
        #expect(DicomValueRules.problemInCode("CT") == nil)
        #expect(DicomValueRules.problemInCode("RT_DOSE 2") == nil)
        #expect(DicomValueRules.problemInCode("ct") != nil)
        #expect(DicomValueRules.problemInCode("CT\\MR") != nil)
        #expect(DicomValueRules.problemInCode(String(repeating: "A", count: 17)) != nil)
    }

    @Test func textIsOneValueOfAtMostTheLimitWithoutControlCharacters() {
        #expect(DicomValueRules.problemInText("030875-999Y", maximum: 64) == nil)
        #expect(DicomValueRules.problemInText("Äijälä", maximum: 6) == nil)
        #expect(DicomValueRules.problemInText("1234567", maximum: 6) != nil)
        #expect(DicomValueRules.problemInText("A\\B", maximum: 64) != nil)
        #expect(DicomValueRules.problemInText("A\tB", maximum: 64) != nil)
    }

    @Test func paddingIsStrippedAsEachRepresentationAllows() {
        #expect(DicomValueRules.stripped(" 1CT1 ", as: .text) == "1CT1")
        #expect(DicomValueRules.stripped("CT ", as: .code) == "CT")
        #expect(DicomValueRules.stripped("1.2.3\0", as: .uid) == "1.2.3")
        #expect(DicomValueRules.stripped("072730 ", as: .time) == "072730")
        #expect(DicomValueRules.stripped(" 20040119", as: .date) == " 20040119")
        #expect(DicomValueRules.stripped("1CT1\0", as: .text) == "1CT1\0")
    }
}
