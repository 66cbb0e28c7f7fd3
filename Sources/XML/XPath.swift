import CLibXML2

/// XPath 1.0 queries over one document, with namespace prefixes bound once.
///
/// Wraps an `xmlXPathContext` (`xmlXPathNewContext`, freed with `xmlXPathFreeContext`) and
/// evaluates with `xmlXPathCompiledEval`. Holds its document strongly. Queries are written by
/// osva, not taken from input; a document's default namespace has no prefix in XPath, so CDA
/// queries use a bound prefix such as `cda:` whether or not the document itself used one.
/// Not Sendable.
public final class XPath {
    /// The context; owned by this object.
    private let context: xmlXPathContextPtr
    /// The document the queries run over.
    public let document: XMLDocument

    /// Creates a query context over `document` with `namespaces` bound (prefix → URI).
    ///
    /// - Throws: `XMLError` `.xpath` when a prefix cannot be registered, `.internal` when
    ///   libxml2 cannot allocate the context.
    public init(document: XMLDocument, namespaces: [String: String] = [:]) throws(XMLError) {
        LibXML.ensureInitialised()
        guard let context = xmlXPathNewContext(document.pointer) else {
            throw XMLError(.internal, message: "no XPath context", subject: document.name)
        }
        self.context = context
        self.document = document
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
            let status = prefix.withCString { prefix in
                uri.withCString { xmlXPathRegisterNs(context, prefix.xml, $0.xml) }
            }
            guard status == 0 else {
                throw XMLError(
                    .xpath, message: "cannot bind namespace prefix '\(prefix)'",
                    subject: document.name)
            }
        }
    }

    deinit {
        xmlXPathFreeContext(context)
    }

    /// The elements `expression` selects, in document order; other selected nodes are skipped.
    ///
    /// `node` is the context node (the document when nil) and must belong to this document.
    ///
    /// - Throws: `XMLError` `.xpath` for a bad expression, an unbound prefix, a result that
    ///   is not a node set, or a node from another document.
    public func elements(_ expression: String, in node: XMLElement? = nil) throws(XMLError)
        -> [XMLElement]
    {
        try evaluate(expression, in: node) { result throws(XMLError) in
            try nodes(of: result, expression).compactMap { node in
                node.pointee.type == XML_ELEMENT_NODE
                    ? XMLElement(node: node, document: document) : nil
            }
        }
    }

    /// The first element `expression` selects, or nil when it selects none.
    ///
    /// - Throws: as `elements(_:in:)`.
    public func element(_ expression: String, in node: XMLElement? = nil) throws(XMLError)
        -> XMLElement?
    {
        try elements(expression, in: node).first
    }

    /// The string value of `expression`, or nil when it is empty or selects nothing.
    ///
    /// A node set gives the string value of its first node in document order (an attribute's
    /// value, an element's text); a string, number or boolean result gives its XPath string
    /// form. The value is not trimmed.
    ///
    /// - Throws: `XMLError` `.xpath` for a bad expression or a node from another document.
    public func string(_ expression: String, in node: XMLElement? = nil) throws(XMLError)
        -> String?
    {
        try evaluate(expression, in: node) { result in
            let value: String?
            switch result.pointee.type {
            case XPATH_NODESET:
                value = result.pointee.nodesetval.flatMap { set in
                    set.pointee.nodeNr > 0 ? set.pointee.nodeTab?[0] : nil
                }.map(LibXML.content(of:))
            case XPATH_STRING:
                value = LibXML.string(result.pointee.stringval)
            case XPATH_BOOLEAN:
                value = result.pointee.boolval != 0 ? "true" : "false"
            case XPATH_NUMBER:
                value = Self.format(result.pointee.floatval)
            default:
                value = nil
            }
            return value?.isEmpty == false ? value : nil
        }
    }

    /// How many nodes `expression` selects (of any kind), or its value when it is a number.
    ///
    /// - Throws: `XMLError` `.xpath` for a bad expression or a result that is neither.
    public func count(_ expression: String, in node: XMLElement? = nil) throws(XMLError) -> Int {
        try evaluate(expression, in: node) { result throws(XMLError) in
            if result.pointee.type == XPATH_NUMBER {
                let number = result.pointee.floatval
                guard number.isFinite, abs(number) < 0x1p53 else {
                    throw XMLError(
                        .xpath, message: "'\(expression)' is not a countable number",
                        subject: document.name)
                }
                return Int(number)
            }
            return try nodes(of: result, expression).count
        }
    }

    /// Compiles and evaluates `expression` with `node` as context node, then hands the
    /// result (freed afterwards with `xmlXPathFreeObject`) to `body`.
    private func evaluate<T>(
        _ expression: String, in node: XMLElement?,
        _ body: (xmlXPathObjectPtr) throws(XMLError) -> T
    ) throws(XMLError) -> T {
        if let node, node.document !== document {
            throw XMLError(
                .xpath, message: "context node belongs to \(node.document.name)",
                subject: document.name)
        }
        return try LibXML.capturingIssues { log throws(XMLError) in
            context.pointee.node = node?.node
            defer { context.pointee.node = nil }
            let compiled = expression.withCString { xmlXPathCtxtCompile(context, $0.xml) }
            guard let compiled else { throw failure(log, expression) }
            defer { xmlXPathFreeCompExpr(compiled) }
            guard let result = xmlXPathCompiledEval(compiled, context) else {
                throw failure(log, expression)
            }
            defer { xmlXPathFreeObject(result) }
            return try body(result)
        }
    }

    /// The nodes of a node-set result.
    private func nodes(of result: xmlXPathObjectPtr, _ expression: String) throws(XMLError)
        -> [xmlNodePtr]
    {
        guard result.pointee.type == XPATH_NODESET else {
            throw XMLError(
                .xpath, message: "'\(expression)' does not select nodes", subject: document.name)
        }
        guard let set = result.pointee.nodesetval, let table = set.pointee.nodeTab else {
            return []
        }
        return (0..<Int(set.pointee.nodeNr)).compactMap { table[$0] }
    }

    /// The `.xpath` error for an expression libxml2 refused.
    private func failure(_ log: IssueLog, _ expression: String) -> XMLError {
        let reason = log.firstError?.message ?? "evaluation failed"
        return XMLError(.xpath, message: "'\(expression)': \(reason)", subject: document.name)
    }

    /// A number as XPath's `string()` writes it: integers without a fraction.
    private static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
