import Domain
import Testing

struct AuthorisationHistoryTests {
    @Test func theNewestVersionIsInForceWhateverTheArrivalOrder() throws {
        let v1 = try World.authorisation(1, version: 1)
        let v2 = try World.authorisation(1, version: 2)
        let v3 = try World.authorisation(1, version: 3)
        let history = AuthorisationHistory(versions: [v2, v3, v1])
        #expect(history.versions.map(\.version) == [1, 2, 3])
        #expect(history.newest == v3)
        #expect(history.terms == v3)
        #expect(history.cancellation == nil)
    }

    @Test func aCancellationKeepsTheTermsOfTheVersionBeforeIt() throws {
        let v1 = try World.authorisation(1, version: 1)
        let v2 = try World.authorisation(1, version: 2)
        let cancellation = try World.cancellation(version: 3, at: "20240201000000")
        let history = AuthorisationHistory(versions: [cancellation, v1, v2])
        #expect(history.newest == cancellation)
        #expect(history.cancellation == cancellation)
        #expect(history.terms == v2)
    }

    @Test func anOlderCancellationIsNotInForce() throws {
        let cancellation = try World.cancellation(version: 2, at: "20240201000000")
        let v3 = try World.authorisation(1, version: 3)
        let history = AuthorisationHistory(versions: [v3, cancellation])
        #expect(history.cancellation == nil)
        #expect(history.terms == v3)
    }

    @Test func aReferenceNamesSetVersionAndDocument() throws {
        let ref = AuthorisationRef(try World.authorisation(4, version: 2))
        #expect(ref == (try World.ref(4, version: 2)))
        #expect(ref.description == "1.2.246.10.99999984.77.4 v2")
    }
}
