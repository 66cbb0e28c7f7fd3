import Foundation

/// One version of an outsourcing authorisation (OSVA, CDA R2 form 362), as the organiser wrote
/// it. Fields the document leaves out are nil; `AuthorisationRules` says which are required.
public struct Authorisation: Sendable, Hashable, Codable {
    /// Patient-specific (`1`) or register-specific (`2`).
    public enum Kind: String, Sendable, Hashable, Codable {
        case patientSpecific = "1"
        case registerSpecific = "2"
    }

    /// Which of the organiser's documents the provider may be shown (access right).
    public enum Disclosure: Sendable, Hashable, Codable {
        /// All documents (field 30).
        case all
        /// Documents from a time interval (field 31).
        case interval(low: HL7Time, high: HL7Time)
        /// Documents of the listed service events (field 32).
        case serviceEvents([OID])
    }

    /// Extra information for the provider about the service (osva's extension, see docs).
    public struct AdditionalInformation: Sendable, Hashable, Codable {
        /// Free text for the provider.
        public var text: String?
        /// Coded values: code, code system and display name.
        public var codes: [Code]

        /// A coded value.
        public struct Code: Sendable, Hashable, Codable {
            public var code: String
            public var codeSystem: String
            public var displayName: String?

            /// Creates a code.
            public init(code: String, codeSystem: String, displayName: String? = nil) {
                self.code = code
                self.codeSystem = codeSystem
                self.displayName = displayName
            }
        }

        /// Creates additional information.
        public init(text: String? = nil, codes: [Code] = []) {
            self.text = text
            self.codes = codes
        }
    }

    // Document header
    /// This version's document id (`ClinicalDocument/id/@root`).
    public var documentID: OID
    /// The id shared by all versions (`setId`).
    public var setID: OID
    /// The version number; the newest version is in force.
    public var version: Int
    /// The version this one replaces (`relatedDocument[@typeCode='RPLC']`).
    public var replaces: OID?
    /// When this version was made (`effectiveTime`).
    public var effectiveTime: HL7Time
    /// The document's custodian: the register controller that holds the authorisation.
    public var custodian: OID?
    /// True when this version cancels the authorisation (record status 7).
    public var isCancelled: Bool

    // Form 362
    /// Field 2: the authorisation's own identifier.
    public var formID: OID?
    /// Fields 3–4.
    public var kind: Kind?
    /// Field 6: validity start (`low`).
    public var validFrom: HL7Time?
    /// Field 6: validity end (`high`).
    public var validUntil: HL7Time?
    /// Fields 8–9.
    public var organiser: Party?
    /// Fields 10–11: the organiser's care-responsible service unit.
    public var serviceUnit: Party?
    /// Fields 13–14; nil while the provider is left blank (service voucher).
    public var provider: Party?
    /// Fields 15–19: the access right block, when present.
    public var accessRight: RegisterRef?
    /// Fields 20–24: the storage right block (required).
    public var storageRight: RegisterRef?
    /// Fields 26: the patient (patient-specific only).
    public var patient: Henkilotunnus?
    /// The patient id exactly as written, kept when it does not validate.
    public var patientText: String?
    /// Field 27: the patient's name as text.
    public var patientName: String?
    /// Fields 29–32.
    public var disclosure: Disclosure?
    /// Fields 41–42: a service event the organiser opened for the provider.
    public var serviceEvent: OID?
    /// Fields 33–37: who recorded the authorisation (name) and when.
    public var recordedBy: String?
    /// Field 37.
    public var recordedAt: HL7Time?
    /// osva's extension: more about the service to be provided.
    public var additionalInformation: AdditionalInformation?

    /// Problems the reader found in values it could not type (a malformed OID, a right block
    /// without its controller); `AuthorisationRules` reports them with the rest.
    public var readProblems: [ReasonCode] = []

    /// Creates an authorisation version with its header; form fields start empty.
    public init(documentID: OID, setID: OID, version: Int, effectiveTime: HL7Time) {
        self.documentID = documentID
        self.setID = setID
        self.version = version
        self.effectiveTime = effectiveTime
        self.isCancelled = false
    }

    /// True when the organiser has left the provider blank.
    public var isProviderBlank: Bool { provider == nil }
}
