import Documents
import Domain
import Foundation
import Testing

/// A read that gave something other than the test expected.
struct UnexpectedContent: Error, CustomStringConvertible {
    var description: String
}

/// The real documents under `Tests/Fixtures/kanta/documents`, and plain-text tools to read
/// and change them without going through the code under test.
enum Corpus {
    /// The fixtures folder.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kanta/documents").path

    /// The patient-specific OSVA written by OmaKanta.
    static let osva = folder + "/osva-patient-specific-omakanta.xml"
    /// HUS's outsourced service-event document.
    static let hus = folder + "/hus-service-event-outsourced.xml"

    /// Every `.xml` file of the folder, sorted.
    static func allDocuments() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".xml") }.sorted().map { folder + "/" + $0 }
    }

    /// The file's text (UTF-8).
    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// `text` without XML comments (the OSVA keeps disabled fields inside comments).
    static func withoutComments(_ text: String) -> String {
        text.replacing(/<!--.*?-->/.dotMatchesNewlines(), with: "")
    }

    /// The authorisation `result` holds; throws for a problem or a patient document.
    static func authorisation(_ result: Result<CDAContent, DocumentProblem>) throws
        -> Authorisation
    {
        switch try result.get() {
        case .authorisation(let authorisation): return authorisation
        case .document: throw UnexpectedContent(description: "a patient document")
        }
    }

    /// The document header `result` holds; throws for a problem or an authorisation.
    static func header(_ result: Result<CDAContent, DocumentProblem>) throws
        -> DocumentHeader
    {
        switch try result.get() {
        case .document(let header): return header
        case .authorisation: throw UnexpectedContent(description: "an authorisation")
        }
    }

    /// The problem `result` holds; throws when it holds content.
    static func problem(_ result: Result<CDAContent, DocumentProblem>) throws
        -> DocumentProblem
    {
        switch result {
        case .failure(let problem): return problem
        case .success: throw UnexpectedContent(description: "content instead of a problem")
        }
    }

    /// The `<text>` of form 362 field `code`, as written, read with a regular expression.
    static func fieldText(_ code: Int, in text: String) throws -> String {
        let pattern = #"<code code="\#(code)" [^>]*codeSystem="1\.2\.246\.537\.6\.12\.2002\.362""#
            + #"[^>]*/>\s*<title>[^<]*</title>\s*<text>([^<]*)</text>"#
        let regex = try Regex(pattern)
        let match = try #require(withoutComments(text).firstMatch(of: regex))
        return String(try #require(match.output[1].substring))
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The attributes of the first start tag named `name` (any prefix) after `start`.
    static func attributes(ofFirst name: String, in text: String, after start: String = "")
        throws -> [String: String]
    {
        var rest = Substring(withoutComments(text))
        if !start.isEmpty, let range = rest.range(of: start) { rest = rest[range.upperBound...] }
        let tag = try #require(rest.firstMatch(of: try Regex(#"<(?:\w+:)?\#(name)\s([^>]*)>"#)))
        let body = String(try #require(tag.output[1].substring))
        var attributes: [String: String] = [:]
        for match in body.matches(of: /([\w:]+)="([^"]*)"/) {
            attributes[String(match.output.1)] = String(match.output.2)
        }
        return attributes
    }

    /// Where the `component` that holds form 362 field `code` starts in `text`.
    static func fieldStart(_ code: Int, in text: String) throws -> String.Index {
        let pattern = #"<component>\s*<section>\s*<code code="\#(code)" "#
            + #"[^>]*codeSystem="1\.2\.246\.537\.6\.12\.2002\.362""#
        return try #require(text.firstMatch(of: try Regex(pattern))).range.lowerBound
    }

    /// `text` without the `component` that holds form 362 field `code` (comments removed).
    static func removingField(_ code: Int, from text: String) throws -> String {
        let plain = withoutComments(text)
        let start = try fieldStart(code, in: plain)
        var depth = 0
        var index = start
        while index < plain.endIndex {
            if plain[index...].hasPrefix("<component>") {
                depth += 1
            } else if plain[index...].hasPrefix("</component>") {
                depth -= 1
                if depth == 0 {
                    let end = plain.index(index, offsetBy: "</component>".count)
                    return String(plain[..<start] + plain[end...])
                }
            }
            index = plain.index(after: index)
        }
        Issue.record("field \(code) has no closing component")
        return plain
    }

    /// `text` with the first occurrence of `target` replaced; records an issue when absent.
    static func replacing(_ target: String, with replacement: String, in text: String)
        -> String
    {
        guard let range = text.range(of: target) else {
            Issue.record("'\(target)' not found")
            return text
        }
        return text.replacingCharacters(in: range, with: replacement)
    }

    /// Default-namespace CDA rewritten with an `hl7:` prefix on every CDA element and on
    /// `xsi:type` values; the parts between `keep` markers (start, end) stay as they are.
    static func prefixed(_ text: String, keep: (String, String)? = nil) -> String {
        func prefix(_ part: Substring) -> String {
            String(part)
                .replacing(#"xmlns="urn:hl7-org:v3""#, with: #"xmlns:hl7="urn:hl7-org:v3""#)
                .replacing(/<(\/?)([A-Za-z][A-Za-z0-9_]*)([\s\/>])/) { match in
                    "<\(match.output.1)hl7:\(match.output.2)\(match.output.3)"
                }
                .replacing(#"xsi:type=""#, with: #"xsi:type="hl7:"#)
        }
        let plain = withoutComments(text)
        guard let keep, let open = plain.range(of: keep.0),
              let close = plain.range(of: keep.1, range: open.upperBound..<plain.endIndex)
        else { return prefix(plain[...]) }
        return prefix(plain[..<open.lowerBound]) + String(plain[open.lowerBound..<close.upperBound])
            + prefix(plain[close.upperBound...])
    }

    /// The 1-based line of the first occurrence of `target`.
    static func line(of target: String, in text: String) throws -> Int {
        let range = try #require(text.range(of: target))
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }

    /// Calendar date parts of a Finnish `d.m.yyyy` (optionally followed by ` hh:mm`).
    static func finnishDate(_ text: String) throws -> [Int] {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        try #require(numbers.count == 3 || numbers.count == 5)
        return [numbers[2], numbers[1], numbers[0]] + numbers.dropFirst(3)
    }

    /// Year, month, day (and hour, minute when `count` is 5) of `date` in Helsinki.
    static func helsinkiParts(_ date: Date, count: Int = 3) -> [Int] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Helsinki")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return Array([c.year!, c.month!, c.day!, c.hour!, c.minute!].prefix(count))
    }
}
