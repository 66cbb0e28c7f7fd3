import Domain
import Foundation
import Testing

struct OIDTests {
    @Test(arguments: [
        "1.2.246.10.99999984.19.0",
        "2.16.840.1.113883.1.3",
        "1.2.246.537.10.15675350.10.1.11220.19098",
        "0.0",
        "2.999",
        "1.2.246.21",
    ])
    func acceptsDottedDecimal(text: String) throws {
        let oid = try #require(OID(text))
        #expect(oid.value == text)
        #expect(oid.description == text)
        #expect(OID.isWellFormed(text))
    }

    @Test(arguments: [
        "1..2",  // empty arc
        "01.2",  // leading zero in the first arc
        "1.02",  // leading zero in a later arc
        "1.2.246.010",
        "3.1",  // first arc beyond 2
        "1",  // a single arc
        "1.2.",  // trailing dot
        ".1.2",  // leading dot
        "1.2.a",
        "1.2.-3",
        "1.2 ",
        " 1.2",
        "1,2",
        "",
        "１.２",  // full-width digits
    ])
    func refusesMalformed(text: String) {
        #expect(OID(text) == nil)
        #expect(!OID.isWellFormed(text))
    }

    @Test func decodesFromAJSONStringAndRefusesAMalformedOne() throws {
        let decoded = try JSONDecoder().decode([OID].self, from: Data(#"["1.2.246.21"]"#.utf8))
        #expect(decoded.map(\.value) == ["1.2.246.21"])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([OID].self, from: Data(#"["1..2"]"#.utf8))
        }
        let encoded = try JSONEncoder().encode([try Value.oid("2.16.840.1.113883.1.3")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2.16.840.1.113883.1.3"]"#)
    }
}
