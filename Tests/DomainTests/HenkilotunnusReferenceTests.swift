import Domain
import Foundation
import Testing

/// Compares `Henkilotunnus` with python-stdnum's `stdnum.fi.hetu`, the reference.
///
/// Needs `python3` with python-stdnum (`pip install python-stdnum`); set `OSVA_PYTHON` to use
/// another interpreter. Without them the test fails, it does not skip.
struct HenkilotunnusReferenceTests {
    @Test func agreesWithPythonStdnumOnTenThousandGeneratedIDs() throws {
        var generator = HenkilotunnusGenerator(seed: 0x05FA_2024_0362)
        let cases = generator.all()
        #expect(cases.count >= 10_000)

        let reference: [Bool]
        do {
            reference = try Stdnum.verdicts(for: cases.map(\.text))
        } catch {
            Issue.record("\(error)")
            return
        }
        try #require(reference.count == cases.count,
                     "stdnum answered \(reference.count) of \(cases.count) ids")

        var generatorMistakes: [String] = []
        var disagreements: [String] = []
        for (generated, stdnum) in zip(cases, reference) {
            if stdnum != generated.isValid {
                generatorMistakes.append("\(generated.text) [\(generated.family)]")
            }
            let osva = Henkilotunnus(generated.text) != nil
            if osva != stdnum {
                disagreements.append(
                    "\(generated.text) [\(generated.family)]: osva \(osva), stdnum \(stdnum)")
            }
        }
        #expect(generatorMistakes.isEmpty, """
            the rules and stdnum disagree on \(generatorMistakes.count) ids, e.g. \
            \(generatorMistakes.prefix(10))
            """)
        #expect(disagreements.isEmpty, """
            osva and stdnum disagree on \(disagreements.count) ids, e.g. \
            \(disagreements.prefix(20))
            """)

        // The cases must reach every century sign and both individual number ranges.
        let valid = zip(cases, reference).filter { $0.1 }.map { Array($0.0.text) }
        let signs = Set(valid.map { $0[6] })
        #expect(signs == Set(HenkilotunnusGenerator.centuries.map(\.sign)))
        let individuals = valid.compactMap { Int(String($0[7..<10])) }
        #expect(individuals.contains { $0 >= 900 })
        #expect(individuals.contains { $0 < 900 })
        #expect(individuals.min() == 2)
        #expect(individuals.max() == 999)
        #expect(reference.filter { !$0 }.count > 4000)
    }
}

/// Runs python-stdnum on a list of ids.
enum Stdnum {
    /// Why the reference could not be asked.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads a JSON list of ids from the file named by its argument and prints one verdict
    /// a line: 1 valid, 0 invalid; exits 3 when stdnum is missing.
    static let script = """
        import json, sys
        try:
            from stdnum.fi import hetu
        except ImportError:
            sys.stderr.write("python-stdnum is not installed\\n")
            sys.exit(3)
        with open(sys.argv[1], encoding="utf-8") as f:
            ids = json.load(f)
        for number in ids:
            print("1" if hetu.is_valid(number, allow_temporary=True) else "0")
        """

    static let howToInstall = "install python3 and python-stdnum (`pip install python-stdnum`), "
        + "or set OSVA_PYTHON to an interpreter that has it"

    /// stdnum's verdict on each id, in order.
    static func verdicts(for ids: [String]) throws -> [Bool] {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-hetu-\(UUID().uuidString).json")
        try JSONEncoder().encode(ids).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let python = ProcessInfo.processInfo.environment["OSVA_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Unavailable(description: "could not start \(python): \(error); \(howToInstall)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(),
                             as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "\(python) with python-stdnum failed (exit "
                + "\(process.terminationStatus)): \(message); \(howToInstall)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0 == "1" }
    }
}
