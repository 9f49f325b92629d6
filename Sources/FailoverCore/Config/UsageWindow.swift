/// How far back token usage counts against a budget. `all` means the budget is shown but never enforced.
public enum UsageWindow: Sendable, Hashable, CustomStringConvertible {
    case all
    case span(TimeSpan)

    /// A year and a day: budgets are daily to monthly; a longer window only makes every sum slower.
    public static let maximumSpan = TimeSpan.days(366)

    public init?(parsing text: String) {
        if text == "all" {
            self = .all
        } else if let span = TimeSpan(parsing: text), span.seconds > 0, span <= Self.maximumSpan {
            self = .span(span)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .span(let span): span.description
        }
    }

    public var span: TimeSpan? {
        if case .span(let span) = self { span } else { nil }
    }
}
