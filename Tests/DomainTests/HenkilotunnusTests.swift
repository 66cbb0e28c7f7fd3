import Domain
import Testing

/// Fixed henkilötunnus cases; the bulk comparison with python-stdnum is in
/// `HenkilotunnusReferenceTests`.
struct HenkilotunnusTests {
    @Test(arguments: ["030875-999Y", "231069-9711"])
    func testPatientsOfTheCorpusAreValid(text: String) throws {
        let code = try #require(Henkilotunnus(text))
        #expect(code.value == text)
        #expect(code.description == text)
        #expect(code.isTemporary)
    }

    /// Two ids in `hus-service-event-outsourced.xml` look like henkilötunnus but break the
    /// check rule: `150848-999B` (an author id; 150848999 mod 31 is 23, `R`) and `010100A998F`
    /// (a local temporary patient id under another root; 010100998 mod 31 is 20, `M`).
    @Test(arguments: [("150848-999B", "150848-999R"), ("010100A998F", "010100A998M")])
    func corpusIDsWithAWrongCheckCharacterAreRefused(wrong: String, corrected: String) {
        #expect(Henkilotunnus(wrong) == nil)
        #expect(throws: Henkilotunnus.Problem.checkCharacter) {
            try Henkilotunnus(validating: wrong)
        }
        #expect(Henkilotunnus(corrected) != nil)
    }

    @Test func individualNumbersBelow900AreNotTemporary() throws {
        // 1 January 2050: nobody has this birth date yet.
        let code = try #require(Henkilotunnus("010150F002D"))
        #expect(!code.isTemporary)
        let last = try #require(Henkilotunnus("010150F899B"))
        #expect(!last.isTemporary)
    }

    @Test func checkCharacterIsTheNineDigitsModulo31() {
        #expect(Henkilotunnus.checkCharacter(forDigits: 30_875_999) == "Y")
        #expect(Henkilotunnus.checkCharacter(forDigits: 231_069_971) == "1")
        #expect(Henkilotunnus.checkCharacter(forDigits: 150_848_999) == "R")
        // 30 is the last index of the 31-character alphabet.
        #expect(Henkilotunnus.checkCharacter(forDigits: 30) == "Y")
        #expect(Henkilotunnus.checkCharacter(forDigits: 16) == "H")
    }

    @Test func centurySignIsPartOfTheIdentity() throws {
        let twoThousand = try #require(Henkilotunnus("010100A998M"))
        let twoThousandB = try #require(Henkilotunnus("010100B998M"))
        let nineteenHundred = try #require(Henkilotunnus("010100-998M"))
        #expect(twoThousand != twoThousandB)
        #expect(twoThousand != nineteenHundred)
    }

    @Test func leapDayDependsOnTheCentury() {
        // 29.2.2000 existed; 29.2.1900 and 29.2.1800 did not.
        #expect(Henkilotunnus("290200A998H") != nil)
        #expect(Henkilotunnus("290200F998H") != nil)
        #expect(throws: Henkilotunnus.Problem.birthDate) {
            try Henkilotunnus(validating: "290200-998H")
        }
        #expect(throws: Henkilotunnus.Problem.birthDate) {
            try Henkilotunnus(validating: "290200Y998H")
        }
        #expect(throws: Henkilotunnus.Problem.birthDate) {
            try Henkilotunnus(validating: "290200+998H")
        }
    }

    @Test(arguments: [
        ("", Henkilotunnus.Problem.length),
        ("030875-999", .length),
        ("030875-999YY", .length),
        (" 030875-999Y", .length),
        ("030875-999Y ", .length),
        ("03O875-999Y", .birthDate),
        ("310275-999Y", .birthDate),
        ("001075-999Y", .birthDate),
        ("030075-999Y", .birthDate),
        ("031375-999Y", .birthDate),
        ("030875-9A9Y", .individualNumber),
        ("030875-000Y", .individualNumber),
        ("030875-001Y", .individualNumber),
        ("030875G999Y", .centurySign),
        ("030875Z999Y", .centurySign),
        ("030875a999Y", .centurySign),
        ("030875-999X", .checkCharacter),
        ("030875-999G", .checkCharacter),
    ])
    func eachBrokenRuleHasItsProblem(text: String, problem: Henkilotunnus.Problem) {
        #expect(throws: problem) { try Henkilotunnus(validating: text) }
        #expect(Henkilotunnus(text) == nil)
    }

    /// python-stdnum upper-cases before checking; osva takes the id exactly as written.
    @Test func lowerCaseIsRefusedUnlikeStdnum() {
        #expect(Henkilotunnus("030875-999y") == nil)
        #expect(Henkilotunnus("010100a998M") == nil)
    }

    @Test func nonASCIIDigitsAreRefused() {
        // Arabic-Indic digits are numbers to Unicode but not to a henkilötunnus.
        #expect(Henkilotunnus("\u{660}30875-999Y") == nil)
        // Full-width digits likewise.
        #expect(Henkilotunnus("０30875-999Y") == nil)
    }
}
