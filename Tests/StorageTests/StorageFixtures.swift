import Documents
import Domain
import Foundation
import SQL
import Storage

/// A fresh folder under the temporary directory for one test, removed when released.
final class Scratch {
    /// The folder's path.
    let path: String

    /// Creates the folder.
    init() throws {
        path = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("osva-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A path inside the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `bytes` to `name` inside the folder (not through the code under test).
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
        return file(name)
    }
}

/// An osva database in its own folder, with a plain connection to look at it directly.
final class TestDatabase {
    let scratch: Scratch
    /// The database file.
    let path: String
    /// The database under test.
    let database: Database

    /// Creates a new database file.
    init() throws {
        scratch = try Scratch()
        path = scratch.file("osva.sqlite")
        database = try Database(path: path)
    }

    /// A separate connection to the same file, for checks that bypass the code under test.
    func inspect() throws -> Connection {
        try Connection(path: path, busyTimeout: 5)
    }

    /// Records a bundle row for `claim`, which stored rows must reference.
    func recordBundle(_ claim: String, sender: String = Kanta.organiser) throws {
        try BundleLedger(database).record(
            claim: claim,
            BundleResult(file: claim + ".zip", sender: sender, received: instant(
                "2026-12-04T01:30:00Z")))
    }
}

/// The real OmaKanta outsourcing authorisation under `Tests/Fixtures`, read once.
enum Kanta {
    /// The fixture file.
    static let osvaPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kanta/documents/osva-patient-specific-omakanta.xml")
        .path

    /// The organiser written in the fixture (field 8), as a drop-folder name.
    static let organiser = "1.2.246.10.99999984.10.0"

    /// The fixture read by `CDAReader`, or why it could not be read.
    private static let read: Result<Authorisation, any Error> = Result {
        switch try CDAReader().read(path: osvaPath, name: "osva.xml").get() {
        case .authorisation(let authorisation): return authorisation
        case .document: throw NotAnAuthorisation()
        }
    }

    /// The authorisation the fixture holds (version 1).
    static func authorisation() throws -> Authorisation {
        try read.get()
    }

    struct NotAnAuthorisation: Error {}
}

extension Authorisation {
    /// This authorisation as version `number` with its own document id (`<setId>.<number>`),
    /// made at `effectiveTime`, optionally cancelling it.
    func asVersion(_ number: Int, made effectiveTime: String = "20140601120000",
                   cancelled: Bool = false) -> Authorisation {
        var version = self
        version.documentID = OID(setID.value + ".\(number)")!
        version.version = number
        version.effectiveTime = HL7Time(effectiveTime)!
        version.isCancelled = cancelled
        return version
    }

    /// This authorisation under another set id (`<setId>.9<suffix>`), for a second history.
    func inAnotherSet(_ suffix: Int) -> Authorisation {
        var other = self
        other.setID = OID(setID.value + ".9\(suffix)")!
        other.documentID = other.setID
        return other
    }
}

/// An instant from ISO 8601 text such as `2026-12-04T01:30:00Z`.
func instant(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}

/// The SHA-256 of the file at `path` as `sha256sum` prints it (independent of osva's code).
func sha256sum(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(64))
}

/// Known SHA-256 test vectors (FIPS 180-2 and the empty input).
enum Vector {
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}

/// A made-up 64-hex-digit hash for rows whose file the test does not need.
func fakeHash(_ seed: Int) -> String {
    String(repeating: String(format: "%02x", seed % 256), count: 32)
}
