import Foundation

// osva-bench-inbox: writes the large inbox that scripts/bench.sh measures `osva run` on.
let usage = """
    usage: osva-bench-inbox --inbox DIR [--corpus DIR] [--bundles N] [--docs N]
           osva-bench-inbox --inbox DIR --study-images N [--image-mb M] [--dicom DIR]
      --inbox DIR         where to write the bundles (one folder per sender)
      --corpus DIR        the Kanta CDA documents (default Tests/Fixtures/kanta/documents)
      --bundles N         provider bundles (default 200)
      --docs N            documents in each provider bundle (default 100)
      --study-images N    instead: one imaging study of N images (docs/benchmarks.md)
      --image-mb M        megabytes of pixel data per image (default 100)
      --dicom DIR         the corpus DICOM files (default Tests/Fixtures/dicom)

    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("osva-bench-inbox: \(message)\n".utf8))
    exit(64)
}

var options = ["--corpus": "Tests/Fixtures/kanta/documents", "--bundles": "200",
               "--docs": "100", "--image-mb": "100", "--dicom": "Tests/Fixtures/dicom"]
var words = CommandLine.arguments.dropFirst()
while let word = words.popFirst() {
    guard ["--inbox", "--corpus", "--bundles", "--docs", "--study-images", "--image-mb",
           "--dicom"].contains(word),
          let value = words.popFirst()
    else { fail("unexpected '\(word)'\n" + usage) }
    options[word] = value
}
guard let inbox = options["--inbox"], let corpus = options["--corpus"] else {
    fail("--inbox is required\n" + usage)
}
guard let bundles = options["--bundles"].flatMap({ Int($0) }), bundles > 0,
      let docs = options["--docs"].flatMap({ Int($0) }), docs > 0
else { fail("--bundles and --docs take a whole number above 0") }

if let text = options["--study-images"] {
    guard let images = Int(text), images > 0,
          let megabytes = options["--image-mb"].flatMap({ Int($0) }), megabytes > 0,
          let dicom = options["--dicom"]
    else { fail("--study-images and --image-mb take a whole number above 0") }
    do {
        let bytes = try StudyInbox(corpus: corpus, dicom: dicom, inbox: inbox, images: images,
                                   imageBytes: megabytes << 20).write()
        print("wrote 1 organiser bundle and 1 study of \(images) images, \(bytes) bytes")
        exit(0)
    } catch {
        fail("\(error)")
    }
}

do {
    let written = try BenchInbox(corpus: corpus, inbox: inbox, bundles: bundles,
                                 documentsPerBundle: docs).write()
    print("wrote 1 organiser bundle and \(bundles) provider bundles, \(written) documents")
} catch {
    fail("\(error)")
}
