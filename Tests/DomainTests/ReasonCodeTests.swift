import Domain
import Testing

struct ReasonCodeTests {
    @Test func everyCodeHasItsOwnMeaningAndAction() {
        for entry in ReasonCode.catalogue {
            #expect(entry.meaning != "Unknown reason.", "\(entry.code) has no catalogue text")
            #expect(!entry.meaning.isEmpty && !entry.action.isEmpty)
        }
        #expect(ReasonCode.catalogue.count == ReasonCode.allCases.count)
    }

    /// The receipt schema's pattern: `[a-z]+(-[a-z0-9]+)*`, at least two words.
    @Test func codesAreLowerCaseWordsJoinedByHyphens() {
        for code in ReasonCode.allCases {
            let words = code.rawValue.split(separator: "-", omittingEmptySubsequences: false)
            let lowerCase = { (c: Character) in c.isASCII && c.isLowercase }
            let lowerCaseOrDigit = { (c: Character) in lowerCase(c) || (c.isASCII && c.isNumber) }
            #expect(words.count >= 2 && words[0].allSatisfy(lowerCase)
                    && words.allSatisfy { !$0.isEmpty && $0.allSatisfy(lowerCaseOrDigit) },
                    "\(code.rawValue)")
        }
        #expect(Set(ReasonCode.allCases.map(\.rawValue)).count == ReasonCode.allCases.count)
    }

    @Test func reasonsOutsideTheContentAreRejectedTheRestAreErrors() {
        #expect(ReasonCode.senderInvalid.acknowledgement == .rejected)
        #expect(ReasonCode.bundleIDReused.acknowledgement == .rejected)
        #expect(ReasonCode.bundleQuarantined.acknowledgement == .rejected)
        #expect(ReasonCode.rightNone.acknowledgement == .error)
        #expect(ReasonCode.cdaSchemaInvalid.acknowledgement == .error)
        #expect(Acknowledgement.accepted < .error && Acknowledgement.error < .rejected)
    }

    @Test func bundleEntryAndManifestReasonsRejectTheWholeBundle() {
        #expect(ReasonCode.bundleCorrupt.rejectsWholeBundle)
        #expect(ReasonCode.entryUnsafePath.rejectsWholeBundle)
        #expect(ReasonCode.manifestHashMismatch.rejectsWholeBundle)
        #expect(ReasonCode.senderInvalid.rejectsWholeBundle)
        #expect(!ReasonCode.rightExpired.rejectsWholeBundle)
        #expect(!ReasonCode.documentIDConflict.rejectsWholeBundle)
        #expect(!ReasonCode.osvaTypeMissing.rejectsWholeBundle)
    }
}
