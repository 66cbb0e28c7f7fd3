import Documents
import Domain
import Foundation
import Intake
import Testing

/// The inputs the fuzz targets failed on (`docs/fuzzing.md`), kept under
/// `Tests/Fixtures/fuzz/<target>/`.
enum FuzzFindings {
    /// `Tests/Fixtures/fuzz`.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz").path

    /// The paths of the inputs kept for `target`, sorted; none when it has no folder.
    static func files(_ target: String) -> [String] {
        let folder = folder + "/" + target
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    /// The bytes of the input at `path`.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The longest one input may take, as the fuzz targets' `-timeout` allows.
    static let timeLimit = Duration.seconds(10)
}

/// Each kept input goes through its target's entry point with the checks the target makes,
/// so a fixed crash, hang or broken contract stays fixed.
@Suite struct FuzzRegressionTests {
    /// The `bundle` target: the reader returns a reading and throws nothing, a rejection
    /// leaves staging empty, and a read lists one staged file per manifest entry.
    @Test(arguments: FuzzFindings.files("bundle"))
    func bundleFindingIsReadOrRejected(_ path: String) throws {
        let workspace = try Workspace()
        try workspace.writeBundle(try FuzzFindings.bytes(path))
        let reader = try BundleReader(limits: BundleLimits())
        var reading: BundleReading?
        let elapsed = try ContinuousClock().measure {
            reading = try reader.read(path: workspace.bundle, into: workspace.staging)
        }
        #expect(elapsed < FuzzFindings.timeLimit)
        switch try #require(reading) {
        case .rejected:
            #expect(try workspace.staged().isEmpty)
        case .read(let contents):
            #expect(contents.entries.count == contents.manifest.entries.count)
            for entry in contents.entries {
                let attributes = try FileManager.default.attributesOfItem(
                    atPath: entry.stagedPath)
                #expect((attributes[.size] as? NSNumber)?.int64Value == entry.size)
            }
        }
    }

    /// The `cda` target: a document is read or refused as the sender's problem.
    @Test(arguments: FuzzFindings.files("cda"))
    func documentFindingIsReadOrRefused(_ path: String) throws {
        let bytes = try FuzzFindings.bytes(path)
        let reader = try CDAReader()
        var result: Result<CDAContent, DocumentProblem>?
        let elapsed = ContinuousClock().measure {
            result = reader.read(bytes: bytes, name: "fuzz.xml")
        }
        #expect(elapsed < FuzzFindings.timeLimit)
        if case .failure(let problem) = try #require(result) {
            #expect(!problem.isOsvaFault, "\(problem)")
        }
    }

    /// The `manifest` target: a manifest is refused as the sender's problem, or read with
    /// the values `docs/bundle-format.md` promises.
    @Test(arguments: FuzzFindings.files("manifest"))
    func manifestFindingIsReadOrRefused(_ path: String) throws {
        let bytes = try FuzzFindings.bytes(path)
        let reader = try ManifestReader()
        var outcome: Result<Manifest, DocumentProblem>?
        let elapsed = ContinuousClock().measure {
            outcome = Result { () throws(DocumentProblem) in try reader.read(bytes: bytes) }
        }
        #expect(elapsed < FuzzFindings.timeLimit)
        switch try #require(outcome) {
        case .failure(let problem):
            #expect(!problem.isOsvaFault, "\(problem)")
        case .success(let manifest):
            #expect(!manifest.entries.isEmpty)
            let hex = Set("0123456789abcdef")
            for entry in manifest.entries {
                let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
                #expect(!parts.contains { $0.isEmpty || $0 == "." || $0 == ".." })
                #expect(!entry.path.contains("\\"))
                #expect(entry.sha256.count == 64 && entry.sha256.allSatisfy(hex.contains))
                #expect((entry.size ?? 0) >= 0)
            }
            #expect(Set(manifest.entries.map(\.path)).count == manifest.entries.count)
        }
    }
}
