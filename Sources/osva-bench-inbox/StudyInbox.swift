import Domain
import Foundation
import Samples

/// Writes an inbox with one large imaging study for `scripts/bench-imaging.sh`: the sample
/// organiser's authorisations, and one bundle from the sample imaging provider holding a real
/// Kanta document and `images` DICOM files of `imageBytes` each.
///
/// Each image is the corpus file `CT_small.dcm` given the study's patient, Study Instance UID
/// and its own SOP Instance UID by `dcmodify` (Debian `dcmtk`), with its pixel data replaced
/// by `imageBytes` of pseudo-random bytes (incompressible, as compressed images are).
struct StudyInbox {
    let corpus: String
    let dicom: String
    let inbox: String
    let images: Int
    let imageBytes: Int

    static let patient = "101070-971W"
    static let note = "Test_CDA_V3_3_eRa_1_diatsepaami_lm.xml"
    /// (7FE0,0010) Pixel Data, OW, explicit VR little endian as in CT_small.
    static let pixelTag: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x57]

    /// Writes the inbox and returns the bytes of images written.
    func write() throws -> Int64 {
        let scratch = inbox + "/../study-scratch"
        try FileManager.default.createDirectory(atPath: scratch,
                                                withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // The organiser's sample authorisations: the register-specific one covers the study.
        for path in try SampleSet.write(corpus: corpus, to: scratch + "/samples")
        where path.hasSuffix("/authorisations.zip") {
            let folder = inbox + "/" + SampleSet.organiser.id.value
            try FileManager.default.createDirectory(atPath: folder,
                                                    withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: path, toPath: folder + "/authorisations.zip")
        }

        let provider = SampleSet.secondProvider
        var bundle = BundleBuilder(sender: provider.id.value, bundleID: "bench-study-1")
        let note = try Array(Data(contentsOf: URL(fileURLWithPath: corpus + "/" + Self.note)))
        let edited = try CorpusEditor.outsourced(note, name: Self.note, for: CorpusEditor.Target(
            register: SampleSet.publicRegister, controllerName: "Testi tk",
            organiser: SampleSet.organiser, producer: provider))
        bundle.add("study/note.xml", kind: .document, bytes: edited, study: "bench")
        let studyUID = "2.25.\(UInt64.random(in: 1...UInt64.max))"
        var total: Int64 = 0
        for index in 1...images {
            let path = scratch + "/\(index).dcm"
            try image(path, studyUID: studyUID, instance: "\(studyUID).\(index)")
            try bundle.add(String(format: "study/%05d.dcm", index), kind: .image, file: path,
                           study: "bench")
            total += Int64(imageBytes)
        }
        let folder = inbox + "/" + provider.id.value
        try FileManager.default.createDirectory(atPath: folder,
                                                withIntermediateDirectories: true)
        try bundle.write(to: folder + "/study.zip",
                         options: .init(compression: .store))
        return total
    }

    /// Writes one image at `path`, streaming its pixel data.
    private func image(_ path: String, studyUID: String, instance: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: dicom + "/CT_small.dcm", toPath: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dcmodify")
        process.arguments = ["-nb", "-m", "(0010,0020)=\(Self.patient)",
                             "-m", "(0020,000D)=\(studyUID)", "-m", "(0008,0018)=\(instance)",
                             path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError(description: "dcmodify failed on \(path)")
        }
        let template = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard let start = Self.find(Self.pixelTag, in: template) else {
            throw BenchError(description: "no pixel data element in CT_small.dcm")
        }
        guard let out = FileHandle(forWritingAtPath: path) else {
            throw BenchError(description: "cannot write \(path)")
        }
        defer { try? out.close() }
        try out.truncate(atOffset: 0)
        let length = UInt32(imageBytes)
        try out.write(contentsOf: template[..<start] + Self.pixelTag + [0, 0]
                      + withUnsafeBytes(of: length.littleEndian, Array.init))
        var state = UInt64.random(in: 1...UInt64.max)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var left = imageBytes
        while left > 0 {
            chunk.withUnsafeMutableBytes { raw in
                for word in 0..<(raw.count / 8) {
                    state ^= state << 13
                    state ^= state >> 7
                    state ^= state << 17
                    raw.storeBytes(of: state, toByteOffset: word * 8, as: UInt64.self)
                }
            }
            let count = min(left, chunk.count)
            try out.write(contentsOf: chunk[..<count])
            left -= count
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).last { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
