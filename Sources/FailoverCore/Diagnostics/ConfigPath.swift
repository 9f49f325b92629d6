/// Where a value sits in the config: `agent_types.coder.provider_chain[1].model`. Structured, so a
/// name holding `.` or `[` (agent names may hold `.`) is one key, never two; the loader finds a
/// path's position by walking up its parents, not by cutting text.
public struct ConfigPath: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(components: [Component] = []) {
        self.components = components
    }

    /// `ConfigPath("service", "site_dir")`, `ConfigPath("agent_types", type.name)`: each is one key.
    public init(_ keys: any CustomStringConvertible...) {
        components = keys.map { .key($0.description) }
    }

    /// The whole file.
    public static let root = ConfigPath()

    public func key(_ key: some CustomStringConvertible) -> ConfigPath { ConfigPath(components: components + [.key(key.description)]) }
    public func index(_ index: Int) -> ConfigPath { ConfigPath(components: components + [.index(index)]) }

    /// The path one step up, nil at the root.
    public var parent: ConfigPath? {
        components.isEmpty ? nil : ConfigPath(components: Array(components.dropLast()))
    }

    public var isRoot: Bool { components.isEmpty }

    /// The same path with each key passed through `transform` (redaction and escaping for output).
    public func mappingKeys(_ transform: (String) -> String) -> ConfigPath {
        ConfigPath(components: components.map { component in
            if case .key(let key) = component { return .key(transform(key)) }
            return component
        })
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// As text: `validate --json` and the site show paths as operators write them.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Read back by splitting on `.` and `[`: only for paths this type wrote, whose keys hold neither.
    public init(from decoder: Decoder) throws {
        self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    /// `agent_types.coder.provider_chain[1].model` split on `.` and `[`: for paths written as text
    /// (JSON, tests) whose keys hold neither; never for building a path out of names.
    public init(parsing text: String) {
        var components: [Component] = []
        for part in text.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { components.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                    components.append(.index(index))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        self.components = components
    }
}
