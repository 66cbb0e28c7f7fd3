import Domain
import Foundation
import Storage

/// What providers stored into one organiser's registers over a period, and what was refused:
/// the content of the organiser's digest and of `osva report`.
public struct OrganiserReport: Sendable {
    /// A refused item that concerns the organiser.
    public struct Refusal: Sendable, Hashable {
        /// Who sent it (a provider, or the organiser itself for its authorisations).
        public var sender: String
        public var bundleFile: String
        public var processed: Date
        public var item: ItemResult
    }

    /// The organiser.
    public var organiser: OID
    /// The period: from (inclusive) to (exclusive).
    public var from: Date
    public var to: Date
    /// The registers the organiser controls.
    public var registers: [ControlledRegister]
    /// Every document stored for the organiser in the period.
    public var stored: [StoredFact]
    /// Every refused document on one of its registers, and every refused authorisation it sent.
    public var refusals: [Refusal]
    /// Providers' names as the organiser's authorisations give them, by OID.
    public var providerNames: [String: String] = [:]

    /// Gathers the report from `database`.
    public static func gather(_ database: Database, organiser: OID, from: Date, to: Date)
        throws -> OrganiserReport
    {
        let registers = try GrantStore(database).registers().filter { $0.organiser == organiser }
        let stored = try RegisterStore(database).storedFacts(organiser: organiser, from: from,
                                                              to: to)
        var refusals: [Refusal] = []
        for result in try BundleLedger(database).results(processedFrom: from, to: to) {
            for item in result.items where item.outcome == .rejected {
                let own = result.sender == organiser.value && item.kind == .authorisation
                let onRegister = item.kind == .document && item.register.map { register in
                    registers.contains {
                        $0.controller == register.controller && $0.type == register.type
                    }
                } == true
                guard own || onRegister else { continue }
                refusals.append(Refusal(sender: result.sender, bundleFile: result.file,
                                        processed: result.processed, item: item))
            }
        }
        var names: [String: String] = [:]
        for history in try GrantStore(database).allHistories() {
            for version in history.versions where version.organiser?.id == organiser {
                if let provider = version.provider, let name = provider.name {
                    names[provider.id.value] = name
                }
            }
        }
        return OrganiserReport(organiser: organiser, from: from, to: to, registers: registers,
                               stored: stored, refusals: refusals, providerNames: names)
    }

    /// `oid` with the provider's name when an authorisation gives it.
    public func providerLabel(_ oid: String) -> String {
        providerNames[oid].map { "\($0) (\(oid))" } ?? oid
    }

    /// True when nothing was stored or refused in the period.
    public var isEmpty: Bool { stored.isEmpty && refusals.isEmpty }

    /// Documents stored per Finnish calendar day (`yyyy-MM-dd`) and provider, days in order.
    public var storedPerDay: [(day: String, counts: [String: Int])] {
        var days: [String: [String: Int]] = [:]
        for fact in stored {
            days[Self.day(fact.storedAt), default: [:]][fact.producer, default: 0] += 1
        }
        return days.keys.sorted().map { ($0, days[$0] ?? [:]) }
    }

    /// Documents stored per provider and register, largest first.
    public var storedPerProviderAndRegister: [(provider: String, register: RegisterRef,
                                               count: Int)] {
        var counts: [String: (String, RegisterRef, Int)] = [:]
        for fact in stored {
            let key = fact.producer + " " + fact.register.description
            counts[key, default: (fact.producer, fact.register, 0)].2 += 1
        }
        return counts.values.map { ($0.0, $0.1, $0.2) }
            .sorted { ($1.count, $0.provider) < ($0.count, $1.provider) }
    }

    /// Refusals per reason code, most frequent first.
    public var refusalsPerReason: [(reason: ReasonCode, count: Int)] {
        var counts: [ReasonCode: Int] = [:]
        for refusal in refusals {
            if let reason = refusal.item.reason { counts[reason, default: 0] += 1 }
        }
        return counts.map { ($0.key, $0.value) }
            .sorted { ($1.count, $0.reason.rawValue) < ($0.count, $1.reason.rawValue) }
    }

    /// Providers that stored something, sorted.
    public var providers: [String] { Set(stored.map(\.producer)).sorted() }

    /// `date`'s calendar day in Finland.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = HL7Time.helsinki
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
