import Domain

/// What a valid CDA document turned out to be.
public enum CDAContent: Sendable {
    /// An outsourcing authorisation (form 362), read field by field.
    case authorisation(Authorisation)
    /// Any other patient document: its Finnish CDA header.
    case document(DocumentHeader)
}
