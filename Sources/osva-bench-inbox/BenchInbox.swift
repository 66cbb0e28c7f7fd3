import Domain
import Foundation
import Samples

/// The large inbox `make bench` measures: one organiser bundle holding a register-specific
/// authorisation for the sample provider, then provider bundles of edited copies of the real
/// Kanta corpus documents, each copy with its own document id and a test patient.
struct BenchInbox {
    /// Folder holding the Kanta CDA documents.
    var corpus: String
    /// The inbox folder; bundles go to `<inbox>/<sender-OID>/`.
    var inbox: String
    /// Number of provider bundles, at least 1.
    var bundles: Int
    /// Documents in each provider bundle, at least 1.
    var documentsPerBundle: Int

    /// The authorisation's id, under the organiser's OID.
    static let authorisationID = "1.2.246.10.99999984.10.0.99.1"
    /// Root of the generated document ids, under the provider's OID.
    static let documentRoot = SampleSet.provider.id.value + ".99"
    /// Manifest creation time, fixed so that generated bundles are reproducible.
    static let created = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z

    /// Writes every bundle; returns the number of documents written.
    func write() throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus)
            .filter { $0.hasSuffix(".xml") && !$0.hasPrefix("osva-") }
            .sorted()
        guard !names.isEmpty else { throw BenchError(description: "no documents in \(corpus)") }
        let sources = try names.map { ($0, try read($0)) }
        try writeAuthorisation(try read("osva-patient-specific-omakanta.xml"))

        let target = CorpusEditor.Target(
            register: SampleSet.publicRegister, controllerName: "Testi hyvinvointialue",
            organiser: SampleSet.organiser, producer: SampleSet.provider)
        var written = 0
        for bundle in 1...bundles {
            var builder = BundleBuilder(sender: SampleSet.provider.id.value,
                                        bundleID: "bench-\(bundle)", created: Self.created)
            for number in 1...documentsPerBundle {
                let (name, bytes) = sources[written % sources.count]
                var copy = target
                copy.documentID = "\(Self.documentRoot).\(bundle).\(number)"
                copy.patient = TestPatient.id(written)
                builder.add("documents/\(number)-\(name)", kind: .document,
                            bytes: try CorpusEditor.outsourced(bytes, name: name, for: copy))
                written += 1
            }
            try save(builder, as: String(format: "bench-%05d.zip", bundle))
        }
        return written
    }

    /// The organiser's bundle: the real OSVA example made register-specific for the provider,
    /// storage right on the public health care register, valid over every corpus document.
    private func writeAuthorisation(_ osva: [UInt8]) throws {
        let editor = try AuthorisationEditor(osva, name: "osva-patient-specific-omakanta.xml")
        guard let id = OID(Self.authorisationID) else { preconditionFailure("bad OID") }
        try editor.setID(id)
        try editor.makeRegisterSpecific()
        try editor.removeField("15")
        try editor.setRegister(block: "20", SampleSet.publicRegister)
        try editor.setProvider(SampleSet.provider)
        try editor.setValidity(low: "20100101", high: "20301231")
        var builder = BundleBuilder(sender: SampleSet.organiser.id.value,
                                    bundleID: "bench-authorisation", created: Self.created)
        builder.add("osva/register-specific.xml", kind: .authorisation, bytes: editor.bytes())
        try save(builder, as: "bench-authorisation.zip")
    }

    private func read(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: corpus + "/" + name) else {
            throw BenchError(description: "corpus document not found: \(corpus)/\(name)")
        }
        return Array(data)
    }

    private func save(_ builder: BundleBuilder, as name: String) throws {
        let folder = inbox + "/" + builder.sender
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try builder.write(to: folder + "/" + name)
    }
}

/// Valid test henkilötunnus values (individual number 900–999), varied by index.
enum TestPatient {
    /// The `index`-th test id: birth dates in 1950–1999, days 1–28, so every date exists.
    static func id(_ index: Int) -> String {
        let day = 1 + index % 28
        let month = 1 + (index / 28) % 12
        let year = 50 + (index / 336) % 50
        let individual = 900 + index % 100
        let digits = day * 10_000_000 + month * 100_000 + year * 1_000 + individual
        let check = Henkilotunnus.checkCharacter(forDigits: digits)
        return String(format: "%02d%02d%02d-%03d", day, month, year, individual) + String(check)
    }
}

/// The bench inbox could not be written.
struct BenchError: Error, CustomStringConvertible {
    var description: String
}
