import Foundation

/// A provider's request to read an organiser's documents (format `urn:osva:request:1`,
/// `docs/access.md`).
///
/// The requesting provider is the bundle's sender (its drop folder), never a value in the
/// request. The filters narrow what is asked for; they never widen what the authorisation
/// allows.
public struct AccessRequest: Sendable, Hashable, Codable {
    /// The organiser whose registers are asked.
    public var organiser: OID
    /// Only this authorisation (set id), when the provider names one.
    public var authorisation: OID?
    /// The patients asked about: one under a patient-specific authorisation, any number
    /// under a register-specific one.
    public var patients: [Henkilotunnus]
    /// Only documents of these types, when not empty.
    public var documentTypes: [DocumentType]
    /// Only documents made on or after the start of this day (Helsinki), when given.
    public var from: HL7Time?
    /// Only documents made on or before the end of this day (Helsinki), when given.
    public var through: HL7Time?
    /// Only documents of these service events (`root`, or `root^extension`), when not empty.
    public var serviceEvents: [String]

    /// Creates a request for `patients` of `organiser`'s registers, without filters.
    public init(organiser: OID, patients: [Henkilotunnus]) {
        self.organiser = organiser
        self.patients = patients
        self.documentTypes = []
        self.serviceEvents = []
    }

    /// True when a document with these facts passes the request's time and service-event
    /// filters (document types are checked separately, as they are read from the file).
    public func matches(effectiveTime: HL7Time, serviceEvent: String?) -> Bool {
        if let from, effectiveTime.start < from.start { return false }
        if let through, effectiveTime.start >= through.end { return false }
        if !serviceEvents.isEmpty {
            guard let serviceEvent, serviceEvents.contains(serviceEvent) else { return false }
        }
        return true
    }

    /// True when a document classified as `types` passes the document-type filter.
    public func matches(types: [DocumentType]) -> Bool {
        documentTypes.isEmpty || types.contains { documentTypes.contains($0) }
    }
}

/// A document's type as Kanta classifies it: a code and its code system, e.g.
/// `hl7fi:documentType` (code system `1.2.246.537.5.5001.2011`) or a view in
/// `hl7fi:tableOfContents` (`1.2.246.537.6.12.2002`).
public struct DocumentType: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The code.
    public var code: String
    /// The code system's OID.
    public var codeSystem: String

    /// Creates a document type.
    public init(code: String, codeSystem: String) {
        self.code = code
        self.codeSystem = codeSystem
    }

    public var description: String { codeSystem + "/" + code }
}
