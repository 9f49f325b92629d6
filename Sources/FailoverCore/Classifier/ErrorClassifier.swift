/// The kind a failure classifies as, and the rule that decided it.
public struct Classification: Sendable, Hashable {
    public var kind: FailureKind
    /// `anthropic: 401 authentication_error`, or `default` when no rule matched.
    public var rule: String
}

/// Classifies provider errors with rule tables: one per provider, then a generic table.
///
/// Providers disagree on statuses, so the error type decides first, then the status, then the
/// message: every rule keyed on a type is tried (provider table, then generic) before any rule
/// keyed on a status, and those before the message-only rules. Nothing matching is `other`,
/// which never moves a tier.
public struct ErrorClassifier: Sendable {
    /// Each provider's own table comes from the registry: one list of providers, not two.
    public var providers: ProviderRegistry
    public var generic: [ClassifierRule]

    public init(providers: ProviderRegistry, generic: [ClassifierRule] = ClassifierRules.generic) {
        self.providers = providers
        self.generic = generic
    }

    /// The built-in providers' rules and the generic table.
    public static let standard = ErrorClassifier(providers: .builtIn)

    public func classify(_ report: ErrorReport, provider: ProviderName) -> Classification {
        let type = report.errorType?.lowercased()
        let message = report.message?.lowercased() ?? ""
        let tables: [(name: String, rules: [ClassifierRule])] = [(provider.rawValue, providers[provider]?.classifierRules ?? []), ("generic", generic)]
        for stage in ClassifierRule.Stage.allCases {
            for table in tables {
                for rule in table.rules where rule.stage == stage {
                    if let how = rule.match(type: type, status: report.status, message: message) {
                        return Classification(kind: rule.kind, rule: "\(table.name): \(how)")
                    }
                }
            }
        }
        return Classification(kind: .other, rule: "default")
    }
}

/// The rule tables, one file per provider (`ClassifierRules+Anthropic.swift`, ...).
public enum ClassifierRules {}
