import Domain
import Foundation
import Pipeline
import Storage

/// `osva register studies` and `osva imaging-users`: the image store's index and the parties
/// that may store images.
enum ImagingCommands {
    /// `osva register studies [--patient ID] [--controller OID]`: studies per patient and
    /// register.
    static func studies(_ arguments: Arguments, root: String) throws -> ExitCode {
        let controller = try arguments.value("controller").map { text in
            guard let oid = OID(text) else {
                throw Arguments.UsageError(description: "--controller needs an OID")
            }
            return oid
        }
        let studies = try StudyStore(Inspect.open(root)).studies(
            patient: arguments.value("patient"), controller: controller)
        print(Inspect.table(
            ["patient", "register", "study uid", "date", "modality", "series", "images",
             "producer"],
            studies.map {
                [$0.patient, $0.register.description, $0.studyUID, $0.studyDate ?? "-",
                 $0.modality ?? "-", String($0.series), String($0.instances), $0.producer]
            }))
        return .success
    }

    /// `osva imaging-users [add|remove --party OID]`: which parties use the Imaging Data
    /// Repository (only they may store images).
    static func users(_ words: [String], _ arguments: Arguments, root: String) throws
        -> ExitCode
    {
        let store = StudyStore(try Inspect.open(root, create: !words.isEmpty))
        guard let action = words.first else {
            for party in try store.imagingUsers() { print(party) }
            return .success
        }
        guard words.count == 1, let text = arguments.value("party"), let party = OID(text)
        else {
            throw Arguments.UsageError(description: "imaging-users add|remove --party OID")
        }
        switch action {
        case "add": print(try store.addImagingUser(party) ? "added" : "already configured")
        case "remove": print(try store.removeImagingUser(party) ? "removed" : "not configured")
        default: throw Arguments.UsageError(description: "unknown imaging-users command")
        }
        return .success
    }
}
