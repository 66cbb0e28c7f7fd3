import Files
import Testing

/// `Layout`: the folders of one installation, as its documentation lists them.
@Suite struct LayoutTests {
    @Test func pathsAreTheDocumentedOnesUnderTheRoot() {
        let layout = Layout(root: "/srv/osva")
        #expect(layout.inbox == "/srv/osva/Inbox")
        #expect(layout.claimed == "/srv/osva/Claimed")
        #expect(layout.archive == "/srv/osva/Archive")
        #expect(layout.quarantine == "/srv/osva/Quarantine")
        #expect(layout.outbox == "/srv/osva/Outbox")
        #expect(layout.state == "/srv/osva/state")
        #expect(layout.database == "/srv/osva/state/osva.sqlite")
        #expect(layout.store == "/srv/osva/state/store")
        #expect(layout.staging == "/srv/osva/state/staging")
        #expect(layout.lock == "/srv/osva/state/osva.lock")
    }

    @Test func aTrailingSlashOnTheRootMakesNoDifference() {
        #expect(Layout(root: "/srv/osva/") == Layout(root: "/srv/osva"))
        #expect(Layout(root: "/srv/osva/").inbox == "/srv/osva/Inbox")
        #expect(Layout(root: "relative").outbox == "relative/Outbox")
    }

    @Test func foldersAreEveryFolderAndNoFile() {
        let layout = Layout(root: "/r")
        #expect(Set(layout.folders) == [
            "/r/Inbox", "/r/Claimed", "/r/Archive", "/r/Quarantine", "/r/Outbox", "/r/state",
            "/r/state/store", "/r/state/staging",
        ])
        #expect(layout.folders.count == 8)
        #expect(!layout.folders.contains(layout.database))
        #expect(!layout.folders.contains(layout.lock))
    }
}
