import Domain
import XML

/// Reads the CDA R2 header with Kanta's Finnish extensions from a validated document.
///
/// Every query goes by namespace URI through the prefixes in `CDA.prefixes`, so a document
/// may write `urn:hl7-org:v3` as its default namespace or with any prefix, and
/// `urn:hl7finland` with `hl7fi:` or as a default namespace on `localHeader`.
struct HeaderReader {
    /// The query context over the document.
    let path: XPath
    /// `id`.
    let documentID: Identifier?
    /// `setId`.
    let setID: Identifier?
    /// `versionNumber/@value`.
    let version: Int?
    /// `relatedDocument[@typeCode='RPLC']/parentDocument/id`.
    let replaces: Identifier?
    /// `effectiveTime`.
    let effectiveTime: HL7Time?
    /// The custodian: `representedCustodianOrganization/id`.
    let custodian: Identifier?
    /// `hl7fi:localHeader/hl7fi:recordStatus/@code`.
    let recordStatus: String?

    /// The document element's own path.
    static let root = "/cda:ClinicalDocument/"
    /// The Finnish local header's path.
    static let localHeader = root + "fi:localHeader/"

    /// Reads the header fields that authorisations and documents share.
    ///
    /// - Throws: `XMLError` `.xpath` only for a fault in osva's own queries.
    init(_ path: XPath) throws(XMLError) {
        self.path = path
        let root = Self.root
        documentID = Identifier(try path.element(root + "cda:id"))
        setID = Identifier(try path.element(root + "cda:setId"))
        version = try path.string(root + "cda:versionNumber/@value")
            .flatMap { CDA.normalised($0) }.flatMap { Int($0) }
        replaces = Identifier(try path.element(
            root + "cda:relatedDocument[@typeCode='RPLC']/cda:parentDocument/cda:id"))
        effectiveTime = try path.element(root + "cda:effectiveTime")?.timeValue
        custodian = Identifier(try path.element(
            root + "cda:custodian/cda:assignedCustodian/cda:representedCustodianOrganization/"
                + "cda:id"))
        recordStatus = CDA.normalised(try path.string(Self.localHeader + "fi:recordStatus/@code"))
    }

    /// True when the document is form 362, the outsourcing authorisation: the local header's
    /// table of contents or the body's form section says so with code 362 in the forms
    /// code system.
    func isForm362() throws(XMLError) -> Bool {
        let code = "[@code='362' and @codeSystem='\(CodeSystem.forms)']"
        let contents = Self.localHeader + "fi:tableOfContents/fi:contentsCode" + code
        let section = Self.root
            + "cda:component/cda:structuredBody/cda:component/cda:section/cda:code" + code
        if try path.count(contents) > 0 { return true }
        return try path.count(section) > 0
    }

    /// The patient document's header, or `.documentIDMissing` when it has no id.
    ///
    /// Identifiers are written as `root`, or `root^extension` when an extension is present.
    func documentHeader() throws(XMLError) -> Result<DocumentHeader, DocumentProblem> {
        guard let documentID, documentID.root != nil else {
            return .failure(DocumentProblem(
                .documentIDMissing, "The document has no id root (ClinicalDocument/id)."))
        }
        var header = DocumentHeader(documentID: documentID.joined)
        header.setID = setID?.joined
        header.version = version
        header.replaces = replaces?.joined
        header.effectiveTime = effectiveTime
        header.recordStatus = recordStatus
        header.title = CDA.normalised(try path.string(Self.root + "cda:title"))

        let patientIDs = try path.elements(
            Self.root + "cda:recordTarget[1]/cda:patientRole/cda:id").compactMap(Identifier.init)
        if let patient = patientIDs.first(where: { $0.root == CodeSystem.henkilotunnus })
            ?? patientIDs.first
        {
            header.patientRoot = patient.root
            header.patientText = patient.extensionText
            if patient.root == CodeSystem.henkilotunnus {
                header.patient = patient.extensionText.flatMap(Henkilotunnus.init)
            }
        }

        header.registerController = custodian?.oid
        if let code = try path.element(Self.root + "cda:code"),
           code.attribute("codeSystem") == CodeSystem.registerType
        {
            header.registerType = CDA.normalised(code.attribute("code"))
        }
        let local = Self.localHeader
        header.custodianType = CDA.normalised(
            try path.string(local + "fi:custodianTypeCode/@code"))
        let specifier = Identifier(try path.element(local + "fi:patientRegistrySpecifier"))
        header.registrySpecifier = specifier?.extensionText ?? specifier?.root
        header.organiser = Identifier(
            try path.element(local + "fi:outsourcingServiceCustomer"))?.oid

        let encounter = Self.root + "cda:componentOf/cda:encompassingEncounter/"
        header.producer = try path.elements(
            encounter + "cda:responsibleParty/cda:assignedEntity/cda:representedOrganization/"
                + "cda:id"
        ).lazy.compactMap(Identifier.init).first?.oid
        header.serviceEvent = Identifier(try path.element(encounter + "cda:id"))?.joined
        return .success(header)
    }
}
