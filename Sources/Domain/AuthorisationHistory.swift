/// Every stored version of one authorisation (one set id), and which of them is in force.
///
/// The newest version (highest version number) is in force, whatever order versions arrived
/// in. When the newest version is a cancellation, the authorisation grants nothing from the
/// cancellation's time on; its terms are those of the newest version before it.
public struct AuthorisationHistory: Sendable, Hashable {
    /// All versions, oldest first.
    public let versions: [Authorisation]

    /// Creates a history from versions in any order; they are sorted by version number.
    public init(versions: [Authorisation]) {
        self.versions = versions.sorted { $0.version < $1.version }
    }

    /// The newest version, the one in force.
    public var newest: Authorisation? { versions.last }

    /// The cancellation in force, when the newest version cancels the authorisation.
    public var cancellation: Authorisation? {
        guard let newest, newest.isCancelled else { return nil }
        return newest
    }

    /// The terms in force: the newest version that is not a cancellation.
    public var terms: Authorisation? { versions.last { !$0.isCancelled } }
}

/// Names one version of an authorisation in receipts and the register.
public struct AuthorisationRef: Sendable, Hashable, CustomStringConvertible, Codable {
    /// The authorisation's set id, shared by its versions.
    public let setID: OID
    /// The version's own document id.
    public let documentID: OID
    /// The version number.
    public let version: Int

    /// Creates a reference.
    public init(setID: OID, documentID: OID, version: Int) {
        self.setID = setID
        self.documentID = documentID
        self.version = version
    }

    /// A reference to `authorisation`.
    public init(_ authorisation: Authorisation) {
        self.init(setID: authorisation.setID, documentID: authorisation.documentID,
                  version: authorisation.version)
    }

    public var description: String { "\(setID) v\(version)" }
}
