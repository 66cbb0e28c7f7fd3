import Domain
import XML

/// Namespaces and small value readers shared by the CDA header and form 362 readers.
enum CDA {
    /// The HL7 v3 namespace of every CDA element.
    static let namespace = "urn:hl7-org:v3"
    /// Kanta's Finnish header extensions (`hl7fi:`).
    static let finnishNamespace = "urn:hl7finland"
    /// XML Schema instance, for `xsi:type`.
    static let instanceNamespace = "http://www.w3.org/2001/XMLSchema-instance"

    /// The prefixes osva's XPath queries use; they match a document's elements by namespace
    /// URI, so a document may use any prefix (or a default namespace) of its own.
    static let prefixes = [
        "cda": namespace, "fi": finnishNamespace, "xsi": instanceNamespace,
    ]

    /// `text` with runs of white space turned into one space and the ends trimmed; nil when
    /// nothing is left.
    static func normalised(_ text: String?) -> String? {
        guard let text else { return nil }
        let words = text.split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

/// An `II` value: an instance identifier's root and extension, as written.
struct Identifier: Equatable {
    /// `@root`, when present and not empty.
    var root: String?
    /// `@extension`, when present and not empty.
    var extensionText: String?

    /// Reads `@root` and `@extension` of `element`; nil when it has neither or a nullFlavor.
    init?(_ element: XMLElement?) {
        guard let element, !element.isNull else { return nil }
        root = CDA.normalised(element.attribute("root"))
        extensionText = CDA.normalised(element.attribute("extension"))
        if root == nil && extensionText == nil { return nil }
    }

    /// The root as an OID, when it is one.
    var oid: OID? { root.flatMap(OID.init) }

    /// The identifier as one string: the root, then `^` and the extension when there is one
    /// (the usual way to write an `II` in a single field, as IHE XDS does).
    var joined: String {
        switch (root, extensionText) {
        case let (root?, ext?): root + "^" + ext
        case let (root?, nil): root
        case let (nil, ext?): "^" + ext
        case (nil, nil): ""
        }
    }
}

extension XMLElement {
    /// The first CDA (`urn:hl7-org:v3`) child with this local name.
    func cda(_ name: String) -> XMLElement? {
        child(name, namespace: CDA.namespace)
    }

    /// Every CDA child with this local name, in document order.
    func cdaChildren(_ name: String) -> [XMLElement] {
        children.filter { $0.localName == name && $0.namespaceURI == CDA.namespace }
    }

    /// True when the element carries a `nullFlavor`: it stands for a value that is missing.
    var isNull: Bool {
        attribute("nullFlavor") != nil
    }

    /// The local part of `xsi:type` (`II` for `hl7:II`), or nil when there is none.
    var instanceType: String? {
        guard let type = attribute("type", namespace: CDA.instanceNamespace) else {
            return nil
        }
        return String(type.split(separator: ":").last ?? Substring(type))
    }

    /// `@value` as an HL7 time, when present and well-formed.
    var timeValue: HL7Time? {
        guard !isNull, let text = CDA.normalised(attribute("value")) else { return nil }
        return HL7Time(text)
    }

    /// The element's text content, white space normalised; nil when empty.
    var normalisedText: String? {
        CDA.normalised(text)
    }
}
