import Foundation
import Testing
import Zip

/// Writes a stored zip of `a.xml` (1,000 bytes), `b.xml` (`middle` bytes), `c.xml` (100
/// bytes) and returns its bytes with the offsets of the three local headers.
private func storedZip(
    in scratch: Scratch, middle: Int
) throws -> (bytes: [UInt8], locals: [Int]) {
    let path = scratch.path("source.zip")
    let writer = try ZipWriter(path: path, options: .init(compression: .store))
    try writer.add(path: "a.xml", bytes: Array(repeating: 0x61, count: 1_000))
    let middleBytes = (0..<middle).map { UInt8(truncatingIfNeeded: $0 / 3) }
    try writer.add(path: "b.xml", bytes: middleBytes)
    try writer.add(path: "c.xml", bytes: Array(repeating: 0x63, count: 100))
    try writer.finish()
    let bytes = try scratch.read("source.zip")
    // Only offsets that the central directory also names are headers, not data.
    let centrals = offsets(of: centralHeaderSignature, in: bytes)
    let locals = offsets(of: localHeaderSignature, in: bytes).filter { offset in
        centrals.contains { central in
            let field = bytes[(central + 42)..<(central + 46)]
            return field.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
                == offset
        }
    }
    return (bytes, locals)
}

/// Where a stored entry's data starts, after its local header, name and extra field.
private func dataStart(_ bytes: [UInt8], localHeader offset: Int) -> Int {
    let nameLength = Int(bytes[offset + 26]) | Int(bytes[offset + 27]) << 8
    let extraLength = Int(bytes[offset + 28]) | Int(bytes[offset + 29]) << 8
    return offset + 30 + nameLength + extraLength
}

// Z6: a flipped byte is found because every entry is read to its end.

@Test func flippedByteInAStoredEntryIsACRCError() throws {
    let scratch = try Scratch()
    var (bytes, locals) = try storedZip(in: scratch, middle: 5_000)
    try #require(locals.count == 3)
    bytes[dataStart(bytes, localHeader: locals[1]) + 1234] ^= 0x01
    let path = try scratch.write("flipped.zip", bytes)

    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.error?.kind) == [nil, .crc, nil], "\(outcomes.map(\.error))")
    #expect(outcomes[1].error?.entryIndex == 1)
    #expect(outcomes[1].error?.entryName == "b.xml")
    #expect(outcomes[2].data == Array(repeating: 0x63, count: 100))
}

@Test func flippedByteInADeflatedEntryIsFound() throws {
    let scratch = try Scratch()
    let path = scratch.path("deflated.zip")
    let writer = try ZipWriter(path: path)
    let document = Array(String(repeating: "<a>x</a>", count: 4_000).utf8)
    try writer.add(path: "doc.xml", bytes: document)
    try writer.finish()
    var bytes = try scratch.read("deflated.zip")
    let start = dataStart(bytes, localHeader: 0)
    bytes[start + 20] ^= 0x10
    let damaged = try scratch.write("damaged.zip", bytes)
    let kinds = try readEverything(damaged).map(\.error?.kind)
    #expect(kinds == [.crc] || kinds == [.corrupt])
}

// Z5: a size lie is caught and nothing is allocated from a declared size.

@Test func localHeaderDeclaringTenBytesForTenMebibytesIsCorrupt() throws {
    let scratch = try Scratch()
    var (bytes, locals) = try storedZip(in: scratch, middle: 10 << 20)
    try #require(locals.count == 3)
    patch32(&bytes, at: locals[1] + 18, 10)  // compressed size
    patch32(&bytes, at: locals[1] + 22, 10)  // uncompressed size
    let path = try scratch.write("lie.zip", bytes)

    let reader = try ZipReader(path: path)
    _ = try #require(try reader.nextEntry())
    _ = try reader.readData(maxBytes: 1 << 20) { _ in }
    #expect(zipErrorKind { _ = try reader.nextEntry() } == .corrupt)
    #expect(zipErrorKind { _ = try reader.readData(maxBytes: 1 << 20) { _ in } } == .corrupt)
    let last = try #require(try reader.nextEntry())
    #expect(last.name == "c.xml")
    #expect(try reader.readData(maxBytes: 1 << 20) { _ in } == 100)
}

@Test func bothHeadersDeclaringTenBytesForTenMebibytesAreCaught() throws {
    let scratch = try Scratch()
    var (bytes, locals) = try storedZip(in: scratch, middle: 10 << 20)
    try #require(locals.count == 3)
    patch32(&bytes, at: locals[1] + 18, 10)
    patch32(&bytes, at: locals[1] + 22, 10)
    let central = offsets(of: centralHeaderSignature, in: bytes)
    try #require(central.count == 3)
    patch32(&bytes, at: central[1] + 20, 10)
    patch32(&bytes, at: central[1] + 24, 10)
    let path = try scratch.write("lie.zip", bytes)

    let outcomes = try readEverything(path)
    #expect(outcomes[1].entry.declaredSize == 10)
    #expect(outcomes[1].error?.kind == .crc || outcomes[1].error?.kind == .corrupt)
    #expect(outcomes[1].data.count <= 10)
}

@Test func centralDirectoryDeclaringMoreThanTheEntryHoldsIsCorrupt() throws {
    let scratch = try Scratch()
    var (bytes, locals) = try storedZip(in: scratch, middle: 5_000)
    try #require(locals.count == 3)
    let central = offsets(of: centralHeaderSignature, in: bytes)
    // Claims 4 GiB - 1 of uncompressed data in both headers; holds 5,000 bytes.
    patch32(&bytes, at: locals[1] + 22, 0xFFFF_FFFE)
    patch32(&bytes, at: central[1] + 24, 0xFFFF_FFFE)
    let path = try scratch.write("claim.zip", bytes)

    let outcomes = try readEverything(path)
    #expect(outcomes[1].entry.declaredSize == 0xFFFF_FFFE)
    #expect(outcomes[1].error?.kind == .corrupt)
    #expect(outcomes[2].error == nil)
}

// Z5: a zip written to a pipe has its sizes only in data descriptors.

@Test func zipWrittenToAPipeReadsFine() throws {
    let scratch = try Scratch()
    let path = scratch.path("piped.zip")
    let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.stdout.buffer, 'w') as z:
            z.writestr('stored.xml', b'stored ' * 500, compress_type=zipfile.ZIP_STORED)
            z.writestr('deflated.xml', b'deflated ' * 500, compress_type=zipfile.ZIP_DEFLATED)
        """
    let quoted = "'" + script.replacingOccurrences(of: "'", with: "'\\''") + "'"
    try run(["sh", "-c", "python3 -c \(quoted) | cat > '\(path)'"])

    let bytes = try scratch.read("piped.zip")
    // General purpose bit 3: sizes and CRC follow the data.
    let locals = offsets(of: localHeaderSignature, in: bytes)
    try #require(locals.count == 2)
    #expect(locals.allSatisfy { bytes[$0 + 6] & 0x08 != 0 })

    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.entry.name) == ["stored.xml", "deflated.xml"])
    #expect(outcomes.allSatisfy { $0.error == nil })
    #expect(outcomes[0].data == Array(String(repeating: "stored ", count: 500).utf8))
    #expect(outcomes[1].data == Array(String(repeating: "deflated ", count: 500).utf8))
}

// Z4: limits hold while streaming.

@Test func sixtyFourMebibytesOfSpacesStopAtTheLimit() throws {
    let scratch = try Scratch()
    let path = scratch.path("bomb.zip")
    let spaces = [UInt8](repeating: 0x20, count: 1 << 20)
    var remaining = 64
    let writer = try ZipWriter(path: path)
    try writer.add(path: "spaces.xml", size: 64 << 20) {
        guard remaining > 0 else {
            return nil
        }
        remaining -= 1
        return spaces
    }
    try writer.finish()
    #expect(try scratch.read("bomb.zip").count < 1 << 20)

    let limit: Int64 = 1 << 20
    let reader = try ZipReader(path: path)
    let entry = try #require(try reader.nextEntry())
    #expect(entry.declaredSize == 64 << 20)
    var seen: Int64 = 0
    let kind = zipErrorKind {
        _ = try reader.readData(maxBytes: limit) { seen += Int64($0.count) }
    }
    #expect(kind == .entryTooLarge)
    #expect(seen <= limit)
    #expect(seen > limit - Int64(ZipReader.chunkSize))
    #expect(try reader.nextEntry() == nil)
}

@Test func entryOfExactlyTheLimitIsAccepted() throws {
    let scratch = try Scratch()
    let path = scratch.path("exact.zip")
    let writer = try ZipWriter(path: path)
    try writer.add(path: "a.bin", bytes: [UInt8](repeating: 7, count: 100_000))
    try writer.add(path: "b.bin", bytes: [UInt8](repeating: 7, count: 100_001))
    try writer.finish()

    let reader = try ZipReader(path: path)
    _ = try reader.nextEntry()
    #expect(try reader.readData(maxBytes: 100_000) { _ in } == 100_000)
    _ = try reader.nextEntry()
    let kind = zipErrorKind { _ = try reader.readData(maxBytes: 100_000) { _ in } }
    #expect(kind == .entryTooLarge)
}

@Test func unknownCompressionMethodIsUnsupported() throws {
    let scratch = try Scratch()
    var (bytes, locals) = try storedZip(in: scratch, middle: 5_000)
    let central = offsets(of: centralHeaderSignature, in: bytes)
    patch16(&bytes, at: locals[0] + 8, 18)  // IBM TERSE, which libarchive cannot decode
    patch16(&bytes, at: central[0] + 10, 18)
    let path = try scratch.write("method.zip", bytes)

    let outcomes = try readEverything(path)
    #expect(outcomes.map(\.error?.kind) == [.unsupported, nil, nil])
}

@Test func skippedEntryLetsTheNextOneBeRead() throws {
    let scratch = try Scratch()
    var (bytes, locals) = try storedZip(in: scratch, middle: 5_000)
    bytes[dataStart(bytes, localHeader: locals[0])] ^= 0xFF
    let path = try scratch.write("skip.zip", bytes)

    let reader = try ZipReader(path: path)
    _ = try reader.nextEntry()
    try reader.skipData()
    try reader.skipData()
    let second = try #require(try reader.nextEntry())
    #expect(second.name == "b.xml")
    #expect(try reader.readData(maxBytes: 1 << 20) { _ in } == 5_000)
}

@Test func consumerErrorStopsTheReadAndPassesThrough() throws {
    struct Stop: Error {}
    let scratch = try Scratch()
    let (bytes, _) = try storedZip(in: scratch, middle: 300_000)
    let path = try scratch.write("consumer.zip", bytes)

    let reader = try ZipReader(path: path)
    _ = try reader.nextEntry()
    _ = try reader.nextEntry()
    var calls = 0
    #expect(throws: Stop.self) {
        _ = try reader.readData(maxBytes: 1 << 20) { _ in
            calls += 1
            throw Stop()
        }
    }
    #expect(calls == 1)
    #expect(try reader.nextEntry()?.name == "c.xml")
}
