import Documents
import Domain
import Files
import Foundation
import Hashing
import Storage
import Zip

/// The response to a provider's requests: one zip in `Outbox/<provider>/` holding a
/// `manifest.xml` (format `urn:osva:bundle:1`) and the files returned, copied from the content
/// store one chunk at a time and checked against their SHA-256 on the way.
///
/// Written durably (a temporary name, synced, renamed) before the bundle's transaction
/// commits, so a receipt that lists returned documents always has its response beside it.
struct ResponseBundle {
    /// One file of the response.
    struct File {
        /// Its path inside the response.
        let path: String
        /// Its SHA-256, as the store names it.
        let sha256: String
        /// Its size in bytes.
        let size: Int64
        /// A document, or an image of the study `study` (its Study Instance UID).
        var kind: ItemResult.Kind = .document
        var study: String?
    }

    /// The content store the files are copied from.
    let store: ContentStore
    /// The files added so far, in order.
    private(set) var files: [File] = []
    private var pathsByHash: [String: String] = [:]

    init(store: ContentStore) {
        self.store = store
    }

    /// The response's file name for the bundle claimed as `claim`.
    static func name(forClaim key: String) -> String {
        // The claim name, without the `<sender>/` of a database key.
        let claim = key.split(separator: "/").last.map(String.init) ?? key
        let stem = claim.lowercased().hasSuffix(".zip") ? String(claim.dropLast(4)) : claim
        return stem + ".response.zip"
    }

    /// Adds the stored document with `sha256` and returns its path in the response,
    /// `documents/0001.xml` onwards (never a name taken from the document); a file already
    /// added keeps its first path.
    mutating func add(sha256: String, size: Int64) -> String {
        if let path = pathsByHash[sha256] { return path }
        let number = String(files.filter { $0.kind == .document }.count + 1)
        let path = "documents/" + String(repeating: "0", count: max(0, 4 - number.count))
            + number + ".xml"
        files.append(File(path: path, sha256: sha256, size: size))
        pathsByHash[sha256] = path
        return path
    }

    /// Adds a stored image of study `studyUID` and returns its path in the response,
    /// `images/0001.dcm` onwards; an image already added keeps its first path.
    mutating func addImage(sha256: String, size: Int64, study studyUID: String) -> String {
        if let path = pathsByHash[sha256] { return path }
        let number = String(files.filter { $0.kind == .image }.count + 1)
        let path = "images/" + String(repeating: "0", count: max(0, 4 - number.count))
            + number + ".dcm"
        files.append(File(path: path, sha256: sha256, size: size, kind: .image,
                          study: studyUID))
        pathsByHash[sha256] = path
        return path
    }

    /// Writes the response as `folder/name` with a manifest naming `sender` and `bundleID`.
    ///
    /// Throws `FileError`, `ZipError` or `ResponseFault` on a fault on osva's side (disk,
    /// a store file that is missing or no longer matches its hash); nothing is left behind
    /// under the final name then.
    func write(folder: String, name: String, sender: String, bundleID: String) throws {
        try DurableFile.makeFolder(folder)
        let temporary = folder + "/.tmp-" + UUID().uuidString + ".zip"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let manifest = Manifest(
            bundleID: bundleID, sender: sender, created: Date(),
            entries: files.map {
                Manifest.Entry(path: $0.path, kind: $0.kind, sha256: $0.sha256, size: $0.size,
                               study: $0.study)
            })
        let writer = try ZipWriter(path: temporary)
        try writer.add(path: "manifest.xml", bytes: Array(ManifestXML.render(manifest).utf8))
        for file in files { try copy(file, into: writer) }
        try writer.finish()
        try DurableFile.syncFile(temporary)
        let target = folder + "/" + name
        if FileManager.default.fileExists(atPath: target) {
            try FileManager.default.removeItem(atPath: target)
        }
        try DurableFile.move(temporary, to: target)
    }

    /// Streams one stored file into the zip, hashing it on the way.
    private func copy(_ file: File, into writer: ZipWriter) throws {
        let source = store.path(of: file.sha256)
        guard let handle = FileHandle(forReadingAtPath: source) else {
            throw ResponseFault(description: "store file missing: \(source)")
        }
        defer { try? handle.close() }
        let hasher = try SHA256Hasher()
        try writer.add(path: file.path, size: file.size) { () throws -> [UInt8]? in
            guard let data = try handle.read(upToCount: 1 << 16), !data.isEmpty else {
                return nil
            }
            let bytes = [UInt8](data)
            hasher.update(bytes)
            return bytes
        }
        guard hasher.finish().hex == file.sha256 else {
            throw ResponseFault(description: "store file changed since it was stored: \(source)")
        }
    }
}

/// A fault on osva's side while writing a response: the bundle is left for the next run.
struct ResponseFault: Error, CustomStringConvertible {
    let description: String
}
