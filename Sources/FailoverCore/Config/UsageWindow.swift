/// How far back token usage counts against a budget. `all` means the budget is shown but never enforced.
public enum UsageWindow: Sendable, Hashable, CustomStringConvertible {
    case all
    case span(TimeSpan)

    public init?(parsing text: String) {
        if text == "all" {
            self = .all
        } else if let span = TimeSpan(parsing: text), span.seconds > 0 {
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
