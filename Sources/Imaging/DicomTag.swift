/// A DICOM attribute tag, `(gggg,eeee)`, with the keyword of the standard's data dictionary.
public struct DicomTag: Sendable, Hashable, CustomStringConvertible {
    /// The group number; group `0002` is the file meta information.
    public let group: UInt16
    /// The element number within the group.
    public let element: UInt16
    /// The keyword from PS3.6, such as `PatientID`.
    public let keyword: String

    /// Creates a tag; `keyword` is for messages only.
    public init(_ group: UInt16, _ element: UInt16, _ keyword: String) {
        self.group = group
        self.element = element
        self.keyword = keyword
    }

    /// `(gggg,eeee) Keyword`, the numbers in lower-case hex as `dcmdump` prints them.
    public var description: String {
        "(\(Self.hex(group)),\(Self.hex(element))) \(keyword)"
    }

    private static func hex(_ number: UInt16) -> String {
        let digits = String(number, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension DicomTag {
    /// (0002,0002) Media Storage SOP Class UID, the meta header's copy of the SOP class.
    public static let mediaStorageSOPClassUID = DicomTag(
        0x0002, 0x0002, "MediaStorageSOPClassUID")
    /// (0002,0003) Media Storage SOP Instance UID, the meta header's copy of the instance.
    public static let mediaStorageSOPInstanceUID = DicomTag(
        0x0002, 0x0003, "MediaStorageSOPInstanceUID")
    /// (0002,0010) Transfer Syntax UID: how the data set after the meta header is encoded.
    public static let transferSyntaxUID = DicomTag(0x0002, 0x0010, "TransferSyntaxUID")
    /// (0008,0016) SOP Class UID.
    public static let sopClassUID = DicomTag(0x0008, 0x0016, "SOPClassUID")
    /// (0008,0018) SOP Instance UID.
    public static let sopInstanceUID = DicomTag(0x0008, 0x0018, "SOPInstanceUID")
    /// (0008,0020) Study Date.
    public static let studyDate = DicomTag(0x0008, 0x0020, "StudyDate")
    /// (0008,0030) Study Time.
    public static let studyTime = DicomTag(0x0008, 0x0030, "StudyTime")
    /// (0008,0050) Accession Number.
    public static let accessionNumber = DicomTag(0x0008, 0x0050, "AccessionNumber")
    /// (0008,0060) Modality.
    public static let modality = DicomTag(0x0008, 0x0060, "Modality")
    /// (0010,0020) Patient ID.
    public static let patientID = DicomTag(0x0010, 0x0020, "PatientID")
    /// (0020,000d) Study Instance UID.
    public static let studyInstanceUID = DicomTag(0x0020, 0x000D, "StudyInstanceUID")
    /// (0020,000e) Series Instance UID.
    public static let seriesInstanceUID = DicomTag(0x0020, 0x000E, "SeriesInstanceUID")
}
