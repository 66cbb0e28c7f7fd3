import CDCMTK

/// A DICOM Part 10 file parsed by DCMTK, its long values (pixel data) left on disk.
///
/// Owns the DCMTK handle and frees it when released; not `Sendable`, use it on one task.
final class DicomFile {
    private let handle: OpaquePointer

    /// Opens and parses the file at `path` through `osva_dicom_open`.
    ///
    /// Throws `notPart10`, `truncated`, `malformed` or `transferSyntaxUnsupported` for the
    /// file's faults, `unreadable` or `toolkitFailure` for osva's.
    init(path: String) throws(DicomProblem) {
        var message = [CChar](repeating: 0, count: 256)
        var opened: OpaquePointer?
        let status = osva_dicom_open(path, &opened, &message, message.count)
        let text = String(
            decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
            as: UTF8.self)
        guard status == OSVA_DICOM_OK, let opened else {
            throw Self.problem(status, text)
        }
        handle = opened
    }

    deinit {
        osva_dicom_close(handle)
    }

    /// The UTF-8 text of a top-level element through `osva_dicom_text`, padding kept, or nil
    /// when the element is absent.
    ///
    /// Throws `valueInvalid` for a value that is not text, too long or in a character set that
    /// cannot be converted.
    func text(_ tag: DicomTag) throws(DicomProblem) -> String? {
        let capacity = 4 * Int(OSVA_DICOM_TEXT_LIMIT) + 1
        var buffer = [CChar](repeating: 0, count: capacity)
        var length = 0
        let status = osva_dicom_text(handle, tag.group, tag.element, &buffer, capacity, &length)
        switch status {
        case OSVA_DICOM_OK:
            let bytes = buffer.prefix(length).map { UInt8(bitPattern: $0) }
            guard let value = String(validating: bytes, as: UTF8.self) else {
                throw DicomProblem(.valueInvalid, "the value is not valid text", tag: tag)
            }
            return value
        case OSVA_DICOM_ABSENT:
            return nil
        case OSVA_DICOM_NOT_TEXT:
            throw DicomProblem(.valueInvalid, "the value representation is not text", tag: tag)
        case OSVA_DICOM_TOO_LONG:
            throw DicomProblem(.valueInvalid, "the value is \(length) bytes long", tag: tag)
        case OSVA_DICOM_CHARSET:
            throw DicomProblem(
                .valueInvalid, "the value cannot be read in the file's character set", tag: tag)
        default:
            throw DicomProblem(.toolkitFailure, "DCMTK failed reading the value", tag: tag)
        }
    }

    /// The problem for a status of `osva_dicom_open`.
    private static func problem(_ status: osva_dicom_status, _ message: String) -> DicomProblem {
        switch status {
        case OSVA_DICOM_NOT_PART10:
            return DicomProblem(.notPart10, "no 128-byte preamble followed by \"DICM\"")
        case OSVA_DICOM_TRUNCATED:
            return DicomProblem(.truncated, "the file ends early (DCMTK: \(message))")
        case OSVA_DICOM_MALFORMED:
            return DicomProblem(.malformed, "DCMTK cannot parse the file: \(message)")
        case OSVA_DICOM_SYNTAX_UNKNOWN:
            return DicomProblem(.transferSyntaxUnsupported, message, tag: .transferSyntaxUID)
        case OSVA_DICOM_UNREADABLE:
            return DicomProblem(.unreadable, "the file cannot be read: \(message)")
        default:
            return DicomProblem(.toolkitFailure, message.isEmpty ? "DCMTK failed" : message)
        }
    }
}
