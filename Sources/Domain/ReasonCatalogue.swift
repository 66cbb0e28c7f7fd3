/// One row of the reason-code catalogue: what a code means and what the sender should do.
public struct ReasonEntry: Sendable, Hashable {
    /// The code.
    public let code: ReasonCode
    /// What went wrong, in plain language.
    public let meaning: String
    /// What the sender should do about it.
    public let action: String
}

extension ReasonCode {
    /// The catalogue entry for this code.
    public var entry: ReasonEntry {
        let (meaning, action) = Self.texts[self] ?? ("Unknown reason.", "Contact the operator.")
        return ReasonEntry(code: self, meaning: meaning, action: action)
    }

    /// The whole catalogue, in declaration order.
    public static var catalogue: [ReasonEntry] { allCases.map(\.entry) }

    private static let fixBundle = "Fix the bundle and send it again with a new bundle id."
    private static let fixDocument = "Correct the document and send it again in a new bundle."
    private static let askOrganiser =
        "Ask the organiser for an authorisation that covers this document, then resend."
    private static let fixOSVA = "Correct the authorisation and send it as a new version."
    private static let askAccess =
        "Ask the organiser for an authorisation in force that covers the patient."

    private static let texts: [ReasonCode: (String, String)] = [
        .senderInvalid: ("The drop folder's name is not an organisation OID.",
                         "The operator must fix the drop folder; the bundle was not read."),
        .bundleNotZip: ("The file is not a zip archive.", fixBundle),
        .bundleTruncated: ("The zip archive ends early: it is incomplete.",
                           "Upload the whole bundle again."),
        .bundleCorrupt: ("The zip archive is damaged (checksum or size mismatch).", fixBundle),
        .bundleEncrypted: ("An entry of the zip archive is encrypted; osva reads no passwords.",
                           "Send the bundle without encryption (the transfer is protected)."),
        .bundleTooLarge: ("The bundle is larger than osva's limit.",
                          "Split the documents into several bundles."),
        .bundleTooManyEntries: ("The bundle has more entries than osva's limit.",
                                "Split the documents into several bundles."),
        .bundleExpandsTooMuch: ("The bundle unpacks to more data, or compresses more, than "
                                + "osva's limits allow.",
                                "Split the documents into several bundles."),
        .bundleIDReused: ("A different bundle with this bundle id was received earlier.",
                          "Give every bundle a new id."),
        .bundleQuarantined: ("The bundle failed processing repeatedly and was set aside.",
                             "Wait for the operator, who will retry or contact you."),
        .entryUnsafePath: ("An entry's name is absolute, climbs with '..', or uses '\\'.",
                           fixBundle),
        .entryNotRegularFile: ("An entry is a link or device, not a regular file or folder.",
                               fixBundle),
        .entryNameAmbiguous: ("Two entries have the same name, or names that differ only in "
                              + "case.", fixBundle),
        .entryTooLarge: ("An entry is larger than osva's limit for one document.", fixBundle),
        .manifestMissing: ("The bundle has no manifest.xml at its root.", fixBundle),
        .manifestInvalid: ("manifest.xml is not valid against osva's bundle schema.", fixBundle),
        .manifestSenderMismatch: ("The manifest names a sender other than the drop folder.",
                                  fixBundle),
        .manifestEntryMissing: ("A file listed in the manifest is not in the bundle.", fixBundle),
        .manifestEntryUnlisted: ("A file in the bundle is not listed in the manifest.", fixBundle),
        .manifestHashMismatch: ("A file's SHA-256 differs from the manifest's.", fixBundle),
        .xmlMalformed: ("The document is not well-formed XML.", fixDocument),
        .xmlDoctypeForbidden: ("The document has a DOCTYPE; CDA documents must not.",
                               fixDocument),
        .xmlTooLarge: ("The document is larger than osva's limit.", fixDocument),
        .xmlTooDeep: ("The document nests elements deeper than osva's limit.", fixDocument),
        .cdaNotCDA: ("The document is not an HL7 CDA R2 ClinicalDocument (urn:hl7-org:v3).",
                     fixDocument),
        .cdaSchemaInvalid: ("The document is not valid against the Finnish CDA schema.",
                            fixDocument),
        .documentKindMismatch: ("The manifest's kind for this file does not match its "
                                + "content (authorisation or patient document).", fixBundle),
        .documentIDMissing: ("The document has no valid id.", fixDocument),
        .documentPatientMissing: ("The document names no patient henkilötunnus.", fixDocument),
        .documentPatientInvalid: ("The patient's henkilötunnus is not valid.", fixDocument),
        .documentRegisterMissing: ("The register controller or register type is missing.",
                                   fixDocument),
        .documentOrganiserMissing: ("The document does not name the organiser "
                                    + "(hl7fi:outsourcingServiceCustomer).", fixDocument),
        .documentProducerNotSender: ("The producing organisation is not the sender.",
                                     fixDocument),
        .documentTimeMissing: ("The document has no valid effectiveTime.", fixDocument),
        .documentIDConflict: ("A different document with this id is already stored.",
                              "Give the new document its own id, or send it as a new version."),
        .documentReplacesUnknown: ("The document replaces a version that is not stored.",
                                   "Send the replaced version first, or check the reference."),
        .documentDuplicateInBundle: ("The same document id appears twice in the bundle.",
                                     fixBundle),
        .rightNone: ("No authorisation exists for this register and provider.", askOrganiser),
        .rightOtherOrganiser: ("The authorisation's organiser is not the document's.",
                               fixDocument),
        .rightOtherRegister: ("The authorisation is for another register type or specifier.",
                              askOrganiser),
        .rightOtherPatient: ("The authorisation is for another patient.", askOrganiser),
        .rightNotYetValid: ("The document is dated before the authorisation's validity.",
                            askOrganiser),
        .rightExpired: ("The document is dated after the authorisation's validity, or arrived "
                        + "after its grace period.", askOrganiser),
        .rightCancelled: ("The authorisation was cancelled.", askOrganiser),
        .rightProviderBlank: ("The organiser has not yet named the provider in the "
                              + "authorisation.", "Wait until the organiser completes it."),
        .osvaSenderNotOrganiser: ("Only the organiser named in an authorisation may send it.",
                                  "Providers cannot send authorisations; ask the organiser."),
        .osvaRegisterNotControlled: ("The organiser does not control the register named in "
                                     + "the authorisation.", fixOSVA),
        .osvaCustodianMissing: ("The authorisation has no custodian.", fixOSVA),
        .osvaCustodianMismatch: ("The custodian is not the storage block's register "
                                 + "controller.", fixOSVA),
        .osvaTypeMissing: ("Type (field 4) is missing or not 1 or 2.", fixOSVA),
        .osvaValidityStartMissing: ("Validity start (field 6, low) is missing.", fixOSVA),
        .osvaValidityEndMissing: ("Validity end (field 6, high) is missing.", fixOSVA),
        .osvaValidityReversed: ("Validity ends before it starts.", fixOSVA),
        .osvaOrganiserMissing: ("The organiser's OID (field 8) is missing.", fixOSVA),
        .osvaOrganiserNameMissing: ("The organiser's name (field 9) is missing.", fixOSVA),
        .osvaServiceUnitMissing: ("A patient-specific authorisation needs the service unit "
                                  + "(field 10).", fixOSVA),
        .osvaProviderInvalid: ("The provider's OID (field 13) is not a valid OID.", fixOSVA),
        .osvaProviderNameMissing: ("The provider's name (field 14) is missing.", fixOSVA),
        .osvaStorageBlockMissing: ("The storage right block (field 20) is missing.", fixOSVA),
        .osvaRegisterTypeMissing: ("A right block lacks its register controller or type.",
                                   fixOSVA),
        .osvaSpecifierMissing: ("Register type 4 (occupational health) needs its specifier.",
                                fixOSVA),
        .osvaPatientMissing: ("A patient-specific authorisation needs the patient (field 26).",
                              fixOSVA),
        .osvaPatientInvalid: ("The patient's henkilötunnus (field 26) is not valid.", fixOSVA),
        .osvaPatientNameMissing: ("The patient's name (field 27) is missing.", fixOSVA),
        .osvaVersionConflict: ("A different authorisation with this id and version is already "
                               + "stored.", "Send the change with a higher version number."),
        .requestInvalid: ("The request is not valid against osva's request schema, or names "
                          + "a patient id that is not a valid henkilötunnus.",
                          "Correct the request (see docs/access.md) and send it again."),
        .accessNone: ("No authorisation of the organiser names this provider.", askAccess),
        .accessOtherPatient: ("The provider's authorisations in force are for other patients.",
                              askAccess),
        .accessCancelled: ("The authorisation was cancelled before the request.", askAccess),
        .accessNotYetValid: ("The request came before the authorisation's validity.",
                             "Send the request again once the authorisation is valid."),
        .accessExpired: ("The request came after the authorisation's validity ended.",
                         askAccess),
        .accessRestricted: ("The patient has restricted the disclosure of this document, and "
                            + "the authorisation gives no access right that covers it.",
                            "Ask the organiser for an authorisation with an access right, or "
                                + "ask the patient."),
        .accessOutsideScope: ("The document is outside the documents the access right "
                              + "discloses (time interval or service events).",
                              "Ask the organiser to widen the authorisation's disclosure."),
        .restrictionsInvalid: ("The restrictions file is not valid against osva's "
                               + "restrictions schema, or names an invalid henkilötunnus.",
                               "Correct the file (see docs/access.md); nothing of it was "
                                   + "applied."),
        .restrictionsNotController: ("The sender does not control the register a restriction "
                                     + "names (or controls no register at all).",
                                     "Send restrictions only for your own registers (see "
                                         + "`osva registers`); nothing of the file was "
                                         + "applied."),
        .dicomNotPart10: ("The image is not a DICOM Part 10 file (no 128-byte preamble and "
                          + "'DICM', or no file meta information).",
                          fixStudy),
        .dicomTruncated: ("The DICOM file ends early: it is incomplete.", fixStudy),
        .dicomMalformed: ("The DICOM file's structure is damaged and cannot be read.",
                          fixStudy),
        .dicomTransferSyntaxUnsupported: ("The DICOM file uses a transfer syntax osva does not "
                                          + "know.", fixStudy),
        .dicomTagMissing: ("A DICOM element osva needs (named in the message) is missing or "
                           + "empty.", fixStudy),
        .dicomUIDInvalid: ("A DICOM UID is not well formed (digits and dots, no leading zeros, "
                           + "at most 64 characters).", fixStudy),
        .dicomValueInvalid: ("A DICOM value is not valid for its element (named in the "
                             + "message).", fixStudy),
        .dicomMetaMismatch: ("The DICOM file meta information contradicts the data set (SOP "
                             + "class or instance).", fixStudy),
        .studyIncomplete: ("Another part of this imaging study was rejected; a study is "
                           + "stored whole or not at all.",
                           "Fix the part named in the other rejection and resend the whole "
                               + "study."),
        .studyDocumentMissing: ("The study has no CDA document (request, study note or "
                                + "report) to tie its images to a patient and register.",
                                "Send the study's documents with its images."),
        .studyUIDMixed: ("The images of one study carry different Study Instance UIDs.",
                         "Send each study under its own study label."),
        .studyInstanceRepeated: ("Two images of the study have the same SOP Instance UID.",
                                 fixStudy),
        .studyInstanceConflict: ("An image with this SOP Instance UID is already stored with "
                                 + "other content.",
                                 "A changed image needs a new SOP Instance UID; resend the "
                                     + "study with it."),
        .studyPatientMismatch: ("An image's patient is not the patient of the study's "
                                + "documents.",
                                "Check that the images and documents belong to the same "
                                    + "patient; resend the study."),
        .studyOtherPatient: ("A study with this Study Instance UID is already stored for "
                             + "another patient or register.",
                             "Check the study's UID; a new study needs a new UID."),
        .studyProviderNotImagingUser: ("The sender is not configured as a user of the Imaging "
                                       + "Data Repository, so it may not store images.",
                                       "Ask the operator to configure the provider "
                                           + "(`osva imaging-users add`)."),
    ]

    private static let fixStudy = "Fix the image and resend the whole study."
}
