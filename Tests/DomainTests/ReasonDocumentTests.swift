import Domain
import Foundation
import Testing

/// `docs/reason-codes.md` is the catalogue users read; it must say what osva does.
@Suite struct ReasonDocumentTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/reason-codes.md").path

    @Test func documentMatchesTheCatalogue() throws {
        let text = try String(contentsOfFile: Self.document, encoding: .utf8)
        #expect(text == ReasonTable.markdown(),
                "regenerate with: osva reasons --markdown > docs/reason-codes.md")
    }

    @Test func everyCodeHasMeaningAndAction() {
        for entry in ReasonCode.catalogue {
            #expect(!entry.meaning.isEmpty, "\(entry.code)")
            #expect(!entry.action.isEmpty, "\(entry.code)")
        }
        #expect(Set(ReasonCode.catalogue.map(\.code)).count == ReasonCode.allCases.count)
    }
}
