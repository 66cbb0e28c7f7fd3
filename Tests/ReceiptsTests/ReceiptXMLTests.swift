import Domain
import Foundation
import Receipts
import Testing
import XML

/// `ReceiptXML.render`: every receipt is valid against `osva-receipt.xsd` and says exactly
/// what the result holds.
@Suite struct ReceiptXMLTests {
    @Test(arguments: ReceiptCase.all)
    func aReceiptIsValidAndReadsBackAsItsResult(_ example: ReceiptCase) throws {
        let receipt = try ReceiptReader(ReceiptXML.render(example.result))
        #expect(receipt.issues == [])
        #expect(try receipt.result() == asXMLCarriesIt(example.result))
        #expect(try receipt.acknowledgement() == example.acknowledgement)
        #expect(try receipt.summary() == example.summary)
        #expect(try receipt.roles() == example.roles)
    }

    @Test(arguments: ReasonCode.allCases)
    func aWholeBundleRejectionIsValidAndReadsBack(_ code: ReasonCode) throws {
        var result = Sample.result()
        result.rejection = Rejection(
            code, "Entry 7 \"../x.xml\" <is> & stays – ääkköset.\nLine 2", entryIndex: 7,
            entryName: #"..\x\xFF<&>"#)
        let receipt = try ReceiptReader(ReceiptXML.render(result))
        #expect(receipt.issues == [])
        #expect(try receipt.result() == result)
        let expected = ReceiptCase.outsideContent.contains(code) ? "AR" : "AE"
        #expect(try receipt.acknowledgement() == expected)
        #expect(try receipt.summary() == [0, 0, 0, 0])
    }

    @Test func aRejectionWithoutAnEntryHasNoEntryAttributes() throws {
        var result = Sample.result()
        result.bundleID = nil
        result.rejection = Rejection(.bundleIDReused, "Sent before as 20261203T013000Z--x.zip.")
        let receipt = try ReceiptReader(ReceiptXML.render(result))
        #expect(receipt.issues == [])
        #expect(try receipt.result() == result)
        #expect(try receipt.acknowledgement() == "AR")
    }

    @Test func theReceiptIsInTheVersionOneNamespace() throws {
        let receipt = try ReceiptReader(ReceiptXML.render(ReceiptCase.everythingAccepted.result))
        let root = try receipt.element("/r:receipt")
        #expect(root.namespaceURI == "urn:osva:receipt:1")
        #expect(try receipt.attribute("version", of: root) == "1")
        #expect(ReceiptXML.namespace == "urn:osva:receipt:1")
    }

    @Test func timestampsAreUTCToTheSecond() {
        #expect(ReceiptXML.timestamp(instant("2026-12-04T01:30:00Z")) == "2026-12-04T01:30:00Z")
        #expect(ReceiptXML.timestamp(instant("2026-06-30T23:59:59+03:00"))
            == "2026-06-30T20:59:59Z")
    }

    @Test func aTamperedReceiptIsCaughtByTheSchema() throws {
        // The check above can fail: the schema refuses a receipt that breaks it.
        let text = ReceiptXML.render(ReceiptCase.someRejected.result)
            .replacingOccurrences(of: "outcome=\"rejected\"", with: "outcome=\"refused\"")
        #expect(!(try ReceiptReader(text).issues.isEmpty))
    }
}
