import Domain
import XML

/// Turns a real Kanta CDA document into an outsourced document of the sample parties by
/// changing only the header fields that tie it to an organiser, a provider and a patient.
///
/// Changed: the custodian (register controller), the register type (`code`), the local
/// header's register specifier, custodian type and outsourcing customer (the organiser), the
/// encounter's responsible organisation (the producer), and on request the patient id and the
/// document id. Everything else, body included, stays as it was.
public struct CorpusEditor {
    /// Who the edited document is for.
    public struct Target: Sendable {
        public var register: RegisterRef
        public var controllerName: String
        public var organiser: Party
        public var producer: Party
        public var patient: String?
        public var documentID: String?

        /// Creates a target.
        public init(register: RegisterRef, controllerName: String, organiser: Party,
                    producer: Party, patient: String? = nil, documentID: String? = nil) {
            self.register = register
            self.controllerName = controllerName
            self.organiser = organiser
            self.producer = producer
            self.patient = patient
            self.documentID = documentID
        }
    }

    static let namespaces = ["cda": "urn:hl7-org:v3", "hl7fi": "urn:hl7finland"]
    static let hl7fi = "urn:hl7finland"

    /// Local-header elements after the ones osva writes, in schema order.
    private static let afterCustodianType = [
        "encompassingEncounterCode", "activeCustodian", "activeCustodianName",
        "encompassingEncounterMasterCode", "secondaryEncompassingEncounterId",
        "outsourcingServiceCustomer", "outsourcingServiceCustomerName",
    ] + afterCustomer
    private static let afterCustomer = [
        "retentionPeriodClass", "extendedRetentionPeriod", "sensitiveDocument",
        "eprServiceProvider", "eprServiceProviderName", "releaseDateForPatientViewing",
        "patientHomeMunicipality",
    ]

    /// The document `bytes` (named `name` in errors) edited for `target`.
    public static func outsourced(_ bytes: [UInt8], name: String, for target: Target) throws
        -> [UInt8]
    {
        let document = try XMLDocument(bytes: bytes, name: name)
        let path = try XPath(document: document, namespaces: namespaces)
        let root = "/cda:ClinicalDocument"

        if let id = target.documentID {
            for element in try path.elements("\(root)/cda:id | \(root)/cda:setId") {
                element.setAttribute("root", to: id)
                element.removeAttribute("extension")
            }
            for element in try path.elements("\(root)/cda:versionNumber") {
                element.setAttribute("value", to: "1")
            }
            for element in try path.elements("\(root)/cda:relatedDocument") { element.remove() }
        }
        if let code = try path.element("\(root)/cda:code") {
            code.setAttribute("code", to: target.register.type)
            code.setAttribute("codeSystem", to: CodeSystem.registerType)
            code.setAttribute("codeSystemName", to: "KanTa-palvelut - Potilasasiakirjan "
                              + "rekisteritunnus")
            code.setAttribute("displayName", to: registerName(target.register.type))
        }
        if let patient = target.patient {
            for id in try path.elements("\(root)/cda:recordTarget/cda:patientRole/cda:id") {
                id.removeAttribute("nullFlavor")
                id.setAttribute("root", to: CodeSystem.henkilotunnus)
                id.setAttribute("extension", to: patient)
            }
        }
        let custodian = "\(root)/cda:custodian/cda:assignedCustodian/"
            + "cda:representedCustodianOrganization"
        for id in try path.elements("\(custodian)/cda:id") {
            id.setAttribute("root", to: target.register.controller.value)
            id.removeAttribute("extension")
        }
        for element in try path.elements("\(custodian)/cda:name") {
            element.setText(target.controllerName)
        }
        try setProducer(target.producer, document: document, path: path)
        try setLocalHeader(target, path: path)
        return document.serialized()
    }

    private static func setProducer(_ producer: Party, document: XMLDocument,
                                    path: XPath) throws {
        let encounterPath = "/cda:ClinicalDocument/cda:componentOf/cda:encompassingEncounter"
        guard let encounter = try path.element(encounterPath) else {
            throw XMLError(.malformed, message: "no encompassingEncounter", subject: document.name)
        }
        for old in try path.elements("cda:responsibleParty", in: encounter) { old.remove() }
        let party = """
            <responsibleParty xmlns="urn:hl7-org:v3"><assignedEntity><id nullFlavor="NA"/>\
            <representedOrganization><id root="\(producer.id.value)"/>\
            <name>\(XMLText.escape(producer.name ?? ""))</name>\
            </representedOrganization></assignedEntity></responsibleParty>
            """
        let later = try path.element(
            "(cda:encounterParticipant | cda:location)[1]", in: encounter)
        if let later {
            try later.insertBefore(fragment: party)
        } else {
            try encounter.append(fragment: party)
        }
    }

    private static func setLocalHeader(_ target: Target, path: XPath) throws {
        guard let header = try path.element("/cda:ClinicalDocument/hl7fi:localHeader") else {
            return
        }
        let written = ["patientRegistrySpecifier", "patientRegistrySpecifierName",
                       "custodianTypeCode", "outsourcingServiceCustomer",
                       "outsourcingServiceCustomerName"]
        for element in header.children
        where element.namespaceURI == hl7fi && written.contains(element.localName) {
            element.remove()
        }
        let ns = "xmlns=\"\(hl7fi)\""
        var first = ""
        if let specifier = target.register.specifier {
            first += "<patientRegistrySpecifier \(ns) root=\"1.2.246.10\" extension=\""
                + XMLText.escape(specifier) + "\"/>"
        }
        let publicOrPrivate = target.register.type == "3" ? "2" : "1"
        first += "<custodianTypeCode \(ns) code=\"\(publicOrPrivate)\" codeSystem="
            + "\"1.2.246.537.5.40172.2008\"/>"
        let second = "<outsourcingServiceCustomer \(ns) root=\"\(target.organiser.id.value)\"/>"
            + "<outsourcingServiceCustomerName \(ns)>"
            + XMLText.escape(target.organiser.name ?? "") + "</outsourcingServiceCustomerName>"
        try insert(first, into: header, before: afterCustodianType)
        try insert(second, into: header, before: afterCustomer)
    }

    private static func insert(_ fragment: String, into header: XMLElement,
                               before names: [String]) throws {
        if let next = header.children.first(where: {
            $0.namespaceURI == hl7fi && names.contains($0.localName)
        }) {
            try next.insertBefore(fragment: fragment)
        } else {
            try header.append(fragment: fragment)
        }
    }

    private static func registerName(_ type: String) -> String {
        switch type {
        case "2": "Julkinen terveydenhuolto"
        case "3": "Yksityinen terveydenhuolto"
        case "4": "Työterveyshuolto"
        default: "Rekisteri \(type)"
        }
    }
}
