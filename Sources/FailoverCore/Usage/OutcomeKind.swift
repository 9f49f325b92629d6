/// How a task ended, as `record` files it: a success, or the kind its failure classified as.
/// The raw values are stored (`task_usage.outcome`) and printed (`record --json`'s `kind`).
public enum OutcomeKind: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    case success
    case failure(FailureKind)

    public init?(rawValue: String) {
        if rawValue == "success" {
            self = .success
        } else if let kind = FailureKind(rawValue: rawValue) {
            self = .failure(kind)
        } else {
            return nil
        }
    }

    public var rawValue: String {
        switch self {
        case .success: "success"
        case .failure(let kind): kind.rawValue
        }
    }

    public var isFailure: Bool { self != .success }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let kind = OutcomeKind(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an outcome kind: \(text)"))
        }
        self = kind
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
