import Foundation

/// What happened to one bundle: the content of its receipt.
///
/// Built by the pipeline as it goes, written once as the receipt, and recorded in the
/// database, so that receipts, reports and the register always agree.
public struct BundleResult: Sendable, Hashable, Codable {
    /// The bundle's file name as dropped in the inbox.
    public var file: String
    /// The bundle id from its manifest, when the manifest could be read.
    public var bundleID: String?
    /// The sender: the name of the drop folder.
    public var sender: String
    /// When osva claimed the bundle.
    public var received: Date
    /// When osva finished it.
    public var processed: Date
    /// The SHA-256 of the bundle file.
    public var sha256: String?
    /// Set when the bundle was rejected as a whole; nothing of it was committed.
    public var rejection: Rejection?
    /// One item per document, authorisation or restrictions file in the manifest; a request
    /// has one per patient, followed by one per document returned or withheld.
    public var items: [ItemResult]
    /// Entries skipped as operating-system junk (`__MACOSX/`, `.DS_Store`, `Thumbs.db`).
    public var ignored: [String]

    /// Creates an empty result for a bundle.
    public init(file: String, sender: String, received: Date) {
        self.file = file
        self.sender = sender
        self.received = received
        self.processed = received
        self.items = []
        self.ignored = []
    }

    /// The bundle's acknowledgement: `AA` when nothing was rejected, `AR` for a rejection for
    /// reasons outside the content, `AE` otherwise.
    public var acknowledgement: Acknowledgement {
        if let rejection { return rejection.code.acknowledgement }
        return items.contains { $0.outcome == .rejected } ? .error : .accepted
    }

    /// How many items ended with `outcome`.
    public func count(_ outcome: ItemResult.Outcome) -> Int {
        items.filter { $0.outcome == outcome }.count
    }
}

/// A rejection with its reason, the entry it concerns and a plain-language detail.
public struct Rejection: Sendable, Hashable, Codable {
    /// The reason code.
    public var code: ReasonCode
    /// Specific detail for the sender: which rule, line and column, which value.
    public var detail: String
    /// The entry's index in the archive (1-based), when one entry caused it.
    public var entryIndex: Int?
    /// The entry's name, escaped for display, when one entry caused it.
    public var entryName: String?

    /// Creates a rejection.
    public init(_ code: ReasonCode, _ detail: String, entryIndex: Int? = nil,
                entryName: String? = nil) {
        self.code = code
        self.detail = detail
        self.entryIndex = entryIndex
        self.entryName = entryName
    }
}

/// The outcome of one document or authorisation of a bundle.
public struct ItemResult: Sendable, Hashable, Codable {
    /// What the manifest says the file is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case authorisation, document
        /// A provider's request to read documents (`urn:osva:request:1`, docs/access.md).
        case request
        /// An organiser's patients' disclosure restrictions (`urn:osva:restrictions:1`).
        case restrictions
        /// A DICOM Part 10 file of an imaging study (docs/imaging.md).
        case image
    }

    /// What osva did with it.
    public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
        /// Committed to the register (or, for an authorisation, applied to the grants).
        case accepted
        /// Identical to what is already stored; acknowledged, not stored again.
        case alreadyStored = "already-stored"
        /// Not committed; `reason` says why.
        case rejected
        /// A document given to the requesting provider in the response bundle.
        case returned
        /// A document the request asked for that was not given; `reason` says why.
        case withheld
    }

    /// The file's path inside the bundle.
    public var path: String
    /// The file's kind.
    public var kind: Kind
    /// The document's id, when it could be read.
    public var documentID: String?
    /// The patient's henkilötunnus, when it could be read.
    public var patient: String?
    /// The register the document was for, when it could be read.
    public var register: RegisterRef?
    /// The outcome.
    public var outcome: Outcome
    /// The reason of a rejection.
    public var reason: ReasonCode?
    /// Plain-language message for the sender.
    public var message: String
    /// The authorisation that allowed the document, or the closest one when refused.
    public var authorisation: AuthorisationRef?
    /// The organiser's additional information about the service (form 362 field 43) in the
    /// authorisation that allowed the document, shown to the provider in its receipt.
    public var serviceInformation: Authorisation.AdditionalInformation?
    /// For an item of an imaging study: the sender's study label.
    public var study: String?
    /// For an image: its Study and SOP Instance UIDs, when they could be read.
    public var studyInstanceUID: String?
    public var sopInstanceUID: String?

    /// Creates an item result.
    public init(path: String, kind: Kind, outcome: Outcome, reason: ReasonCode? = nil,
                message: String) {
        self.path = path
        self.kind = kind
        self.outcome = outcome
        self.reason = reason
        self.message = message
    }
}
