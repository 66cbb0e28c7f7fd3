import Domain
import Files
import Foundation
import Pipeline
import Storage

/// The operator's commands that read or change configuration and show what is stored.
enum Inspect {
    /// The database under `root`. Only commands that configure osva (`create`) make a new
    /// one; the others fail, so that a wrong `--root` never looks like an empty register.
    static func open(_ root: String, create: Bool = false) throws -> Database {
        let layout = Layout(root: root)
        guard create || FileManager.default.fileExists(atPath: layout.database) else {
            throw NoInstallation(root: root)
        }
        try DurableFile.makeFolder(layout.state)
        return try Database(path: layout.database)
    }

    /// No osva database under the given root.
    struct NoInstallation: Error, CustomStringConvertible {
        let root: String
        var description: String {
            "no osva database in \(root)/state: osva has not been set up there (check --root)"
        }
    }

    /// `osva registers [add|remove]`.
    static func registers(_ words: [String], _ arguments: Arguments, root: String) throws
        -> ExitCode
    {
        let grants = GrantStore(try open(root, create: !words.isEmpty))
        guard let verb = words.first else {
            let all = try grants.registers()
            if all.isEmpty { print("No registers configured. Add one with 'osva registers add'.") }
            print(table(["organiser", "controller", "type"],
                        all.map { [$0.organiser.value, $0.controller.value, $0.type] }))
            return .success
        }
        guard let organiser = arguments.value("organiser").flatMap(OID.init),
              let controller = arguments.value("controller").flatMap(OID.init),
              let type = arguments.value("type"), !type.isEmpty,
              type.allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw Arguments.UsageError(description: "registers \(verb) needs --organiser OID "
                                       + "--controller OID --type CODE")
        }
        let entry = ControlledRegister(organiser: organiser, controller: controller, type: type)
        switch verb {
        case "add":
            let added = try grants.addRegister(entry)
            print(added ? "added" : "already configured")
        case "remove":
            let removed = try grants.removeRegister(entry)
            print(removed ? "removed" : "not configured")
        default:
            throw Arguments.UsageError(description: "unknown registers command '\(verb)'")
        }
        return .success
    }

    /// `osva authorisations [show ID]`.
    static func authorisations(_ words: [String], root: String) throws -> ExitCode {
        let grants = GrantStore(try open(root))
        if words.first == "show" {
            guard words.count == 2, let id = OID(words[1]) else {
                throw Arguments.UsageError(description: "authorisations show needs an OID")
            }
            let history = try grants.history(setID: id)
                ?? grants.version(documentID: id).flatMap { try grants.history(setID: $0.0.setID) }
            guard let history else {
                print("No authorisation with id \(id).")
                return .usage
            }
            print(AuthorisationText.history(history))
            return .success
        }
        guard words.isEmpty else {
            throw Arguments.UsageError(description: "unknown authorisations command")
        }
        let rows = try grants.allHistories().compactMap { history -> [String]? in
            guard let newest = history.newest else { return nil }
            let terms = history.terms
            return [
                newest.setID.value, String(newest.version),
                AuthorisationText.state(history),
                terms?.kind.map { $0 == .patientSpecific ? "patient" : "register" } ?? "-",
                terms?.organiser?.id.value ?? "-", terms?.provider?.id.value ?? "(blank)",
                terms?.storageRight?.description ?? "-", terms?.patient?.value ?? "-",
                (terms?.validFrom?.text ?? "?") + "–" + (terms?.validUntil?.text ?? "?"),
            ]
        }
        print(table(["set id", "ver", "state", "type", "organiser", "provider",
                     "storage register", "patient", "validity"], rows))
        return .success
    }

    /// `osva register [--patient ID]`: the stored documents.
    static func documents(_ words: [String], _ arguments: Arguments, root: String) throws
        -> ExitCode
    {
        guard words.isEmpty else {
            throw Arguments.UsageError(description: "unknown register command")
        }
        let documents = try RegisterStore(try open(root)).documents(
            patient: arguments.value("patient"))
        print(table(["document id", "patient", "register", "producer", "time", "authorisation"],
                    documents.map {
                        [$0.documentID, $0.patient.value, $0.register.description,
                         $0.producer.value, $0.effectiveTime.text, $0.authorisation.description]
                    }))
        return .success
    }

    /// `osva retry CLAIM`: puts a quarantined bundle back into its sender's inbox.
    static func retry(_ words: [String], root: String) throws -> ExitCode {
        guard words.count == 1 else {
            throw Arguments.UsageError(description: "retry needs the quarantined bundle's "
                                       + "name, e.g. SENDER/20261204T013000Z--x.zip")
        }
        let layout = Layout(root: root)
        let name = words[0]
        let parts = name.split(separator: "/").map(String.init)
        guard parts.count == 2, !parts.contains(where: { $0.hasPrefix(".") || $0 == ".." }),
              let range = parts[1].range(of: "--")
        else {
            throw Arguments.UsageError(description: "expected SENDER/CLAIM, got '\(name)'")
        }
        let source = layout.quarantine + "/" + name
        guard FileManager.default.fileExists(atPath: source) else {
            print("No quarantined bundle \(name). See the Quarantine/ folder.")
            return .usage
        }
        let folder = layout.inbox + "/" + parts[0]
        try DurableFile.makeFolder(folder)
        let original = String(parts[1][range.upperBound...])
        var target = folder + "/" + original
        if FileManager.default.fileExists(atPath: target) {
            target = folder + "/retry-" + parts[1]
        }
        try DurableFile.move(source, to: target)
        try BundleLedger(try open(root)).clearAttempts(claim: parts[0] + "/" + parts[1])
        print("moved to \(target)")
        return .success
    }

    /// `osva samples --out DIR`.
    static func samples(_ arguments: Arguments) throws -> ExitCode {
        guard let out = arguments.value("out") else {
            throw Arguments.UsageError(description: "samples needs --out DIR")
        }
        let corpus = arguments.value("corpus") ?? SampleCommand.defaultCorpus
        for line in try SampleCommand.write(to: out, corpus: corpus) { print(line) }
        return .success
    }

    /// A plain text table with aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { $0[column].count }.max() ?? 0
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell
                    : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
