/// Why osva rejected a bundle, an entry, a document or an authorisation.
///
/// One catalogue serves receipts, reports and `docs/reason-codes.md`; each code's meaning and
/// the sender's next step are in `ReasonCode.catalogue`. Codes are stable: receivers map them.
public enum ReasonCode: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    // The bundle as a whole
    case senderInvalid = "sender-invalid"
    case bundleNotZip = "bundle-not-zip"
    case bundleTruncated = "bundle-truncated"
    case bundleCorrupt = "bundle-corrupt"
    case bundleEncrypted = "bundle-encrypted"
    case bundleTooLarge = "bundle-too-large"
    case bundleTooManyEntries = "bundle-too-many-entries"
    case bundleExpandsTooMuch = "bundle-expands-too-much"
    case bundleIDReused = "bundle-id-reused"
    case bundleQuarantined = "bundle-quarantined"
    // Entries of the archive
    case entryUnsafePath = "entry-unsafe-path"
    case entryNotRegularFile = "entry-not-regular-file"
    case entryNameAmbiguous = "entry-name-ambiguous"
    case entryTooLarge = "entry-too-large"
    // The manifest
    case manifestMissing = "manifest-missing"
    case manifestInvalid = "manifest-invalid"
    case manifestSenderMismatch = "manifest-sender-mismatch"
    case manifestEntryMissing = "manifest-entry-missing"
    case manifestEntryUnlisted = "manifest-entry-unlisted"
    case manifestHashMismatch = "manifest-hash-mismatch"
    // XML and CDA
    case xmlMalformed = "xml-malformed"
    case xmlDoctypeForbidden = "xml-doctype-forbidden"
    case xmlTooLarge = "xml-too-large"
    case xmlTooDeep = "xml-too-deep"
    case cdaNotCDA = "cda-not-cda"
    case cdaSchemaInvalid = "cda-schema-invalid"
    case documentKindMismatch = "document-kind-mismatch"
    // Patient documents
    case documentIDMissing = "document-id-missing"
    case documentPatientMissing = "document-patient-missing"
    case documentPatientInvalid = "document-patient-invalid"
    case documentRegisterMissing = "document-register-missing"
    case documentOrganiserMissing = "document-organiser-missing"
    case documentProducerNotSender = "document-producer-not-sender"
    case documentTimeMissing = "document-time-missing"
    case documentIDConflict = "document-id-conflict"
    case documentReplacesUnknown = "document-replaces-unknown"
    case documentDuplicateInBundle = "document-duplicate-in-bundle"
    // Storage right
    case rightNone = "right-none"
    case rightOtherOrganiser = "right-other-organiser"
    case rightOtherRegister = "right-other-register"
    case rightOtherPatient = "right-other-patient"
    case rightNotYetValid = "right-not-yet-valid"
    case rightExpired = "right-expired"
    case rightCancelled = "right-cancelled"
    case rightProviderBlank = "right-provider-blank"
    // Authorisations (form 362)
    case osvaSenderNotOrganiser = "osva-sender-not-organiser"
    case osvaRegisterNotControlled = "osva-register-not-controlled"
    case osvaCustodianMissing = "osva-custodian-missing"
    case osvaCustodianMismatch = "osva-custodian-mismatch"
    case osvaTypeMissing = "osva-type-missing"
    case osvaValidityStartMissing = "osva-validity-start-missing"
    case osvaValidityEndMissing = "osva-validity-end-missing"
    case osvaValidityReversed = "osva-validity-reversed"
    case osvaOrganiserMissing = "osva-organiser-missing"
    case osvaOrganiserNameMissing = "osva-organiser-name-missing"
    case osvaServiceUnitMissing = "osva-service-unit-missing"
    case osvaProviderInvalid = "osva-provider-invalid"
    case osvaProviderNameMissing = "osva-provider-name-missing"
    case osvaStorageBlockMissing = "osva-storage-block-missing"
    case osvaRegisterTypeMissing = "osva-register-type-missing"
    case osvaSpecifierMissing = "osva-specifier-missing"
    case osvaPatientMissing = "osva-patient-missing"
    case osvaPatientInvalid = "osva-patient-invalid"
    case osvaPatientNameMissing = "osva-patient-name-missing"
    case osvaVersionConflict = "osva-version-conflict"
    // Access requests and disclosure restrictions (docs/access.md)
    case requestInvalid = "request-invalid"
    case accessNone = "access-none"
    case accessOtherPatient = "access-other-patient"
    case accessCancelled = "access-cancelled"
    case accessNotYetValid = "access-not-yet-valid"
    case accessExpired = "access-expired"
    case accessRestricted = "access-restricted"
    case accessOutsideScope = "access-outside-scope"
    case restrictionsInvalid = "restrictions-invalid"
    case restrictionsNotController = "restrictions-not-controller"
    // Imaging studies (docs/imaging.md)
    case dicomNotPart10 = "dicom-not-part10"
    case dicomTruncated = "dicom-truncated"
    case dicomMalformed = "dicom-malformed"
    case dicomTransferSyntaxUnsupported = "dicom-transfer-syntax-unsupported"
    case dicomTagMissing = "dicom-tag-missing"
    case dicomUIDInvalid = "dicom-uid-invalid"
    case dicomValueInvalid = "dicom-value-invalid"
    case dicomMetaMismatch = "dicom-meta-mismatch"
    case studyIncomplete = "study-incomplete"
    case studyDocumentMissing = "study-document-missing"
    case studyUIDMixed = "study-uid-mixed"
    case studyInstanceRepeated = "study-instance-repeated"
    case studyInstanceConflict = "study-instance-conflict"
    case studyPatientMismatch = "study-patient-mismatch"
    case studyOtherPatient = "study-other-patient"
    case studyProviderNotImagingUser = "study-provider-not-imaging-user"

    /// The HL7 acknowledgement a rejection for this reason gives a bundle: `AR` for reasons
    /// outside the content (the sender decides whether to resend), `AE` for everything else.
    public var acknowledgement: Acknowledgement {
        switch self {
        case .senderInvalid, .bundleIDReused, .bundleQuarantined: .rejected
        default: .error
        }
    }

    /// True for reasons that concern the bundle as a whole: nothing in it is committed.
    public var rejectsWholeBundle: Bool {
        rawValue.hasPrefix("bundle-") || rawValue.hasPrefix("entry-")
            || rawValue.hasPrefix("manifest-") || self == .senderInvalid
    }

    public static func < (lhs: ReasonCode, rhs: ReasonCode) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// HL7 v3 acknowledgement codes, as Kanta answers stores.
public enum Acknowledgement: String, Sendable, Hashable, Comparable {
    /// `AA`: everything accepted.
    case accepted = "AA"
    /// `AE`: an error in content or processing; details per document.
    case error = "AE"
    /// `AR`: rejected for reasons not in the content.
    case rejected = "AR"

    private var rank: Int {
        switch self {
        case .accepted: 0
        case .error: 1
        case .rejected: 2
        }
    }

    public static func < (lhs: Acknowledgement, rhs: Acknowledgement) -> Bool {
        lhs.rank < rhs.rank
    }
}
