import Files
import Foundation
import Storage
import Testing

/// `ContentStore`: files live at `store/<first two hex>/<sha256>`, are copied (never moved),
/// stored once, and only unreferenced ones are swept.
@Suite struct ContentStoreTests {
    let scratch: Scratch
    let store: ContentStore

    init() throws {
        scratch = try Scratch()
        store = ContentStore(root: scratch.file("store"))
    }

    /// The names in `folder`, sorted, hidden ones included.
    func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func thePathIsTheHashUnderItsFirstTwoDigits() {
        #expect(store.path(of: Vector.abc) == scratch.file("store/ba/" + Vector.abc))
        #expect(store.path(of: Vector.empty) == scratch.file("store/e3/" + Vector.empty))
    }

    @Test func aFileIsCopiedToItsHashsPath() throws {
        let source = try scratch.write(Array("abc".utf8), to: "staged-1")
        #expect(!store.contains(Vector.abc))

        let path = try store.put(copyOf: source, sha256: Vector.abc)
        #expect(path == scratch.file("store/ba/" + Vector.abc))
        #expect(FileManager.default.contents(atPath: path) == Data("abc".utf8))
        #expect(FileManager.default.contents(atPath: source) == Data("abc".utf8))
        #expect(store.contains(Vector.abc))
        #expect(try names(scratch.file("store")) == ["ba"])
        #expect(try names(scratch.file("store/ba")) == [Vector.abc])
    }

    @Test func theRealAuthorisationIsStoredUnderTheHashSha256sumGives() throws {
        let sha = try sha256sum(Kanta.osvaPath)
        try #require(sha.count == 64)
        let path = try store.put(copyOf: Kanta.osvaPath, sha256: sha)
        #expect(path == scratch.file("store/\(sha.prefix(2))/\(sha)"))
        #expect(try sha256sum(path) == sha)
    }

    @Test func storingTheSameContentTwiceKeepsOneFile() throws {
        let first = try scratch.write(Array("abc".utf8), to: "staged-1")
        let second = try scratch.write(Array("abc".utf8), to: "staged-2")
        let path = try store.put(copyOf: first, sha256: Vector.abc)
        #expect(try store.put(copyOf: second, sha256: Vector.abc) == path)
        #expect(try names(scratch.file("store/ba")) == [Vector.abc])
        #expect(FileManager.default.contents(atPath: path) == Data("abc".utf8))
    }

    @Test func aMissingSourceFailsAtReadAndStoresNothing() throws {
        let missing = scratch.file("staged-gone")
        #expect {
            try store.put(copyOf: missing, sha256: Vector.abc)
        } throws: { error in
            let error = error as? FileError
            return error?.step == .read && error?.path == missing && error?.code == ENOENT
        }
        #expect(!store.contains(Vector.abc))
        #expect(try names(scratch.file("store/ba")) == [])
    }

    @Test func sweepRemovesOnlyUnreferencedFiles() throws {
        let abc = try scratch.write(Array("abc".utf8), to: "abc")
        let empty = try scratch.write([], to: "empty")
        let osvaSHA = try sha256sum(Kanta.osvaPath)
        try store.put(copyOf: abc, sha256: Vector.abc)
        try store.put(copyOf: empty, sha256: Vector.empty)
        try store.put(copyOf: Kanta.osvaPath, sha256: osvaSHA)

        #expect(store.sweep(keeping: [Vector.abc, osvaSHA]) == 1)
        #expect(store.contains(Vector.abc))
        #expect(store.contains(osvaSHA))
        #expect(!store.contains(Vector.empty))
        #expect(store.sweep(keeping: [Vector.abc, osvaSHA]) == 0)

        #expect(store.sweep(keeping: []) == 2)
        #expect(!store.contains(Vector.abc) && !store.contains(osvaSHA))
    }

    @Test func sweepOfAMissingStoreRemovesNothing() {
        #expect(ContentStore(root: scratch.file("no-store")).sweep(keeping: []) == 0)
    }
}
