import Foundation
import SQL

/// A fresh folder under the temporary directory for one test's database files (the file
/// itself, its `-wal` and `-shm`), removed when the value is released.
final class TemporaryDatabase {
    /// The folder holding the files.
    let folder: URL
    /// The database file; not created until a connection opens it.
    let path: String

    /// Creates the folder.
    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-sql-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("test.sqlite").path
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A new connection to the database.
    func open(busyTimeout: Double = 5, readOnly: Bool = false) throws -> Connection {
        try Connection(path: path, busyTimeout: busyTimeout, readOnly: readOnly)
    }

    /// A path next to the database, for other files a test needs.
    func sibling(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }
}
