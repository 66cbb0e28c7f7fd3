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

    @Test func codesAreLowerCaseWordsJoinedByHyphens() {
        for code in ReasonCode.allCases {
            let words = code.rawValue.split(separator: "-", omittingEmptySubsequences: false)
            #expect(words.count >= 2 && words.allSatisfy { word in
                !word.isEmpty && word.allSatisfy { $0.isASCII && $0.isLowercase }
            }, "\(code.rawValue)")
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
