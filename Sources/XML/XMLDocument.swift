import CLibXML2

/// A parsed XML document: the libxml2 tree (`xmlDoc`), owned and freed by this object.
///
/// Parsing calls `xmlCtxtReadMemory` without network access, without entity substitution and
/// without loading or validating a DTD; a document that declares a document type at all is
/// refused (see `DocumentParser`). Elements and XPath objects taken from a document keep it
/// alive. Not Sendable: libxml2 trees are not safe to share between threads, so a document
/// stays with the task that parsed it.
public final class XMLDocument {
    /// The tree; freed with `xmlFreeDoc` in `deinit`, never elsewhere.
    let pointer: xmlDocPtr
    /// The name given at parsing, used as the subject of errors (a file or entry name).
    public let name: String

    /// Parses a document from bytes held in memory.
    ///
    /// The byte count is checked against `limits.maximumBytes` before libxml2 sees anything.
    /// The encoding comes from the byte order mark or the XML declaration (UTF-8 when neither).
    ///
    /// - Throws: `XMLError` of kind `.tooLarge`, `.tooDeep`, `.doctypeForbidden`, `.encoding`,
    ///   `.malformed` (with line and column) or `.internal`, whose subject is `name`.
    public init(
        bytes: some Collection<UInt8>, name: String, limits: XMLLimits = XMLLimits()
    ) throws(XMLError) {
        guard bytes.count <= limits.effectiveMaximumBytes else {
            throw XMLError(
                .tooLarge,
                message: "\(bytes.count) bytes exceed the limit of \(limits.maximumBytes)",
                subject: name)
        }
        let parse = { (buffer: UnsafeRawBufferPointer) -> Result<xmlDocPtr, XMLError> in
            Result { () throws(XMLError) in
                try DocumentParser.parse(buffer, name: name, limits: limits)
            }
        }
        let result =
            bytes.withContiguousStorageIfAvailable { parse(UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes(parse)
        self.pointer = try result.get()
        self.name = name
    }

    /// Reads and parses a file, reading at most `limits.maximumBytes` of it.
    ///
    /// The file's path is the subject of any error.
    ///
    /// - Throws: `XMLError` of kind `.io` when the file cannot be opened or read or is not a
    ///   regular file, `.tooLarge` when it is larger than the limit, or any parsing error.
    public convenience init(contentsOf path: String, limits: XMLLimits = XMLLimits())
        throws(XMLError)
    {
        let bytes = try FileBytes.contents(of: path, maximumBytes: limits.effectiveMaximumBytes)
        try self.init(bytes: bytes, name: path, limits: limits)
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    /// The root element (`xmlDocGetRootElement`); every parsed document has one.
    public var root: XMLElement? {
        xmlDocGetRootElement(pointer).map { XMLElement(node: $0, document: self) }
    }

    /// The encoding named in the XML declaration, if there was one (`ISO-8859-1`, …).
    public var declaredEncoding: String? {
        LibXML.string(pointer.pointee.encoding)
    }
}

@available(*, unavailable, message: "libxml2 trees must stay on one thread")
extension XMLDocument: Sendable {}
