import Domain
import Foundation
import Receipts
import Testing

/// The receipt's page for people: everything the XML receipt says, escaped, with no script.
@Suite struct ReceiptHTMLTests {
    static func result() -> BundleResult {
        var result = Sample.result()
        var accepted = Sample.document("documents/käynti.xml", .accepted,
                                       authorisation: Sample.version(2))
        accepted.serviceInformation = Sample.serviceInformation
        let refused = Sample.document("documents/<script>alert(1)</script>.xml", .rejected,
                                      reason: .rightOtherPatient,
                                      message: "Potilas \"A & B\" <ei> valtuutettu.")
        result.items = [accepted, refused]
        result.ignored = ["__MACOSX/._käynti.xml"]
        return result
    }

    @Test func everyItemIsShownWithItsOutcomeReasonAndAdvice() {
        let page = ReceiptHTML.render(Self.result())
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("documents/käynti.xml"))
        #expect(page.contains("right-other-patient"))
        #expect(page.contains(ReasonCode.rightOtherPatient.entry.action
            .replacingOccurrences(of: "'", with: "&apos;")))
        #expect(page.contains("Työterveyshuollon seurantakäynti; lähete liitteenä."))
        #expect(page.contains("__MACOSX/._käynti.xml"))
        #expect(page.contains(">AE<"))
        #expect(page.contains("2 items: 1 accepted, 0 already stored, 1 rejected."))
    }

    @Test func senderTextIsEscapedAndThePageHasNoScript() {
        let page = ReceiptHTML.render(Self.result())
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;.xml"))
        #expect(page.contains("Potilas &quot;A &amp; B&quot; &lt;ei&gt; valtuutettu."))
        #expect(!page.contains("http://") && !page.contains("https://"))
    }

    @Test func aBundleRejectedWholeSaysNothingWasStored() {
        var result = Sample.result()
        result.rejection = Rejection(.bundleEncrypted, "Entry 2 is encrypted (AES).",
                                     entryIndex: 2, entryName: "documents/a.xml")
        let page = ReceiptHTML.render(result)
        #expect(page.contains("The bundle was rejected; nothing was stored."))
        #expect(page.contains("bundle-encrypted"))
        #expect(page.contains("documents/a.xml</code> (entry 2)"))
    }
}
