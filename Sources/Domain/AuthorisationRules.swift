/// The rules every outsourcing authorisation must meet before osva applies it.
public enum AuthorisationRules {
    /// Every rule `authorisation` breaks, in form order; empty when it is valid.
    ///
    /// A cancellation (record status 7) has an emptied body: only its header is checked, and
    /// who may send it is decided against the version it cancels.
    public static func problems(in authorisation: Authorisation) -> [ReasonCode] {
        var problems = authorisation.readProblems
        if authorisation.custodian == nil { problems.append(.osvaCustodianMissing) }
        if authorisation.isCancelled { return problems }

        let a = authorisation
        if a.kind == nil { problems.append(.osvaTypeMissing) }
        if a.validFrom == nil { problems.append(.osvaValidityStartMissing) }
        if a.validUntil == nil { problems.append(.osvaValidityEndMissing) }
        if let from = a.validFrom, let until = a.validUntil, until.end <= from.start {
            problems.append(.osvaValidityReversed)
        }
        if a.organiser == nil { problems.append(.osvaOrganiserMissing) }
        if a.organiser != nil, a.organiser?.name?.isEmpty ?? true {
            problems.append(.osvaOrganiserNameMissing)
        }
        if a.kind == .patientSpecific, a.serviceUnit == nil {
            problems.append(.osvaServiceUnitMissing)
        }
        if a.provider != nil, a.provider?.name?.isEmpty ?? true {
            problems.append(.osvaProviderNameMissing)
        }
        if let storage = a.storageRight {
            problems += blockProblems(storage)
            if let custodian = a.custodian, custodian != storage.controller {
                problems.append(.osvaCustodianMismatch)
            }
        } else {
            problems.append(.osvaStorageBlockMissing)
        }
        if let access = a.accessRight { problems += blockProblems(access) }
        if a.kind == .patientSpecific {
            if a.patientText == nil {
                problems.append(.osvaPatientMissing)
            } else if a.patient == nil {
                problems.append(.osvaPatientInvalid)
            }
            if a.patientName?.isEmpty ?? true { problems.append(.osvaPatientNameMissing) }
        }
        var seen = Set<ReasonCode>()
        return problems.filter { seen.insert($0).inserted }
    }

    private static func blockProblems(_ block: RegisterRef) -> [ReasonCode] {
        var problems: [ReasonCode] = []
        if block.type.isEmpty { problems.append(.osvaRegisterTypeMissing) }
        if block.type == RegisterRef.occupationalHealthType, block.specifier?.isEmpty ?? true {
            problems.append(.osvaSpecifierMissing)
        }
        return problems
    }
}
