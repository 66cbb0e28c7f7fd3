/// What osva reads from a DICOM Part 10 file's header: the identifiers that place the image
/// in a patient's study, and how the file is encoded.
///
/// Values are stripped of their padding and converted to UTF-8. Optional values are nil when
/// the element is absent or empty (these are type 2 in the imaging IODs).
public struct DicomHeader: Sendable, Hashable {
    /// (0010,0020) Patient ID as the file carries it; not necessarily a henkilötunnus.
    public var patientID: String
    /// (0020,000d) Study Instance UID.
    public var studyInstanceUID: DicomUID
    /// (0020,000e) Series Instance UID.
    public var seriesInstanceUID: DicomUID
    /// (0008,0018) SOP Instance UID, equal to the meta header's (0002,0003).
    public var sopInstanceUID: DicomUID
    /// (0008,0016) SOP Class UID, equal to the meta header's (0002,0002).
    public var sopClassUID: DicomUID
    /// (0008,0050) Accession Number (at most 16 characters).
    public var accessionNumber: String?
    /// (0008,0060) Modality, a code string such as `CT` or `MR`.
    public var modality: String?
    /// (0008,0020) Study Date, `YYYYMMDD`.
    public var studyDate: String?
    /// (0008,0030) Study Time, `HH[MM[SS[.FFFFFF]]]`, local time of the study.
    public var studyTime: String?
    /// (0002,0010) Transfer Syntax UID of the data set.
    public var transferSyntaxUID: DicomUID

    /// Creates a header from values the caller has already checked.
    public init(
        patientID: String, studyInstanceUID: DicomUID, seriesInstanceUID: DicomUID,
        sopInstanceUID: DicomUID, sopClassUID: DicomUID, accessionNumber: String?,
        modality: String?, studyDate: String?, studyTime: String?, transferSyntaxUID: DicomUID
    ) {
        self.patientID = patientID
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.sopClassUID = sopClassUID
        self.accessionNumber = accessionNumber
        self.modality = modality
        self.studyDate = studyDate
        self.studyTime = studyTime
        self.transferSyntaxUID = transferSyntaxUID
    }
}

extension DicomHeader {
    /// Reads and checks the header elements of an opened file.
    ///
    /// The meta header comes first (transfer syntax, then its SOP class and instance), then
    /// the data set's UIDs, their agreement with the meta header, the patient and the optional
    /// values; the first problem found is thrown.
    init(reading file: DicomFile) throws(DicomProblem) {
        transferSyntaxUID = try Self.uid(.transferSyntaxUID, in: file)
        let metaClass = try Self.uid(.mediaStorageSOPClassUID, in: file)
        let metaInstance = try Self.uid(.mediaStorageSOPInstanceUID, in: file)
        sopClassUID = try Self.uid(.sopClassUID, in: file)
        sopInstanceUID = try Self.uid(.sopInstanceUID, in: file)
        studyInstanceUID = try Self.uid(.studyInstanceUID, in: file)
        seriesInstanceUID = try Self.uid(.seriesInstanceUID, in: file)
        try Self.expect(metaClass, equals: sopClassUID, tag: .mediaStorageSOPClassUID)
        try Self.expect(metaInstance, equals: sopInstanceUID, tag: .mediaStorageSOPInstanceUID)

        guard let patient = try Self.text(.patientID, .text, in: file) else {
            throw Self.missing(.patientID, in: file)
        }
        if let problem = DicomValueRules.problemInText(patient, maximum: 64) {
            throw DicomProblem(.valueInvalid, "the patient identifier " + problem, tag: .patientID)
        }
        patientID = patient
        accessionNumber = try Self.optional(.accessionNumber, .text, in: file) {
            DicomValueRules.problemInText($0, maximum: 16)
        }
        modality = try Self.optional(.modality, .code, in: file, DicomValueRules.problemInCode)
        studyDate = try Self.optional(.studyDate, .date, in: file, DicomValueRules.problemInDate)
        studyTime = try Self.optional(.studyTime, .time, in: file, DicomValueRules.problemInTime)
    }

    /// The stripped value, or nil when the element is absent or empty.
    private static func text(
        _ tag: DicomTag, _ representation: DicomValueRules.Representation, in file: DicomFile
    ) throws(DicomProblem) -> String? {
        guard let raw = try file.text(tag) else { return nil }
        let value = DicomValueRules.stripped(raw, as: representation)
        return value.isEmpty ? nil : value
    }

    private static func optional(
        _ tag: DicomTag, _ representation: DicomValueRules.Representation, in file: DicomFile,
        _ problem: (String) -> String?
    ) throws(DicomProblem) -> String? {
        guard let value = try text(tag, representation, in: file) else { return nil }
        if let detail = problem(value) { throw DicomProblem(.valueInvalid, detail, tag: tag) }
        return value
    }

    private static func uid(_ tag: DicomTag, in file: DicomFile) throws(DicomProblem) -> DicomUID {
        guard let value = try text(tag, .uid, in: file) else { throw missing(tag, in: file) }
        guard let uid = DicomUID(value) else {
            throw DicomProblem(
                .uidInvalid,
                "\"\(value.prefix(80))\" is not a UID (digits and dots, no leading zeros, "
                    + "64 characters at most)",
                tag: tag)
        }
        return uid
    }

    private static func missing(_ tag: DicomTag, in file: DicomFile) -> DicomProblem {
        let present = (try? file.text(tag)) != nil
        return DicomProblem(
            .tagMissing, present ? "the element is empty" : "the element is absent",
            tag: tag)
    }

    private static func expect(
        _ meta: DicomUID, equals dataSet: DicomUID, tag: DicomTag
    ) throws(DicomProblem) {
        guard meta != dataSet else { return }
        throw DicomProblem(
            .metaMismatch,
            "the meta header has \(meta), the data set \(dataSet); they must be equal", tag: tag)
    }
}
