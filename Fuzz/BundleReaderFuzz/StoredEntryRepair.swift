// The `bundle` target's mutator: libFuzzer's own mutations, then, for half of the inputs, the
// CRC-32 and sizes of every stored entry made to match its data again. Without the repair
// nearly every change to an entry's data (a manifest's text, a path it lists) ends at the CRC
// check, and the manifest checks behind it are seldom reached.

/// libFuzzer's built-in mutation of `data` in place; returns the new size.
@_extern(c, "LLVMFuzzerMutate")
func fuzzerMutate(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int) -> Int

/// Mutates the input, then repairs its stored entries when `seed` is even.
@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzMutate(
    _ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: UInt32
) -> Int {
    let mutated = fuzzerMutate(data, size, maxSize)
    if let data, seed % 2 == 0 {
        StoredEntryRepair.repair(UnsafeMutableBufferPointer(start: data, count: mutated))
    }
    return mutated
}

/// Rewrites the CRC-32 and sizes of each stored, unencrypted entry from the bytes its
/// central directory record points at; leaves anything it cannot follow as it is.
enum StoredEntryRepair {
    /// Repairs the zip in `bytes` in place.
    static func repair(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
        guard let end = endRecord(bytes) else { return }
        var record = Int(le32(bytes, end + 16))
        for _ in 0..<Int(le16(bytes, end + 10)) {
            guard record + 46 <= bytes.count, le32(bytes, record) == 0x0201_4b50 else { return }
            repairEntry(bytes, central: record)
            record +=
                46 + Int(le16(bytes, record + 28)) + Int(le16(bytes, record + 30))
                + Int(le16(bytes, record + 32))
        }
    }

    /// The offset of the end of central directory record, searched from the end.
    private static func endRecord(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var offset = bytes.count - 22
        while offset >= max(0, bytes.count - 22 - 0xFFFF) {
            if le32(bytes, offset) == 0x0605_4b50 { return offset }
            offset -= 1
        }
        return nil
    }

    /// Repairs the entry whose central directory record starts at `central`.
    private static func repairEntry(_ bytes: UnsafeMutableBufferPointer<UInt8>, central: Int) {
        let flags = le16(bytes, central + 8)
        let size = le32(bytes, central + 20)
        let local = Int(le32(bytes, central + 42))
        guard le16(bytes, central + 10) == 0, flags & 1 == 0, size != 0xFFFF_FFFF,
            local + 30 <= bytes.count, le32(bytes, local) == 0x0403_4b50
        else { return }
        let start = local + 30 + Int(le16(bytes, local + 26)) + Int(le16(bytes, local + 28))
        guard start + Int(size) <= bytes.count else { return }
        let crc = crc32(UnsafeMutableBufferPointer(rebasing: bytes[start..<start + Int(size)]))
        for (field, value) in [(16, crc), (20, size), (24, size)] {
            put32(bytes, central + field, value)
            // With a data descriptor the local header's fields stay as written (zeros).
            if flags & 8 == 0 { put32(bytes, local + field - 2, value) }
        }
        if flags & 8 != 0 {
            // A data descriptor follows the data, with or without its signature.
            var descriptor = start + Int(size)
            if descriptor + 4 <= bytes.count, le32(bytes, descriptor) == 0x0807_4b50 {
                descriptor += 4
            }
            guard descriptor + 12 <= bytes.count else { return }
            put32(bytes, descriptor, crc)
            put32(bytes, descriptor + 4, size)
            put32(bytes, descriptor + 8, size)
        }
    }

    /// The CRC-32 (ISO-HDLC, as zip uses it) of `bytes`.
    private static func crc32(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crcTable[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// The CRC of each byte value, so that the loop above has no branch per bit: the
    /// mutator's code is instrumented too, and comparisons there cost time on every input.
    private static let crcTable: [UInt32] = (0..<256).map { (value: UInt32) in
        var crc = value
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
        return crc
    }

    private static func le16(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func le32(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return UInt32(le16(bytes, at)) | UInt32(le16(bytes, at + 2)) << 16
    }

    private static func put32(
        _ bytes: UnsafeMutableBufferPointer<UInt8>, _ at: Int, _ value: UInt32
    ) {
        guard at >= 0, at + 4 <= bytes.count else { return }
        for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
