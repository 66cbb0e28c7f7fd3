import Domain
import XML

/// Reads an outsourcing authorisation (form 362) from a validated CDA document.
///
/// Each field is found by its section's code in code system `1.2.246.537.6.12.2002.362`,
/// never by position: fields 16–19 inside the access block (15), fields 21–24 inside the
/// storage block (20), every other field anywhere in the body. `docs/form-362.md` lists the
/// fields and how each is read.
struct AuthorisationReader {
    private let path: XPath
    private let header: HeaderReader
    /// `structuredBody`, or nil for a body without one (a cancellation may have none).
    private let body: XMLElement?

    /// Prepares to read the document `header` was read from.
    ///
    /// - Throws: `XMLError` `.xpath` only for a fault in osva's own queries.
    init(_ path: XPath, header: HeaderReader) throws(XMLError) {
        self.path = path
        self.header = header
        self.body = try path.element(HeaderReader.root + "cda:component/cda:structuredBody")
    }

    /// The authorisation, or a problem when the header lacks what identifies a version.
    ///
    /// Values the form gives but osva cannot type become nil; those that make the
    /// authorisation unusable are also listed in `readProblems`.
    func read() throws(XMLError) -> Result<Authorisation, DocumentProblem> {
        guard let documentID = header.documentID?.oid else {
            return .failure(DocumentProblem(
                .documentIDMissing, "The authorisation's id (ClinicalDocument/id/@root) is "
                    + "missing or not an OID."))
        }
        let setID: OID
        if let written = header.setID {
            guard let oid = written.oid else {
                return .failure(DocumentProblem(
                    .documentIDMissing, "The authorisation's setId is not an OID."))
            }
            setID = oid
        } else {
            setID = documentID
        }
        guard let effectiveTime = header.effectiveTime else {
            return .failure(DocumentProblem(
                .documentTimeMissing, "The authorisation has no effectiveTime."))
        }
        var authorisation = Authorisation(
            documentID: documentID, setID: setID, version: header.version ?? 1,
            effectiveTime: effectiveTime)
        authorisation.replaces = header.replaces?.oid
        authorisation.custodian = header.custodian?.oid
        authorisation.isCancelled = header.recordStatus == "7"
        try readForm(into: &authorisation)
        return .success(authorisation)
    }

    /// Reads fields 1–43 into `a`.
    private func readForm(into a: inout Authorisation) throws(XMLError) {
        a.formID = try identifier(2)?.oid
        a.kind = try coded(4, system: CodeSystem.outsourcingType)
            .flatMap(Authorisation.Kind.init(rawValue:))
        if let validity = try value(6) {
            a.validFrom = validity.cda("low")?.timeValue
            a.validUntil = validity.cda("high")?.timeValue
        }
        if let organiser = try identifier(8)?.oid {
            a.organiser = Party(id: organiser, name: try name(9))
        }
        if let unit = try identifier(10)?.oid {
            a.serviceUnit = Party(id: unit, name: try name(11))
        }
        a.provider = try provider(problems: &a.readProblems)
        a.accessRight = try register(block: 15, fields: (16, 17, 18), problems: &a.readProblems)
        a.storageRight = try register(block: 20, fields: (21, 22, 23), problems: &a.readProblems)

        if let patient = try identifier(26) {
            a.patientText = patient.extensionText
            if patient.root == CodeSystem.henkilotunnus {
                a.patient = patient.extensionText.flatMap(Henkilotunnus.init)
            }
        }
        a.patientName = try name(27)
        a.disclosure = try disclosure()
        a.recordedBy = try name(35)
        a.recordedAt = try value(37)?.timeValue
        a.serviceEvent = try identifier(42)?.oid
        a.additionalInformation = try additionalInformation()
    }

    /// Fields 13–14. Blank (nil) when the section is missing, empty or null; a value that is
    /// there but not an OID adds `.osvaProviderInvalid`.
    private func provider(problems: inout [ReasonCode]) throws(XMLError) -> Party? {
        guard let section = try sections(13).first else { return nil }
        guard let value = Self.value(of: section) else {
            if section.cda("text")?.normalisedText != nil {
                problems.append(.osvaProviderInvalid)
            }
            return nil
        }
        if value.isNull { return nil }
        guard let id = Identifier(value)?.oid else {
            problems.append(.osvaProviderInvalid)
            return nil
        }
        return Party(id: id, name: try name(14))
    }

    /// A right block: controller, register type and specifier inside section `block`.
    ///
    /// Nil when the block is absent; nil with `.osvaRegisterTypeMissing` when it is present
    /// but lacks a controller OID or a register type.
    private func register(
        block: Int, fields: (controller: Int, type: Int, specifier: Int),
        problems: inout [ReasonCode]
    ) throws(XMLError) -> RegisterRef? {
        guard let scope = try sections(block).first else { return nil }
        let controller = try identifier(fields.controller, in: scope)?.oid
        let type = try coded(fields.type, in: scope, system: CodeSystem.registerType)
        guard let controller, let type else {
            problems.append(.osvaRegisterTypeMissing)
            return nil
        }
        let specifier = try identifier(fields.specifier, in: scope)
        return RegisterRef(controller: controller, type: type,
                           specifier: specifier?.extensionText ?? specifier?.root)
    }

    /// Fields 29–32: all documents (30, `BL` true), an interval (31) or service events (32,
    /// repeatable, as several entries or several sections). The widest one given wins.
    private func disclosure() throws(XMLError) -> Authorisation.Disclosure? {
        guard let scope = try sections(29).first else { return nil }
        if try value(30, in: scope)?.attribute("value") == "true" { return .all }
        if let interval = try value(31, in: scope),
           let low = interval.cda("low")?.timeValue, let high = interval.cda("high")?.timeValue
        {
            return .interval(low: low, high: high)
        }
        let events = try sections(32, in: scope)
            .flatMap(Self.values(of:))
            .compactMap { Identifier($0)?.oid }
        return events.isEmpty ? nil : .serviceEvents(events)
    }

    /// Field 43 (osva's extension): the sections' text and their `CV` entries.
    private func additionalInformation() throws(XMLError)
        -> Authorisation.AdditionalInformation?
    {
        let found = try sections(43)
        guard !found.isEmpty else { return nil }
        let texts = found.compactMap { section -> String? in
            guard let text = section.cda("text")?.text else { return nil }
            let trimmed = text.trimmingWhitespace
            return trimmed.isEmpty ? nil : trimmed
        }
        let codes = found.flatMap(Self.values(of:)).compactMap {
            value -> Authorisation.AdditionalInformation.Code? in
            guard value.instanceType == "CV", !value.isNull,
                  let code = CDA.normalised(value.attribute("code")),
                  let system = CDA.normalised(value.attribute("codeSystem"))
            else { return nil }
            return .init(code: code, codeSystem: system,
                         displayName: CDA.normalised(value.attribute("displayName")))
        }
        if texts.isEmpty && codes.isEmpty { return nil }
        return .init(text: texts.isEmpty ? nil : texts.joined(separator: "\n"), codes: codes)
    }

    // MARK: Fields and values

    /// The sections of field `code` under `scope` (the whole body when nil), in order.
    private func sections(_ code: Int, in scope: XMLElement? = nil) throws(XMLError)
        -> [XMLElement]
    {
        guard let context = scope ?? body else { return [] }
        return try path.elements(
            ".//cda:section[cda:code[@codeSystem='\(CodeSystem.form362)' and "
                + "@code='\(code)']]", in: context)
    }

    /// The first `entry/observation/value` of field `code`.
    private func value(_ code: Int, in scope: XMLElement? = nil) throws(XMLError)
        -> XMLElement?
    {
        try sections(code, in: scope).first.flatMap(Self.value(of:))
    }

    /// Field `code`'s `II` value.
    private func identifier(_ code: Int, in scope: XMLElement? = nil) throws(XMLError)
        -> Identifier?
    {
        Identifier(try value(code, in: scope))
    }

    /// Field `code`'s coded value (`CV`), when its code system is `system` or not given.
    private func coded(_ code: Int, in scope: XMLElement? = nil, system: String)
        throws(XMLError) -> String?
    {
        guard let value = try value(code, in: scope), !value.isNull,
              value.attribute("codeSystem").map({ $0 == system }) ?? true
        else { return nil }
        return CDA.normalised(value.attribute("code"))
    }

    /// A name field: the section's text as the reader saw it; when that is empty, a name
    /// composed from a `PN` value (`Family, Given`) or the text of another value type.
    private func name(_ code: Int, in scope: XMLElement? = nil) throws(XMLError) -> String? {
        guard let section = try sections(code, in: scope).first else { return nil }
        if let text = section.cda("text")?.normalisedText { return text }
        guard let value = Self.value(of: section), !value.isNull else { return nil }
        if value.instanceType == "PN" {
            let family = value.cdaChildren("family").compactMap(\.normalisedText)
            let given = value.cdaChildren("given").compactMap(\.normalisedText)
            let parts = [family, given].filter { !$0.isEmpty }
                .map { $0.joined(separator: " ") }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        return value.normalisedText
    }

    /// A section's first `entry/observation/value`.
    private static func value(of section: XMLElement) -> XMLElement? {
        values(of: section).first
    }

    /// Every `entry/observation/value` of a section, in order.
    private static func values(of section: XMLElement) -> [XMLElement] {
        section.cdaChildren("entry").compactMap { $0.cda("observation")?.cda("value") }
    }
}

extension String {
    /// The string without white space at either end.
    fileprivate var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
