import Foundation

/// A bundle's `manifest.xml`: who sent it, when, and every file it carries.
///
/// The format is `urn:osva:bundle:1`, described in `docs/bundle-format.md`.
public struct Manifest: Sendable, Hashable, Codable {
    /// One listed file.
    public struct Entry: Sendable, Hashable, Codable {
        /// The file's path inside the bundle, `/`-separated.
        public var path: String
        /// What the file is.
        public var kind: ItemResult.Kind
        /// The file's SHA-256, lower-case hex.
        public var sha256: String
        /// The file's size in bytes, when the sender gave it.
        public var size: Int64?
        /// The imaging study the file belongs to: the sender's label that ties a study's
        /// images and CDA documents together (docs/imaging.md); nil outside studies.
        public var study: String?

        /// Creates an entry.
        public init(path: String, kind: ItemResult.Kind, sha256: String, size: Int64? = nil,
                    study: String? = nil) {
            self.path = path
            self.kind = kind
            self.sha256 = sha256
            self.size = size
            self.study = study
        }
    }

    /// The sender's id for this bundle; unique per sender.
    public var bundleID: String
    /// The sender's OID as the manifest states it (must equal the drop folder).
    public var sender: String
    /// When the sender made the bundle.
    public var created: Date
    /// The listed files, in manifest order.
    public var entries: [Entry]

    /// Creates a manifest.
    public init(bundleID: String, sender: String, created: Date, entries: [Entry]) {
        self.bundleID = bundleID
        self.sender = sender
        self.created = created
        self.entries = entries
    }
}
