import Domain

/// Authorisations as text for `osva authorisations`.
enum AuthorisationText {
    /// `in force`, `cancelled`, or `provider blank`.
    static func state(_ history: AuthorisationHistory) -> String {
        if history.cancellation != nil { return "cancelled" }
        if history.terms?.isProviderBlank == true { return "provider blank" }
        return "in force"
    }

    /// Every version of `history`, newest first, with every field of form 362.
    static func history(_ history: AuthorisationHistory) -> String {
        var lines: [String] = []
        if let newest = history.newest {
            lines.append("Authorisation \(newest.setID): \(state(history)), "
                         + "\(history.versions.count) version(s); version \(newest.version) "
                         + "is the newest.")
        }
        for version in history.versions.reversed() {
            lines.append("")
            lines += describe(version)
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ a: Authorisation) -> [String] {
        var lines = ["Version \(a.version)  (document \(a.documentID), made \(a.effectiveTime)"
                        + (a.replaces.map { ", replaces \($0)" } ?? "") + ")"]
        func add(_ label: String, _ value: String?) {
            guard let value else { return }
            lines.append("  " + label.padding(toLength: 22, withPad: " ", startingAt: 0)
                         + value)
        }
        if a.isCancelled {
            add("state", "cancelled (record status 7)")
            return lines
        }
        add("type", a.kind.map { $0 == .patientSpecific
            ? "1 patient-specific" : "2 register-specific" })
        add("valid", (a.validFrom?.text ?? "?") + " – " + (a.validUntil?.text ?? "?"))
        add("organiser", a.organiser.map(party))
        add("service unit", a.serviceUnit.map(party))
        add("provider", a.provider.map(party) ?? "(blank: grants nothing yet)")
        add("storage right", a.storageRight?.description ?? "(missing)")
        add("access right", a.accessRight?.description ?? "(none)")
        add("patient", a.patient.map { $0.value + (a.patientName.map { " " + $0 } ?? "") })
        add("disclosure", a.disclosure.map(disclosure))
        add("service event", a.serviceEvent?.value)
        add("recorded", a.recordedBy.map { $0 + (a.recordedAt.map { " at \($0)" } ?? "") })
        if let info = a.additionalInformation {
            add("additional info", info.text)
            for code in info.codes {
                add("  code", "\(code.code) (\(code.codeSystem))"
                    + (code.displayName.map { " " + $0 } ?? ""))
            }
        }
        return lines
    }

    private static func party(_ party: Party) -> String {
        party.id.value + (party.name.map { " " + $0 } ?? "")
    }

    private static func disclosure(_ scope: Authorisation.Disclosure) -> String {
        switch scope {
        case .all: "all documents"
        case .interval(let low, let high): "documents from \(low) to \(high)"
        case .serviceEvents(let events): "service events " + events.map(\.value)
            .joined(separator: ", ")
        }
    }
}
