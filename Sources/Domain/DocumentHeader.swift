/// The Finnish CDA R2 header of a patient document, as far as storing it needs.
///
/// Values are typed where the document gave them well-formed; a missing or malformed value is
/// nil and its raw text, where there was one, is kept for the rejection message.
public struct DocumentHeader: Sendable, Hashable {
    /// The document id (`id/@root`, with `@extension` when present).
    public var documentID: String
    /// The id shared by all versions (`setId`).
    public var setID: String?
    /// The version number.
    public var version: Int?
    /// The document this version replaces (`relatedDocument[@typeCode='RPLC']`).
    public var replaces: String?
    /// The patient's henkilötunnus, when it is present and valid.
    public var patient: Henkilotunnus?
    /// The patient id as written (`recordTarget/patientRole/id/@extension`), and its root.
    public var patientText: String?
    /// Root of the patient id; `1.2.246.21` for a henkilötunnus.
    public var patientRoot: String?
    /// The register controller (custodian).
    public var registerController: OID?
    /// The register type (`ClinicalDocument/code` in code system 1.2.246.537.5.40150.2009).
    public var registerType: String?
    /// `hl7fi:custodianTypeCode`: 1 public, 2 private.
    public var custodianType: String?
    /// `hl7fi:patientRegistrySpecifier` (occupational health).
    public var registrySpecifier: String?
    /// `hl7fi:outsourcingServiceCustomer`: the organiser.
    public var organiser: OID?
    /// The producing organisation (encompassingEncounter's responsible party).
    public var producer: OID?
    /// The service event (`encompassingEncounter/id`).
    public var serviceEvent: String?
    /// When the document was made (`effectiveTime`).
    public var effectiveTime: HL7Time?
    /// `hl7fi:recordStatus` code.
    public var recordStatus: String?
    /// The document title.
    public var title: String?

    /// Creates a header with only its id; the reader fills in the rest.
    public init(documentID: String) {
        self.documentID = documentID
    }

    /// The register the document says it belongs to, when controller and type are present.
    public var register: RegisterRef? {
        guard let controller = registerController, let type = registerType else { return nil }
        return RegisterRef(controller: controller, type: type, specifier: registrySpecifier)
    }
}
