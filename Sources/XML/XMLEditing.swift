import CLibXML2

/// Changing a parsed tree: used to build sample and benchmark documents from real ones.
///
/// Every change works on the document's own tree; views of removed elements must not be
/// used afterwards.
extension XMLElement {
    /// Sets an attribute without a namespace, replacing any value (`xmlSetProp`).
    public func setAttribute(_ name: String, to value: String) {
        name.withCString { name in
            value.withCString { value in _ = xmlSetProp(node, name.xml, value.xml) }
        }
    }

    /// Removes an attribute without a namespace, if present (`xmlUnsetProp`).
    public func removeAttribute(_ name: String) {
        name.withCString { _ = xmlUnsetProp(node, $0.xml) }
    }

    /// Replaces the element's children with `text`, escaped (`xmlNodeSetContentLen` after
    /// `xmlEncodeSpecialChars`).
    public func setText(_ text: String) {
        text.withCString { raw in
            guard let encoded = xmlEncodeSpecialChars(node.pointee.doc, raw.xml) else { return }
            xmlNodeSetContent(node, encoded)
            osva_xml_free(encoded)
        }
    }

    /// Unlinks the element from the tree and frees it (`xmlUnlinkNode`, `xmlFreeNode`).
    /// This view, and views of its descendants, must not be used afterwards.
    public func remove() {
        xmlUnlinkNode(node)
        xmlFreeNode(node)
    }

    /// Removes every child node (elements, text and comments).
    public func removeChildren() {
        while let child = node.pointee.children {
            xmlUnlinkNode(child)
            xmlFreeNode(child)
        }
    }

    /// Parses `fragment` as XML content in this element's context (its namespaces are in
    /// scope) and appends the nodes as its last children (`xmlParseInNodeContext`).
    ///
    /// - Throws: `XMLError` of kind `.malformed` when the fragment is not well-formed.
    public func append(fragment: String) throws(XMLError) {
        let nodes = try parse(fragment)
        xmlAddChildList(node, nodes)
    }

    /// Parses `fragment` in this element's parent's context and inserts the nodes right
    /// before this element.
    ///
    /// - Throws: `XMLError` of kind `.malformed` when the fragment is not well-formed.
    public func insertBefore(fragment: String) throws(XMLError) {
        var next = try parse(fragment)
        while let current = next {
            next = current.pointee.next
            xmlUnlinkNode(current)
            xmlAddPrevSibling(node, current)
        }
    }

    private func parse(_ fragment: String) throws(XMLError) -> xmlNodePtr? {
        var list: xmlNodePtr?
        let bytes = Array(fragment.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlParseInNodeContext(node, chars.baseAddress, Int32(chars.count),
                                      Int32(XML_PARSE_NONET.rawValue), &list)
            }
        }
        guard status == XML_ERR_OK else {
            if let list { xmlFreeNodeList(list) }
            throw XMLError(.malformed, message: "fragment is not well-formed XML",
                           subject: document.name)
        }
        return list
    }
}

extension XMLDocument {
    /// The whole document serialised as UTF-8 with an XML declaration (`xmlDocDumpMemoryEnc`).
    public func serialized() -> [UInt8] {
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(pointer, &memory, &size, "UTF-8")
        guard let memory else { return [] }
        defer { osva_xml_free(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }
}
