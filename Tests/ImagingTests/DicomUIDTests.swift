import Imaging
import Testing

/// The UID rule of PS3.5 §9.1: digits and dots, no empty component, no leading zero except a
/// lone `0`, 64 characters at most.
@Suite struct DicomUIDTests {
    @Test(arguments: [
        "1.2.840.10008.1.2.1",  // Explicit VR Little Endian
        "1.2.840.10008.5.1.4.1.1.2",  // CT Image Storage
        "0.0",
        "2.25.329800735698586629295641978511506172918",  // a UUID-derived UID
        "1.2.246.10." + String(repeating: "9", count: 53),  // exactly 64 characters
    ])
    func validUIDsAreAccepted(_ text: String) {
        #expect(DicomUID(text)?.value == text)
    }

    @Test(arguments: [
        "",
        "1..2",
        ".1.2",
        "1.2.",
        "1.02",  // leading zero
        "1.2.00",
        "1.2a",
        "1.2 ",  // padding must be stripped before
        "1.2\0",
        "1,2",
        "1.2.246.10." + String(repeating: "9", count: 54),  // 65 characters
        "1.2.٣",  // a non-ASCII digit
    ])
    func invalidUIDsAreRefused(_ text: String) {
        #expect(DicomUID(text) == nil)
        #expect(!DicomUID.isValid(text))
    }
}
