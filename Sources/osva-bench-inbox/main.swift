import Foundation

// osva-bench-inbox: writes the large inbox that scripts/bench.sh measures `osva run` on.
let usage = """
    usage: osva-bench-inbox --inbox DIR [--corpus DIR] [--bundles N] [--docs N]
      --inbox DIR    where to write the bundles (one folder per sender)
      --corpus DIR   the Kanta CDA documents (default Tests/Fixtures/kanta/documents)
      --bundles N    provider bundles (default 200)
      --docs N       documents in each provider bundle (default 100)

    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("osva-bench-inbox: \(message)\n".utf8))
    exit(64)
}

var options = ["--corpus": "Tests/Fixtures/kanta/documents", "--bundles": "200",
               "--docs": "100"]
var words = CommandLine.arguments.dropFirst()
while let word = words.popFirst() {
    guard ["--inbox", "--corpus", "--bundles", "--docs"].contains(word),
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

do {
    let written = try BenchInbox(corpus: corpus, inbox: inbox, bundles: bundles,
                                 documentsPerBundle: docs).write()
    print("wrote 1 organiser bundle and \(bundles) provider bundles, \(written) documents")
} catch {
    fail("\(error)")
}
