import Domain
import XML

/// Reads how Kanta classifies a stored patient document, for requests that ask only for some
/// document types: `hl7fi:localHeader/hl7fi:documentType` and the views listed in
/// `hl7fi:localHeader/hl7fi:tableOfContents/hl7fi:contentsCode`.
///
/// The document was validated when it was stored; it is parsed again with the same care
/// (no network, no entities) and the given bounds.
public enum DocumentTypeReader {
    /// The document types of the CDA document at `path`, in document order.
    ///
    /// - Throws: `XMLError` when the file cannot be read or parsed (a fault on osva's side
    ///   for a file in the store).
    public static func types(ofFile path: String, limits: XMLLimits = XMLLimits())
        throws(XMLError) -> [DocumentType]
    {
        let document = try XMLDocument(contentsOf: path, limits: limits)
        let xpath = try XPath(document: document, namespaces: CDA.prefixes)
        let local = HeaderReader.localHeader
        let codes = try xpath.elements(local + "fi:documentType | " + local
                                       + "fi:tableOfContents/fi:contentsCode")
        return codes.compactMap { element in
            guard !element.isNull, let code = CDA.normalised(element.attribute("code")),
                  let system = CDA.normalised(element.attribute("codeSystem"))
            else { return nil }
            return DocumentType(code: code, codeSystem: system)
        }
    }
}
