import Foundation
import SQL
import Testing

/// S1: another connection holds the write lock for a while. A write waits for it up to the
/// busy timeout, and past the timeout fails with `isBusy`, never with another kind of error.
@Suite(.serialized) struct BusyTests {
    /// How long the other connection holds the write lock.
    static let holdSeconds = 1.5

    /// A new database with one empty table `t`.
    func table() throws -> TemporaryDatabase {
        let database = try TemporaryDatabase()
        try database.open().execute("CREATE TABLE t (x INTEGER)")
        return database
    }

    @Test func writeWaitsForAnotherThreadsLockWithinTheTimeout() throws {
        let database = try table()
        let connection = try database.open(busyTimeout: 5)
        let holder = WriteLockHolder(path: database.path, seconds: Self.holdSeconds)
        try #require(holder.waitUntilTaken())

        let clock = ContinuousClock()
        let start = clock.now
        try connection.run("INSERT INTO t VALUES (1)")
        let waited = clock.now - start

        #expect(waited > .milliseconds(500))
        #expect(holder.waitUntilReleased())
        #expect(holder.failure == nil)
        #expect(try connection.query("SELECT count(*) FROM t").first?.integer(0) == 2)
    }

    @Test func writePastAShortTimeoutFailsAsBusy() throws {
        let database = try table()
        let connection = try database.open(busyTimeout: 0.2)
        let holder = WriteLockHolder(path: database.path, seconds: Self.holdSeconds)
        try #require(holder.waitUntilTaken())

        // Readers are not blocked by a writer in write-ahead-log mode.
        #expect(try connection.query("SELECT count(*) FROM t").first?.integer(0) == 0)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: SQLError.self) {
            try connection.transaction(.immediate) {
                try connection.run("INSERT INTO t VALUES (1)")
            }
        }
        let waited = clock.now - start

        #expect(error?.isBusy == true)
        #expect(error?.isConstraint == false)
        #expect(waited < .milliseconds(1_200))
        #expect(!connection.isInTransaction)
        #expect(holder.waitUntilReleased())
        #expect(holder.failure == nil)
    }

    @Test(.enabled(if: SQLiteShell.path != nil, "needs the sqlite3 command-line shell"))
    func writeWaitsForAnotherProcesssLock() throws {
        let database = try table()
        let connection = try database.open(busyTimeout: 5)
        let shell = try SQLiteShell(database: database, seconds: Self.holdSeconds)
        try #require(shell.waitUntilTaken())

        let clock = ContinuousClock()
        let start = clock.now
        try connection.run("INSERT INTO t VALUES (1)")
        let waited = clock.now - start

        #expect(waited > .milliseconds(500))
        #expect(shell.waitUntilExit() == 0)
        #expect(try connection.query("SELECT count(*) FROM t").first?.integer(0) == 2)
    }

    @Test(.enabled(if: SQLiteShell.path != nil, "needs the sqlite3 command-line shell"))
    func writePastAShortTimeoutFailsAsBusyAgainstAnotherProcess() throws {
        let database = try table()
        let connection = try database.open(busyTimeout: 0.2)
        let shell = try SQLiteShell(database: database, seconds: Self.holdSeconds)
        try #require(shell.waitUntilTaken())

        let error = #expect(throws: SQLError.self) {
            try connection.run("INSERT INTO t VALUES (1)")
        }
        #expect(error?.isBusy == true)
        #expect(shell.waitUntilExit() == 0)
    }
}

/// Another thread with its own connection: takes the write lock with `BEGIN IMMEDIATE`,
/// inserts a row, holds the lock for `seconds`, then commits.
final class WriteLockHolder: @unchecked Sendable {
    private let taken = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var problem: String?

    /// Starts the thread; it opens its own connection to `path`.
    init(path: String, seconds: Double) {
        let thread = Thread { [self] in
            do {
                let connection = try Connection(path: path, busyTimeout: 5)
                try connection.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (0);")
                taken.signal()
                Thread.sleep(forTimeInterval: seconds)
                try connection.execute("COMMIT")
            } catch {
                lock.withLock { problem = "\(error)" }
                taken.signal()
            }
            released.signal()
        }
        thread.start()
    }

    /// What went wrong on the holder's thread, if anything.
    var failure: String? {
        lock.withLock { problem }
    }

    /// Waits (at most 10 s) until the lock is held; false when it never was.
    func waitUntilTaken() -> Bool {
        taken.wait(timeout: .now() + 10) == .success && failure == nil
    }

    /// Waits (at most 10 s) until the thread has committed or given up.
    func waitUntilReleased() -> Bool {
        released.wait(timeout: .now() + 10) == .success
    }
}

/// The `sqlite3` command-line shell in a child process: takes the write lock, inserts a row,
/// marks a file, holds the lock for `seconds`, then commits.
final class SQLiteShell {
    /// The shell's executable, or nil when it is not installed.
    static let path: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3",
                                "/opt/homebrew/bin/sqlite3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private let process = Process()
    private let marker: String

    /// Starts the shell on `database` and hands it its script.
    init(database: TemporaryDatabase, seconds: Double) throws {
        marker = database.sibling("lock-taken")
        process.executableURL = URL(fileURLWithPath: Self.path ?? "/usr/bin/sqlite3")
        process.arguments = [database.path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let script = """
            BEGIN IMMEDIATE;
            INSERT INTO t VALUES (0);
            .shell touch '\(marker)'
            .shell sleep \(seconds)
            COMMIT;
            .quit

            """
        try input.fileHandleForWriting.write(contentsOf: Data(script.utf8))
        try input.fileHandleForWriting.close()
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
    }

    /// Waits until the shell holds the lock (its marker file exists).
    func waitUntilTaken() -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: marker) {
                return true
            }
            if !process.isRunning {
                return false
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// Waits for the shell to end; its exit status.
    func waitUntilExit() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}
