import Domain
import Foundation
import Testing

/// Typed values built from literals written in the tests, failing the test on a typo.
enum Value {
    /// An OID the test spells out.
    static func oid(_ text: String) throws -> OID {
        try #require(OID(text), "test OID \(text) is not well-formed")
    }

    /// An HL7 timestamp the test spells out.
    static func time(_ text: String) throws -> HL7Time {
        try #require(HL7Time(text), "test timestamp \(text) does not parse")
    }

    /// A test patient (individual number 900–999).
    static func patient(_ text: String) throws -> Henkilotunnus {
        try #require(Henkilotunnus(text), "test henkilötunnus \(text) does not validate")
    }

    /// An instant written by hand in ISO 8601, e.g. `2023-12-31T22:00:00Z`.
    static func instant(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if text.contains(".") {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        }
        return try #require(formatter.date(from: text), "test instant \(text) does not parse")
    }
}

/// The organisations and people of the test world; all ids are test ids.
enum World {
    /// The organiser's register controller.
    static let controller = "1.2.246.10.99999984.19.0"
    /// A register controller of somebody else.
    static let otherController = "1.2.246.10.99999987.19.0"
    /// The organiser (a wellbeing services county).
    static let organiser = "1.2.246.10.99999984.10.0"
    /// Another organiser.
    static let otherOrganiser = "1.2.246.10.99999987.10.0"
    /// The organiser's care-responsible service unit.
    static let serviceUnit = "1.2.246.10.99999984.10.1"
    /// The provider the authorisations name.
    static let provider = "1.2.246.10.99999985.10.0"
    /// A provider no authorisation names.
    static let otherProvider = "1.2.246.10.99999986.10.0"
    /// The patient the patient-specific authorisations name.
    static let patient = "030875-999Y"
    /// Another test patient.
    static let otherPatient = "231069-9711"
    /// The occupational-health register type.
    static let registerType = "4"
    /// The employer that specifies the occupational-health register.
    static let specifier = "1234567-8"

    /// The set id of authorisation number `n`.
    static func setID(_ n: Int) -> String { "1.2.246.10.99999984.77.\(n)" }

    /// The document id of version `version` of authorisation number `n`.
    static func documentID(_ n: Int, version: Int) -> String { "\(setID(n)).\(version)" }

    /// The reference a decision should name for that version.
    static func ref(_ n: Int, version: Int) throws -> AuthorisationRef {
        AuthorisationRef(setID: try Value.oid(setID(n)),
                         documentID: try Value.oid(documentID(n, version: version)),
                         version: version)
    }

    /// The register the authorisations store into.
    static func register() throws -> RegisterRef {
        RegisterRef(controller: try Value.oid(controller), type: registerType,
                    specifier: specifier)
    }

    /// A complete, valid patient-specific authorisation: version 1 of authorisation `n`,
    /// valid 1.1.–30.6.2024, storage right on `register()`, with an access right block.
    static func authorisation(_ n: Int = 1, version: Int = 1) throws -> Authorisation {
        var a = Authorisation(
            documentID: try Value.oid(documentID(n, version: version)),
            setID: try Value.oid(setID(n)), version: version,
            effectiveTime: try Value.time("20231215120000+0200"))
        if version > 1 { a.replaces = try Value.oid(documentID(n, version: version - 1)) }
        a.custodian = try Value.oid(controller)
        a.formID = try Value.oid(setID(n))
        a.kind = .patientSpecific
        a.validFrom = try Value.time("20240101")
        a.validUntil = try Value.time("20240630")
        a.organiser = Party(id: try Value.oid(organiser), name: "Testihyvinvointialue")
        a.serviceUnit = Party(id: try Value.oid(serviceUnit), name: "Testiterveysasema")
        a.provider = Party(id: try Value.oid(provider), name: "Testituottaja Oy")
        a.storageRight = try register()
        a.accessRight = try register()
        a.patient = try Value.patient(patient)
        a.patientText = patient
        a.patientName = "Testi Potilas"
        return a
    }

    /// The cancellation of authorisation `n` as version `version`, made at `time`.
    static func cancellation(_ n: Int = 1, version: Int, at time: String) throws
        -> Authorisation
    {
        var a = Authorisation(
            documentID: try Value.oid(documentID(n, version: version)),
            setID: try Value.oid(setID(n)), version: version,
            effectiveTime: try Value.time(time))
        a.replaces = try Value.oid(documentID(n, version: version - 1))
        a.custodian = try Value.oid(controller)
        a.isCancelled = true
        return a
    }

    /// A document of `patient` in `register()`, organised by `organiser`, made at `time`.
    static func document(
        time: String, patient: String = patient, organiser: String = organiser,
        register: RegisterRef? = nil
    ) throws -> StorageRight.Document {
        StorageRight.Document(
            register: try register ?? World.register(), patient: try Value.patient(patient),
            organiser: try Value.oid(organiser), time: try Value.time(time))
    }
}
