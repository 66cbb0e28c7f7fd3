#if canImport(Glibc)
import Glibc
#endif
import Files
import Foundation
import Intake
import Testing

/// What the inbox never follows is named, so that an operator learns why it waits.
@Suite struct InboxSkippedTests {
    @Test func linksAndFifosAreNamedAndRegularBundlesAreNot() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("osva-skipped-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let layout = Layout(root: root)
        let sender = layout.inbox + "/1.2.246.10.48484841.10.0"
        try FileManager.default.createDirectory(atPath: sender,
                                                withIntermediateDirectories: true)
        try Data("PK".utf8).write(to: URL(fileURLWithPath: sender + "/real.zip"))
        try FileManager.default.createSymbolicLink(atPath: sender + "/link.zip",
                                                   withDestinationPath: sender + "/real.zip")
        try #require(mkfifo(sender + "/pipe.zip", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: layout.inbox + "/1.2.246.10.1.10.0",
                                                   withDestinationPath: sender)

        let skipped = Inbox(layout: layout, settle: 0).skipped()
        #expect(Set(skipped) == ["1.2.246.10.48484841.10.0/link.zip",
                                 "1.2.246.10.48484841.10.0/pipe.zip", "1.2.246.10.1.10.0"])
    }
}
