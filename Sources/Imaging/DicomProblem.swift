/// Why osva could not read a DICOM file's header: a kind with a stable code, the element
/// concerned when there is one, and a detail for the sender.
///
/// `detail` names tags and rules; it quotes UIDs and codes but never a patient's identifier.
public struct DicomProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the file; each raw value is a stable reason code.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// No 128-byte preamble followed by `DICM`: not a DICOM Part 10 file (a bare data
        /// set, another format, or a file shorter than 132 bytes).
        case notPart10 = "dicom-not-part10"
        /// The file ends inside an element, an item or the meta header.
        case truncated = "dicom-truncated"
        /// DCMTK could not parse the meta header or data set.
        case malformed = "dicom-malformed"
        /// The meta header names a transfer syntax that cannot be parsed.
        case transferSyntaxUnsupported = "dicom-transfer-syntax-unsupported"
        /// A required element is absent or empty.
        case tagMissing = "dicom-tag-missing"
        /// A UID breaks the UID rule (PS3.5 §9.1).
        case uidInvalid = "dicom-uid-invalid"
        /// A value is too long, has several values, the wrong value representation, bad
        /// characters, or is not a valid date or time.
        case valueInvalid = "dicom-value-invalid"
        /// The meta header's SOP class or instance differs from the data set's.
        case metaMismatch = "dicom-meta-mismatch"
        /// The file could not be opened or read: osva's side, not the sender's.
        case unreadable = "dicom-unreadable"
        /// DCMTK is not usable (data dictionary missing, memory exhausted): osva's side.
        case toolkitFailure = "dicom-toolkit-failure"
    }

    /// What is wrong.
    public let kind: Kind
    /// The element concerned, for tag, UID, value and mismatch problems.
    public let tag: DicomTag?
    /// A plain-language detail: which rule, which element.
    public let detail: String

    /// Creates a problem.
    public init(_ kind: Kind, _ detail: String, tag: DicomTag? = nil) {
        self.kind = kind
        self.detail = detail
        self.tag = tag
    }

    /// The reason code, such as `dicom-tag-missing`.
    public var code: String { kind.rawValue }

    /// True when the fault is osva's (the file could not be read, DCMTK is broken): the
    /// caller should treat it as a fault of the run, not reject the file.
    public var isOsvaFault: Bool { kind == .unreadable || kind == .toolkitFailure }

    /// `code: detail`, with the tag when there is one.
    public var description: String {
        code + ": " + (tag.map { "\($0): " } ?? "") + detail
    }
}
