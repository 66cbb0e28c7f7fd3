/// A patient register in Kanta: who controls it, which kind it is and, for occupational
/// health, which employer's register it is.
///
/// Two registers are the same only when controller, type and specifier all match.
public struct RegisterRef: Sendable, Hashable, CustomStringConvertible, Codable {
    /// The register controller (rekisterinpitäjä), usually ending in `.19.0`.
    public var controller: OID
    /// The register type code (code system `1.2.246.537.5.40150.2009`), e.g. `2` public,
    /// `3` private, `4` occupational health.
    public var type: String
    /// The register specifier (occupational health only), e.g. an employer's business id.
    public var specifier: String?

    /// Creates a register reference.
    public init(controller: OID, type: String, specifier: String? = nil) {
        self.controller = controller
        self.type = type
        self.specifier = specifier
    }

    /// The register type of occupational health, which needs a specifier.
    public static let occupationalHealthType = "4"

    public var description: String {
        "\(controller)/\(type)" + (specifier.map { "/\($0)" } ?? "")
    }
}

/// An organisation or service unit named in a document: its OID and, where given, its name.
public struct Party: Sendable, Hashable, Codable {
    /// The organisation's OID.
    public var id: OID
    /// The organisation's name, as written in the document.
    public var name: String?

    /// Creates a party.
    public init(id: OID, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// Code systems osva reads.
public enum CodeSystem {
    /// Register type (potilasasiakirjan rekisteritunnus).
    public static let registerType = "1.2.246.537.5.40150.2009"
    /// Fields of form 362, the outsourcing authorisation.
    public static let form362 = "1.2.246.537.6.12.2002.362"
    /// Forms (näkymät); form 362 is the outsourcing authorisation.
    public static let forms = "1.2.246.537.6.12.2002"
    /// Outsourcing type: 1 patient-specific, 2 register-specific.
    public static let outsourcingType = "1.2.246.537.6.1400.1"
    /// Henkilötunnus, as the root of an `II`.
    public static let henkilotunnus = "1.2.246.21"
    /// Document record status; `7` is "removed" (a cancellation).
    public static let recordStatus = "1.2.246.537.5.40154.2008"
}
