import Domain
import XML

/// Builds authorisation variants from the real OSVA example (form 362) by editing its fields,
/// so that samples, tests and benchmarks use Kanta's own structure.
public final class AuthorisationEditor {
    private let document: XMLDocument
    private let path: XPath

    /// Starts from the OSVA document `bytes`.
    public init(_ bytes: [UInt8], name: String) throws {
        document = try XMLDocument(bytes: bytes, name: name)
        path = try XPath(document: document, namespaces: CorpusEditor.namespaces)
    }

    /// The edited document.
    public func bytes() -> [UInt8] { document.serialized() }

    /// The form section with field `code`, if present.
    private func section(_ code: String) throws -> XMLElement? {
        try path.element("//cda:section[cda:code/@code='\(code)' and "
                         + "cda:code/@codeSystem='\(CodeSystem.form362)']")
    }

    private func value(_ code: String) throws -> XMLElement? {
        guard let section = try section(code) else { return nil }
        return try path.element("cda:entry/cda:observation/cda:value", in: section)
    }

    private func setText(_ code: String, _ text: String) throws {
        guard let section = try section(code) else { return }
        try path.element("cda:text", in: section)?.setText(text)
    }

    /// Gives the authorisation a new id (header id, set id and field 2).
    public func setID(_ id: OID) throws {
        for element in try path.elements("/cda:ClinicalDocument/cda:id | "
                                         + "/cda:ClinicalDocument/cda:setId") {
            element.setAttribute("root", to: id.value)
        }
        try value("2")?.setAttribute("root", to: id.value)
        try setText("2", id.value)
    }

    /// Makes this a later version: new document id, version number, and an RPLC reference.
    public func setVersion(_ version: Int, documentID: OID, replaces: OID) throws {
        try path.element("/cda:ClinicalDocument/cda:id")?.setAttribute("root", to: documentID.value)
        try path.element("/cda:ClinicalDocument/cda:versionNumber")?
            .setAttribute("value", to: String(version))
        for old in try path.elements("/cda:ClinicalDocument/cda:relatedDocument") { old.remove() }
        let related = """
            <relatedDocument xmlns="urn:hl7-org:v3" typeCode="RPLC"><parentDocument>\
            <id root="\(replaces.value)"/></parentDocument></relatedDocument>
            """
        try path.element("/cda:ClinicalDocument/cda:componentOf")?.insertBefore(fragment: related)
    }

    /// Sets the document's creation time (`effectiveTime`).
    public func setEffectiveTime(_ time: String) throws {
        try path.element("/cda:ClinicalDocument/cda:effectiveTime")?
            .setAttribute("value", to: time)
    }

    /// Sets field 6, validity, to whole days `low`–`high` (`YYYYMMDD`).
    public func setValidity(low: String, high: String) throws {
        guard let value = try value("6") else { return }
        try path.element("cda:low", in: value)?.setAttribute("value", to: low)
        try path.element("cda:high", in: value)?.setAttribute("value", to: high)
        try setText("6", Self.finnishDate(low) + " - " + Self.finnishDate(high))
    }

    /// Makes the authorisation register-specific: type 2, without the patient section.
    public func makeRegisterSpecific() throws {
        try value("4")?.setAttribute("code", to: "2")
        try value("4")?.setAttribute("displayName", to: "Rekisterikohtainen ostopalvelu")
        try setText("4", "Rekisterikohtainen ostopalvelu")
        try removeField("25")
    }

    /// Sets the provider (fields 13–14), or leaves it blank when `provider` is nil.
    public func setProvider(_ provider: Party?) throws {
        guard let provider else {
            try removeField("12")
            return
        }
        try value("13")?.setAttribute("root", to: provider.id.value)
        try setText("13", provider.id.value)
        try setText("14", provider.name ?? "")
    }

    /// Sets a right block (15 access or 20 storage) to `register`; drops the specifier fields
    /// when the register has none.
    public func setRegister(block: String, _ register: RegisterRef) throws {
        let (controller, type, specifier, specifierName) = block == "15"
            ? ("16", "17", "18", "19") : ("21", "22", "23", "24")
        try value(controller)?.setAttribute("root", to: register.controller.value)
        try setText(controller, register.controller.value)
        try value(type)?.setAttribute("code", to: register.type)
        if let value = register.specifier {
            try self.value(specifier)?.setAttribute("extension", to: value)
            try setText(specifier, value)
        } else {
            try removeField(specifier)
            try removeField(specifierName)
        }
    }

    /// Sets the patient (field 26) and the header's record target.
    public func setPatient(_ patient: String) throws {
        try value("26")?.setAttribute("extension", to: patient)
        try setText("26", patient)
        try path.element("/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:id")?
            .setAttribute("extension", to: patient)
    }

    /// Adds field 43, the organiser's additional information about the service (osva's
    /// extension of the form, see docs/form-362.md), beside the storage block.
    public func addServiceInformation(text: String, codes: [(code: String, system: String,
                                                              name: String)] = []) throws {
        guard let storage = try section("20"), let form = storage.parent?.parent else { return }
        let entries = codes.map { code in
            "<entry><observation classCode=\"COND\" moodCode=\"EVN\"><code nullFlavor=\"NA\"/>"
                + "<value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xsi:type=\"CV\" code=\"\(XMLText.escape(code.code))\" "
                + "codeSystem=\"\(XMLText.escape(code.system))\" "
                + "displayName=\"\(XMLText.escape(code.name))\"/></observation></entry>"
        }.joined()
        try form.append(fragment: """
            <component xmlns="urn:hl7-org:v3"><section><code code="43" \
            displayName="Lisätietoja palvelusta" codeSystem="\(CodeSystem.form362)"/>\
            <title>Lisätietoja palvelusta</title><text>\(XMLText.escape(text))</text>\
            \(entries)</section></component>
            """)
    }

    /// Makes this version a cancellation: record status 7 and a body emptied down to the
    /// form's code, as Kanta cancels a document.
    public func cancel() throws {
        for status in try path.elements("/cda:ClinicalDocument/hl7fi:localHeader/"
                                        + "hl7fi:recordStatus") {
            status.setAttribute("code", to: "7")
            status.setAttribute("displayName", to: "Poistettu")
        }
        let form = "/cda:ClinicalDocument/cda:component/cda:structuredBody/cda:component/"
            + "cda:section"
        for section in try path.elements(form) {
            for child in section.children where child.localName != "code" { child.remove() }
        }
    }

    /// Removes the `component` that holds field `code`'s section.
    public func removeField(_ code: String) throws {
        guard let section = try section(code), let component = section.parent else { return }
        component.remove()
    }

    /// `20140513` as `13.5.2014`.
    static func finnishDate(_ date: String) -> String {
        let digits = Array(date)
        guard digits.count >= 8, let day = Int(String(digits[6..<8])),
              let month = Int(String(digits[4..<6]))
        else { return date }
        return "\(day).\(month).\(String(digits[0..<4]))"
    }
}
