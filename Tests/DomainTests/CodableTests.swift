import Domain
import Foundation
import Testing

/// Domain values are stored as JSON; reading one back must give the same value.
struct CodableTests {
    @Test func anAuthorisationWithEveryFieldSurvivesJSON() throws {
        var authorisation = try World.authorisation(1, version: 2)
        authorisation.disclosure = .interval(low: try Value.time("20230101"),
                                             high: try Value.time("20231231235959.5+0300"))
        authorisation.serviceEvent = try Value.oid("1.2.246.10.99999984.16.2024.1")
        authorisation.recordedBy = "Testi Kirjaaja"
        authorisation.recordedAt = try Value.time("20231215120000")
        authorisation.additionalInformation = .init(
            text: "Kotisairaanhoito", codes: [.init(code: "1", codeSystem: "1.2.3.4",
                                                    displayName: "Koti")])
        authorisation.readProblems = [.osvaProviderInvalid]

        let data = try JSONEncoder().encode(authorisation)
        let decoded = try JSONDecoder().decode(Authorisation.self, from: data)
        #expect(decoded == authorisation)

        var listed = authorisation
        listed.disclosure = .serviceEvents([try Value.oid("1.2.246.10.99999984.16.2024.2")])
        let decodedListed = try JSONDecoder().decode(
            Authorisation.self, from: try JSONEncoder().encode(listed))
        #expect(decodedListed == listed)
    }

    @Test func aCancellationSurvivesJSON() throws {
        let cancellation = try World.cancellation(version: 3, at: "20240201000000")
        let decoded = try JSONDecoder().decode(
            Authorisation.self, from: try JSONEncoder().encode(cancellation))
        #expect(decoded == cancellation)
        #expect(decoded.isCancelled)
    }

    @Test func identifiersAndTimesEncodeAsTheirText() throws {
        let values = Wrapper(patient: try Value.patient(World.patient),
                             time: try Value.time("20240101120000.25-0500"),
                             oid: try Value.oid(World.controller))
        let json = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
        #expect(json.contains(#""030875-999Y""#))
        #expect(json.contains(#""20240101120000.25-0500""#))
        #expect(json.contains(#""1.2.246.10.99999984.19.0""#))
        #expect(try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8)) == values)
    }

    @Test(arguments: [
        #"{"patient":"030875-999X","time":"20240101","oid":"1.2"}"#,
        #"{"patient":"030875-999Y","time":"20240230","oid":"1.2"}"#,
        #"{"patient":"030875-999Y","time":"20240101","oid":"1..2"}"#,
    ])
    func decodingRefusesInvalidValues(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8))
        }
    }

    struct Wrapper: Codable, Equatable {
        let patient: Henkilotunnus
        let time: HL7Time
        let oid: OID
    }
}
