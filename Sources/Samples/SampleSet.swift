import Domain
import Foundation

/// The sample bundles in `Samples/`: one organiser, two providers, one test patient, built
/// from the real Kanta corpus documents.
///
/// | Bundle | Sender | Shows |
/// |---|---|---|
/// | `authorisations.zip` | organiser | a patient-specific and a register-specific OSVA |
/// | `visit.zip` | provider | documents stored under the patient-specific OSVA; one refused |
/// | `imaging-unit.zip` | second provider | documents stored under the register-specific OSVA |
/// | `self-authorisation.zip` | provider | a provider trying to authorise itself |
public enum SampleSet {
    /// The sample organiser (a wellbeing services county in the real OSVA example).
    public static let organiser = Party(id: known("1.2.246.10.99999984.10.0"),
                                        name: "Testi tk")
    /// The register controller named in the real OSVA example.
    public static let controller = known("1.2.246.10.99999984.19.0")
    /// The provider named in the real OSVA example.
    public static let provider = Party(id: known("1.2.246.10.48484841.10.0"),
                                       name: "Testi yksityinen")
    /// A second provider, authorised for the whole public health care register.
    public static let secondProvider = Party(id: known("1.2.246.10.99999992.10.0"),
                                             name: "Testi kuvantamiskeskus")
    /// The occupational health register of the real OSVA example.
    public static let occupationalRegister = RegisterRef(controller: controller, type: "4",
                                                         specifier: "1234567-1")
    /// The public health care register of the register-specific sample.
    public static let publicRegister = RegisterRef(controller: controller, type: "2",
                                                   specifier: nil)
    /// The registers the sample organiser controls (what `make run` configures).
    public static let controlledRegisters = [occupationalRegister, publicRegister]

    /// Creation time written into every sample manifest, so that rebuilt samples stay equal.
    static let created = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z

    /// Writes the sample bundles under `out/<sender-OID>/`, reading the Kanta documents from
    /// `corpus`; returns the paths written.
    public static func write(corpus: String, to out: String) throws -> [String] {
        func document(_ name: String) throws -> [UInt8] {
            let path = corpus + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SampleError(description: "corpus document not found: \(path)")
            }
            return Array(data)
        }
        var written: [String] = []
        func save(_ builder: BundleBuilder, _ name: String) throws {
            let folder = out + "/" + builder.sender
            try FileManager.default.createDirectory(atPath: folder,
                                                    withIntermediateDirectories: true)
            try builder.write(to: folder + "/" + name)
            written.append(folder + "/" + name)
        }

        let osva = try document("osva-patient-specific-omakanta.xml")
        var authorisations = BundleBuilder(sender: organiser.id.value,
                                           bundleID: "samples-authorisations-1",
                                           created: created)
        authorisations.add("osva/patient-specific.xml", kind: .authorisation,
                           bytes: try patientSpecific(osva))
        authorisations.add("osva/register-specific.xml", kind: .authorisation,
                           bytes: try registerSpecific(osva))
        try save(authorisations, "authorisations.zip")

        var visit = BundleBuilder(sender: provider.id.value, bundleID: "samples-visit-1",
                                  created: created)
        let visitTarget = CorpusEditor.Target(
            register: occupationalRegister, controllerName: "Testi työterveysrekisteri",
            organiser: organiser, producer: provider)
        for name in ["LM1_pkvlaake_iteroitu_pienempi_pakkaus.xml",
                     "LM3__maaraaikainen_erityislupavalmiste.xml",
                     "LM12_potilaskohtainen_erityislupavalmiste.xml",
                     "Test_CDA_V3_3_Esko_1_Leponex_UUS.xml"] {
            visit.add("documents/" + name, kind: .document,
                      bytes: try CorpusEditor.outsourced(document(name), name: name,
                                                         for: visitTarget))
        }
        try save(visit, "visit.zip")

        var imaging = BundleBuilder(sender: secondProvider.id.value,
                                    bundleID: "samples-imaging-unit-1", created: created)
        let imagingTarget = CorpusEditor.Target(
            register: publicRegister, controllerName: "Testi hyvinvointialue",
            organiser: organiser, producer: secondProvider)
        for name in ["Test_CDA_V3_3_eRa_1_diatsepaami_lm.xml",
                     "Test_CDA_V3_3_GFS_1_Leponex_LM.xml"] {
            imaging.add("documents/" + name, kind: .document,
                        bytes: try CorpusEditor.outsourced(document(name), name: name,
                                                           for: imagingTarget))
        }
        try save(imaging, "imaging-unit.zip")

        var selfAuthorising = BundleBuilder(sender: provider.id.value,
                                            bundleID: "samples-self-authorisation-1",
                                            created: created)
        let forged = try AuthorisationEditor(osva, name: "osva-patient-specific-omakanta.xml")
        try forged.setID(known("1.2.246.10.48484841.10.0.91.2025.1"))
        try forged.setValidity(low: "20140101", high: "20301231")
        selfAuthorising.add("osva/own-authorisation.xml", kind: .authorisation,
                            bytes: forged.bytes())
        try save(selfAuthorising, "self-authorisation.zip")
        return written
    }

    /// The real OSVA example with its validity widened to cover the sample documents.
    static func patientSpecific(_ osva: [UInt8]) throws -> [UInt8] {
        let editor = try AuthorisationEditor(osva, name: "osva-patient-specific-omakanta.xml")
        try editor.setValidity(low: "20140101", high: "20301231")
        try editor.addServiceInformation(text: serviceInformation)
        return editor.bytes()
    }

    /// The additional information the sample organiser gives its provider (field 43).
    public static let serviceInformation = "Työterveyshuollon vastaanottokäynnit. "
        + "Laboratoriotutkimukset tilataan järjestäjän laboratoriosta."

    /// A register-specific OSVA for the second provider: public health care register, storage
    /// right only.
    static func registerSpecific(_ osva: [UInt8]) throws -> [UInt8] {
        let editor = try AuthorisationEditor(osva, name: "osva-patient-specific-omakanta.xml")
        try editor.setID(known("1.2.246.10.99999984.10.0.91.2025.2"))
        try editor.makeRegisterSpecific()
        try editor.removeField("15")
        try editor.setRegister(block: "20", publicRegister)
        try editor.setProvider(secondProvider)
        try editor.setValidity(low: "20150101", high: "20301231")
        return editor.bytes()
    }

    /// An OID written in this file, known to be well formed.
    private static func known(_ text: String) -> OID {
        guard let oid = OID(text) else { preconditionFailure("not an OID: \(text)") }
        return oid
    }
}

/// A sample could not be built.
public struct SampleError: Error, CustomStringConvertible {
    public var description: String
}
