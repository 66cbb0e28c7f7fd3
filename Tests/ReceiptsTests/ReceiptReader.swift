import Domain
import Foundation
import Testing
import XML

/// Reads a rendered receipt back: validates it against the shipped schema and rebuilds the
/// `BundleResult` it describes with XPath, without going through the code under test.
struct ReceiptReader {
    /// The receipt namespace, as the schema declares it.
    static let namespace = "urn:osva:receipt:1"

    /// The schema under `Sources/Receipts/Schemas`.
    static let schemaPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Receipts/Schemas/osva-receipt.xsd").path

    let xpath: XPath
    /// The schema's complaints; empty when the receipt is valid.
    let issues: [XMLIssue]

    /// Parses and validates `text`.
    init(_ text: String) throws {
        let document = try XMLDocument(bytes: Array(text.utf8), name: "receipt.xml")
        issues = try XMLSchema(contentsOf: Self.schemaPath).validate(document)
        xpath = try XPath(document: document, namespaces: ["r": Self.namespace])
    }

    /// The value of attribute `name` of `element`, or nil when the element has none.
    func attribute(_ name: String, of element: XMLElement) throws -> String? {
        try xpath.count("@" + name, in: element) == 0
            ? nil : try xpath.string("@" + name, in: element) ?? ""
    }

    /// The one element `expression` selects.
    func element(_ expression: String) throws -> XMLElement {
        let found = try xpath.elements(expression)
        try #require(found.count == 1, "\(expression) selects \(found.count) elements")
        return found[0]
    }

    /// The text of the one element `expression` selects ("" when empty).
    func text(_ expression: String, in element: XMLElement? = nil) throws -> String {
        try #require(try xpath.count(expression, in: element) == 1)
        return try xpath.string(expression, in: element) ?? ""
    }

    /// The receipt's `acknowledgement` attribute.
    func acknowledgement() throws -> String? {
        try attribute("acknowledgement", of: element("/r:receipt"))
    }

    /// The `summary` counts: items, accepted, alreadyStored, rejected.
    func summary() throws -> [Int?] {
        let summary = try element("/r:receipt/r:summary")
        return try ["items", "accepted", "alreadyStored", "rejected"].map {
            try attribute($0, of: summary).flatMap { Int($0) }
        }
    }

    /// The `role` of each item's `authorisation`, nil for an item without one.
    func roles() throws -> [String?] {
        try xpath.elements("/r:receipt/r:item").map { item in
            try xpath.element("r:authorisation", in: item).flatMap {
                try attribute("role", of: $0)
            }
        }
    }

    /// The result the receipt describes.
    func result() throws -> BundleResult {
        let bundle = try element("/r:receipt/r:bundle")
        var result = BundleResult(
            file: try #require(try attribute("file", of: bundle)),
            sender: try #require(try attribute("sender", of: bundle)),
            received: try date(try attribute("received", of: bundle)))
        result.processed = try date(try attribute("processed", of: bundle))
        result.bundleID = try attribute("id", of: bundle)
        result.sha256 = try attribute("sha256", of: bundle)
        if let rejection = try xpath.element("/r:receipt/r:rejection") {
            let code = try #require(try attribute("code", of: rejection))
            result.rejection = Rejection(
                try #require(ReasonCode(rawValue: code)),
                try xpath.string(".", in: rejection) ?? "",
                entryIndex: try attribute("entryIndex", of: rejection).map {
                    try #require(Int($0))
                },
                entryName: try attribute("entryName", of: rejection))
        }
        result.items = try xpath.elements("/r:receipt/r:item").map(item)
        result.ignored = try xpath.elements("/r:receipt/r:ignored").map {
            try #require(try attribute("path", of: $0))
        }
        return result
    }

    private func item(_ element: XMLElement) throws -> ItemResult {
        var item = ItemResult(
            path: try #require(try attribute("path", of: element)),
            kind: try #require(ItemResult.Kind(
                rawValue: try attribute("kind", of: element) ?? "")),
            outcome: try #require(ItemResult.Outcome(
                rawValue: try attribute("outcome", of: element) ?? "")),
            reason: try attribute("code", of: element).map {
                try #require(ReasonCode(rawValue: $0))
            },
            message: try text("r:message", in: element))
        item.documentID = try attribute("documentId", of: element)
        item.patient = try attribute("patient", of: element)
        if let controller = try attribute("registerController", of: element) {
            item.register = RegisterRef(
                controller: try #require(OID(controller)),
                type: try #require(try attribute("registerType", of: element)),
                specifier: try attribute("registerSpecifier", of: element))
        }
        if let reference = try xpath.element("r:authorisation", in: element) {
            item.authorisation = AuthorisationRef(
                setID: try #require(OID(try attribute("setId", of: reference) ?? "")),
                documentID: try #require(OID(try attribute("documentId", of: reference) ?? "")),
                version: try #require(Int(try attribute("version", of: reference) ?? "")))
        }
        if let information = try xpath.element("r:serviceInformation", in: element) {
            item.serviceInformation = try serviceInformation(information)
        }
        return item
    }

    private func serviceInformation(_ element: XMLElement) throws
        -> Authorisation.AdditionalInformation
    {
        let text = try xpath.count("r:text", in: element) == 0
            ? nil : try self.text("r:text", in: element)
        let codes = try xpath.elements("r:code", in: element).map { code in
            Authorisation.AdditionalInformation.Code(
                code: try #require(try attribute("code", of: code)),
                codeSystem: try #require(try attribute("codeSystem", of: code)),
                displayName: try attribute("displayName", of: code))
        }
        return Authorisation.AdditionalInformation(text: text, codes: codes)
    }

    private func date(_ text: String?) throws -> Date {
        let text = try #require(text)
        return try #require(ISO8601DateFormatter().date(from: text))
    }
}

/// `result` as a receipt can carry it: in every text, each character XML 1.0 does not allow
/// (C0 controls other than tab, line feed and carriage return; U+FFFE; U+FFFF) replaced with
/// U+FFFD, as the receipt format documents.
func asXMLCarriesIt(_ result: BundleResult) -> BundleResult {
    func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let allowed = [0x9, 0xA, 0xD].contains(value) || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || value >= 0x10000
            out.append(allowed ? scalar : "\u{FFFD}")
        }
        return String(out)
    }
    var result = result
    result.file = clean(result.file)
    result.sender = clean(result.sender)
    result.bundleID = result.bundleID.map(clean)
    result.sha256 = result.sha256.map(clean)
    result.rejection = result.rejection.map {
        Rejection($0.code, clean($0.detail), entryIndex: $0.entryIndex,
                  entryName: $0.entryName.map(clean))
    }
    result.ignored = result.ignored.map(clean)
    result.items = result.items.map { item in
        var item = item
        item.path = clean(item.path)
        item.message = clean(item.message)
        item.documentID = item.documentID.map(clean)
        item.patient = item.patient.map(clean)
        item.register = item.register.map {
            RegisterRef(controller: $0.controller, type: clean($0.type),
                        specifier: $0.specifier.map(clean))
        }
        item.serviceInformation = item.serviceInformation.map { information in
            Authorisation.AdditionalInformation(
                text: information.text.map(clean),
                codes: information.codes.map {
                    Authorisation.AdditionalInformation.Code(
                        code: clean($0.code), codeSystem: clean($0.codeSystem),
                        displayName: $0.displayName.map(clean))
                })
        }
        return item
    }
    return result
}
