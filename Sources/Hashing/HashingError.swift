/// A failure while hashing: the kind, a message for the operator and what was being hashed.
///
/// Thrown by ``SHA256Hasher`` when libcrypto cannot set up a digest context and by
/// ``SHA256Hasher/digest(ofFile:)`` when the file cannot be opened or read.
public struct HashingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that branch on the cause.
    public enum Kind: String, Sendable, Equatable {
        /// libcrypto refused an operation (context allocation or digest set-up).
        case library
        /// The file could not be opened, was not a regular file, or a read failed.
        case io
    }

    /// What went wrong.
    public let kind: Kind
    /// A sentence for the operator; it never contains file contents.
    public let message: String
    /// The file being hashed, or `nil` for in-memory input.
    public let path: String?

    /// Creates an error; `path` names the file being hashed, if any.
    public init(_ kind: Kind, _ message: String, path: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    /// `hashing <kind>: <message> (file <path>)`, one line.
    public var description: String {
        var text = "hashing \(kind.rawValue): \(message)"
        if let path {
            text += " (file \(path))"
        }
        return text
    }
}
