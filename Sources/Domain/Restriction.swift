/// A patient's restriction of the disclosure of their data, as the organiser records it
/// (format `urn:osva:restrictions:1`, `docs/access.md`).
///
/// Under the normal disclosure rules a restricted document is never given to a provider;
/// an access right (form 362 field 15) covers it within its disclosure scope.
public struct Restriction: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which of the organiser's documents the restriction covers.
    public enum Scope: Sendable, Hashable, Codable {
        /// Every register the organiser controls.
        case allRegisters
        /// One register: controller, type and specifier must all match.
        case register(RegisterRef)
    }

    /// The patient.
    public var patient: Henkilotunnus
    /// What it covers.
    public var scope: Scope

    /// Creates a restriction.
    public init(patient: Henkilotunnus, scope: Scope) {
        self.patient = patient
        self.scope = scope
    }

    public var description: String {
        switch scope {
        case .allRegisters: "\(patient.value) (all registers)"
        case .register(let register): "\(patient.value) (register \(register))"
        }
    }
}

/// One change an organiser sends: a restriction added or lifted.
public struct RestrictionChange: Sendable, Hashable, Codable {
    /// Added (`restrict`) or lifted (`lift`).
    public enum Action: String, Sendable, Hashable, Codable {
        case restrict, lift
    }

    /// What happens.
    public var action: Action
    /// The restriction added or lifted.
    public var restriction: Restriction

    /// Creates a change.
    public init(_ action: Action, _ restriction: Restriction) {
        self.action = action
        self.restriction = restriction
    }
}
