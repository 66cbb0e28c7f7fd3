// libFuzzer target `manifest`: every input is one `manifest.xml`, read by `ManifestReader`
// (safe parse, validation against `osva-manifest.xsd`, typed values) as the bundle reader
// reads a staged manifest. Built and run by `scripts/fuzz.sh`.
import Documents

/// One reader for the whole run: it holds the compiled schema, as the bundle reader's does.
nonisolated(unsafe) private let reader: ManifestReader = {
    do {
        return try ManifestReader()
    } catch {
        fatalError("the manifest schema did not load: \(error)")
    }
}()

/// The bytes of lower-case hex digits.
private let hexDigits = Set("0123456789abcdef".utf8)

/// Reads the input as a manifest and traps when the reader breaks its contract.
///
/// The bytes are in memory, so no problem can be osva's (`isOsvaFault`). A manifest that is
/// read must hold what `docs/bundle-format.md` promises the rest of the job: at least one
/// entry, no path with an empty, `.` or `..` part or a `\`, no path twice, a SHA-256 of 64
/// lower-case hex digits, no negative size.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    do {
        let manifest = try reader.read(bytes: bytes)
        check(!manifest.entries.isEmpty, "a manifest without entries was read")
        var paths: Set<String> = []
        for entry in manifest.entries {
            let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
            check(
                !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
                    && !entry.path.contains("\\"),
                "path '\(entry.path)' was read")
            check(
                entry.sha256.utf8.count == 64
                    && entry.sha256.utf8.allSatisfy { hexDigits.contains($0) },
                "SHA-256 '\(entry.sha256)' was read")
            check((entry.size ?? 0) >= 0, "size \(entry.size ?? 0) was read")
            check(paths.insert(entry.path).inserted, "path '\(entry.path)' listed twice")
        }
    } catch {
        check(!error.isOsvaFault, "a manifest's problem blamed on osva: \(error)")
    }
    return 0
}
