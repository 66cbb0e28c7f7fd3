import CLibXML2

/// A view of one element in a parsed document (an `xmlNode` of type `XML_ELEMENT_NODE`).
///
/// The view borrows the node and holds its document strongly, so the node lives as long as
/// the view does. Not Sendable, like its document.
public struct XMLElement {
    /// The node; owned by `document`'s tree.
    let node: xmlNodePtr
    /// The document that owns the node.
    public let document: XMLDocument

    /// Wraps a node of `document`; the caller guarantees it is an element of that tree.
    init(node: xmlNodePtr, document: XMLDocument) {
        self.node = node
        self.document = document
    }

    /// The element's name without a prefix (`ClinicalDocument` for `hl7:ClinicalDocument`).
    public var localName: String {
        LibXML.string(node.pointee.name) ?? ""
    }

    /// The element's namespace URI, or nil when it is in no namespace.
    public var namespaceURI: String? {
        LibXML.string(node.pointee.ns?.pointee.href)
    }

    /// The value of an attribute (`xmlHasNsProp`), or nil when the element has none.
    ///
    /// With `namespace` nil only an attribute without a namespace matches: `attribute("type")`
    /// does not find `xsi:type`; ask for it with its namespace URI instead. Character and
    /// predefined entity references are already replaced in the value.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        let attribute = name.withCString { name in
            if let namespace {
                namespace.withCString { xmlHasNsProp(node, name.xml, $0.xml) }
            } else {
                xmlHasNsProp(node, name.xml, nil)
            }
        }
        guard let attribute else { return nil }
        var value = ""
        var part = attribute.pointee.children
        while let current = part {
            value += LibXML.content(of: current)
            part = current.pointee.next
        }
        return value
    }

    /// The element children in document order; text, comments and the like are skipped.
    public var children: [XMLElement] {
        var elements: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                elements.append(XMLElement(node: current, document: document))
            }
            child = current.pointee.next
        }
        return elements
    }

    /// The first element child with this local name and namespace (nil: no namespace).
    public func child(_ localName: String, namespace: String? = nil) -> XMLElement? {
        children.first { $0.localName == localName && $0.namespaceURI == namespace }
    }

    /// The parent element, or nil for the root.
    public var parent: XMLElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else {
            return nil
        }
        return XMLElement(node: parent, document: document)
    }

    /// The element's string value: all descendant text and CDATA joined, exactly as written.
    ///
    /// Not trimmed and not whitespace-normalised; callers that want either do it themselves.
    public var text: String {
        LibXML.content(of: node)
    }

    /// The 1-based line of the element's start tag (`xmlGetLineNo`), also past 65535.
    public var line: Int {
        max(0, Int(xmlGetLineNo(node)))
    }
}

extension UnsafePointer<CChar> {
    /// The same bytes as libxml2's `xmlChar`, which is `unsigned char`.
    var xml: UnsafePointer<xmlChar> {
        UnsafeRawPointer(self).assumingMemoryBound(to: xmlChar.self)
    }
}
