// libFuzzer target `cda`: every input is one document, read by `CDAReader` (safe parse,
// root check, validation against the Finnish CDA schema, header and form 362 fields) as the
// pipeline reads each staged document. Built and run by `scripts/fuzz.sh`.
import Documents

/// One reader for the whole run: it holds the compiled schema, as the pipeline's does.
nonisolated(unsafe) private let reader: CDAReader = {
    do {
        return try CDAReader()
    } catch {
        fatalError("the CDA schema did not load: \(error)")
    }
}()

/// Reads the input as a CDA document and traps when the reader breaks its contract.
///
/// The bytes are in memory, so no problem can be osva's: one marked `isOsvaFault` would make
/// the job treat a sender's document as a fault of the run, and is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    switch reader.read(bytes: bytes, name: "fuzz.xml") {
    case .failure(let problem):
        check(!problem.isOsvaFault, "a document's problem blamed on osva: \(problem)")
    case .success(let content):
        // The values are the pipeline's next input; describing them walks every field.
        _ = String(describing: content)
    }
    return 0
}
