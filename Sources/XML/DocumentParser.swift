import CLibXML2

/// Turns bytes into a libxml2 tree under osva's rules; `XMLDocument` is its only user.
///
/// It calls `xmlCtxtReadMemory` with an explicit length and `XML_PARSE_NONET`, and never with
/// `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`, `XML_PARSE_DTDVALID` or `XML_PARSE_HUGE`. Two SAX
/// callbacks of the parser context are wrapped: the internal-subset callback stops the parser
/// as soon as `<!DOCTYPE name` has been read, before any declaration inside it is looked at
/// (so no entity is ever declared, let alone expanded or fetched), and the start-element
/// callback stops it when elements nest deeper than the limit.
enum DocumentParser {
    /// The `xmlParserOption` flags every document is parsed with.
    static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Parses `bytes`; the caller owns the returned tree and frees it with `xmlFreeDoc`.
    ///
    /// - Throws: `XMLError` of kind `.tooLarge`, `.tooDeep`, `.doctypeForbidden`, `.encoding`,
    ///   `.malformed` (with line and column) or `.internal`.
    static func parse(
        _ bytes: UnsafeRawBufferPointer, name: String, limits: XMLLimits
    ) throws(XMLError) -> xmlDocPtr {
        guard bytes.count <= limits.effectiveMaximumBytes else {
            throw XMLError(
                .tooLarge,
                message: "\(bytes.count) bytes exceed the limit of \(limits.maximumBytes)",
                subject: name)
        }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw XMLError(.malformed, message: "the document is empty", subject: name)
        }
        return try LibXML.capturingIssues { log throws(XMLError) in
            guard let context = xmlNewParserCtxt() else {
                throw XMLError(.internal, message: "no parser context", subject: name)
            }
            defer { xmlFreeParserCtxt(context) }
            let watch = ParseWatch(maximumDepth: limits.effectiveMaximumDepth)
            watch.install(on: context)
            let tree = withExtendedLifetime(watch) {
                name.withCString { url in
                    xmlCtxtReadMemory(
                        context, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                        url, nil, options)
                }
            }
            if let refusal = watch.refusal {
                if let tree { xmlFreeDoc(tree) }
                throw refusal.error(subject: name)
            }
            guard let tree, context.pointee.wellFormed != 0 else {
                if let tree { xmlFreeDoc(tree) }
                throw failure(log, subject: name)
            }
            if tree.pointee.intSubset != nil || tree.pointee.extSubset != nil {
                xmlFreeDoc(tree)
                throw XMLError(
                    .doctypeForbidden, message: "a document type declaration is not allowed",
                    subject: name)
            }
            return tree
        }
    }

    /// The error for a document libxml2 refused, from the first error it reported.
    private static func failure(_ log: IssueLog, subject: String) -> XMLError {
        let kind: XMLError.Kind = log.sawEncodingProblem ? .encoding : .malformed
        guard let first = log.firstError else {
            return XMLError(kind, message: "the document is not well-formed", subject: subject)
        }
        return XMLError(
            kind, message: first.message, subject: subject, line: first.line,
            column: first.column)
    }
}

/// What the wrapped SAX callbacks saw during one parse.
///
/// Reached from C through the parser context's `_private` field, which holds an unretained
/// reference; `DocumentParser.parse` keeps the object alive for the whole parse.
private final class ParseWatch {
    /// Why the parser was stopped, with where.
    struct Refusal {
        let kind: XMLError.Kind
        let message: String
        let line: Int
        let column: Int

        func error(subject: String) -> XMLError {
            XMLError(kind, message: message, subject: subject, line: line, column: column)
        }
    }

    let maximumDepth: Int
    /// libxml2's own start-element callback, called for every element within the limit.
    var startElement: startElementNsSAX2Func?
    /// Set when a callback stopped the parser.
    var refusal: Refusal?

    init(maximumDepth: Int) {
        self.maximumDepth = maximumDepth
    }

    /// Wraps the context's SAX callbacks and points its `_private` field at this object.
    func install(on context: xmlParserCtxtPtr) {
        guard let sax = context.pointee.sax else { return }
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        startElement = sax.pointee.startElementNs
        sax.pointee.internalSubset = { userData, _, _, _ in
            guard let (context, watch) = ParseWatch.from(userData) else { return }
            watch.stop(
                context, kind: .doctypeForbidden,
                message: "a document type declaration is not allowed")
        }
        sax.pointee.externalSubset = nil
        sax.pointee.startElementNs = {
            userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount,
            defaultedCount, attributes in
            guard let (context, watch) = ParseWatch.from(userData) else { return }
            // nameNr counts the open ancestors: the new element is not pushed yet.
            let depth = Int(context.pointee.nameNr) + 1
            guard depth <= watch.maximumDepth else {
                watch.stop(
                    context, kind: .tooDeep,
                    message: "elements nest deeper than \(watch.maximumDepth)")
                return
            }
            watch.startElement?(
                userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount,
                defaultedCount, attributes)
        }
    }

    /// Records why parsing ends here and halts the parser (`xmlStopParser`).
    private func stop(_ context: xmlParserCtxtPtr, kind: XMLError.Kind, message: String) {
        if refusal == nil {
            let input = context.pointee.input?.pointee
            refusal = Refusal(
                kind: kind, message: message, line: Int(input?.line ?? 0),
                column: Int(input?.col ?? 0))
        }
        xmlStopParser(context)
    }

    /// The parser context and watch behind a SAX callback's user data.
    private static func from(
        _ userData: UnsafeMutableRawPointer?
    ) -> (xmlParserCtxtPtr, ParseWatch)? {
        guard let context = userData?.assumingMemoryBound(to: xmlParserCtxt.self),
            let watch = context.pointee._private
        else { return nil }
        return (context, Unmanaged<ParseWatch>.fromOpaque(watch).takeUnretainedValue())
    }
}
