import Samples

/// `osva samples`: writes the sample bundles from the Kanta corpus documents.
enum SampleCommand {
    /// Where the corpus documents are in a checkout of osva.
    static let defaultCorpus = "Tests/Fixtures/kanta/documents"

    /// Writes the samples under `out`, returning one line per bundle written.
    static func write(to out: String, corpus: String = defaultCorpus) throws -> [String] {
        try SampleSet.write(corpus: corpus, to: out).map { "wrote \($0)" }
    }
}
