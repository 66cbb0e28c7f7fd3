// libFuzzer target `xml`: every input is parsed by `XMLDocument` under osva's rules, walked
// with `XMLElement` and queried with `XPath`; the input, read as text, is also escaped with
// `XMLText` and parsed back. Built and run by `scripts/fuzz.sh`.
import XML

/// The namespaces osva's own queries bind.
private let namespaces = [
    "cda": "urn:hl7-org:v3", "hl7fi": "urn:hl7finland",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance", "m": "urn:osva:bundle:1",
]

/// The most elements one input's walk visits.
private let walkLimit = 10_000

/// The most input bytes the escaping check takes: escaping works character by character, so
/// a short prefix finds what the whole input would, at a fraction of the cost.
private let escapeLimit = 4096

/// Parses, walks and queries the input, and checks the `XMLText` round trip; traps when the
/// XML layer breaks its contract.
///
/// Every parse fails with a kind that describes the input (never `.io`, `.internal`, `.xpath`
/// or `.schemaLoad`), every parsed document has a root element, osva's kind of query never
/// fails, and escaped text always parses back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    checkEscaping(String(decoding: bytes.prefix(escapeLimit), as: UTF8.self))
    let document: XMLDocument
    do {
        document = try XMLDocument(bytes: bytes, name: "fuzz.xml")
    } catch {
        switch error.kind {
        case .tooLarge, .tooDeep, .doctypeForbidden, .encoding, .malformed:
            return 0
        case .io, .internal, .xpath, .schemaLoad:
            fatalError("an input's problem reported as \(error.kind): \(error)")
        }
    }
    guard let root = document.root else {
        fatalError("a parsed document has no root element")
    }
    walk(from: root)
    query(document)
    return 0
}

/// Reads every view property of up to `walkLimit` elements, depth first.
private func walk(from root: XMLElement) {
    var pending = [root]
    var visited = 0
    while let element = pending.popLast(), visited < walkLimit {
        visited += 1
        _ = element.localName
        _ = element.namespaceURI
        _ = element.line
        _ = element.attribute("id")
        _ = element.attribute("type", namespace: namespaces["xsi"])
        _ = element.parent?.localName
        pending.append(contentsOf: element.children.reversed())
    }
    _ = root.text
}

/// Runs queries of the kinds osva writes; none may fail on any document.
private func query(_ document: XMLDocument) {
    do {
        let path = try XPath(document: document, namespaces: namespaces)
        let root = "/cda:ClinicalDocument/"
        _ = try path.elements("//cda:section/cda:code[@codeSystem]")
        _ = try path.string(root + "cda:id/@root")
        _ = try path.string("normalize-space(" + root + "cda:effectiveTime/@value)")
        _ = try path.count(root + "cda:component/cda:structuredBody//cda:entry")
        if let first = try path.element("/*/*[1]") {
            _ = try path.string("@*[1]", in: first)
        }
        _ = try path.count("count(//m:entry)")
    } catch {
        fatalError("a fixed query failed: \(error)")
    }
}

/// Escapes `text` into an attribute and an element, parses that, and expects `text` back,
/// with each character XML forbids replaced by U+FFFD as `XMLText.escape` documents.
private func checkEscaping(_ text: String) {
    let escaped = XMLText.escape(text)
    let wrapper = "<r a=\"" + escaped + "\">" + escaped + "</r>"
    var expected = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        expected.append(XMLText.isAllowed(scalar) ? scalar : "\u{FFFD}")
    }
    do {
        let document = try XMLDocument(bytes: Array(wrapper.utf8), name: "escaped.xml")
        guard let root = document.root else { fatalError("escaped text has no root") }
        let value = String(expected)
        check(root.attribute("a") == value, "attribute changed: \(text.debugDescription)")
        check(root.text == value, "text changed: \(text.debugDescription)")
    } catch {
        fatalError("escaped text does not parse (\(error)): \(text.debugDescription)")
    }
}
