/// A name that identifies one kind of thing: an agent, an agent type, a provider. Each kind is its
/// own type, so an agent's name cannot be used where a type's is meant (the usage tables are keyed
/// by both), and a dictionary says what it is keyed by.
public struct Identifier<Kind: IdentifierKind>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What an `Identifier` names; never instantiated.
public protocol IdentifierKind {}

public enum AgentKind: IdentifierKind {}
public enum AgentTypeKind: IdentifierKind {}
public enum ProviderKind: IdentifierKind {}
public enum HostKind: IdentifierKind {}

/// An agent instance: `coder-1`.
public typealias AgentID = Identifier<AgentKind>
/// An agent type: `coder`.
public typealias AgentTypeName = Identifier<AgentTypeKind>
/// A provider: `anthropic`.
public typealias ProviderName = Identifier<ProviderKind>
/// A dispatcher host, as `agent_types.<type>.hosts` and `--host` name it: `dispatch-a`.
public typealias HostName = Identifier<HostKind>

extension Echo {
    package static func quote<Kind>(_ name: Identifier<Kind>) -> String { quote(name.rawValue) }
}

extension DidYouMean {
    package static func hint<Kind>(for name: Identifier<Kind>, among candidates: [Identifier<Kind>]) -> String {
        hint(for: name.rawValue, among: candidates.map(\.rawValue))
    }
}

extension AgentName {
    package static func problem<Kind>(with name: Identifier<Kind>) -> String? { problem(with: name.rawValue) }
}
