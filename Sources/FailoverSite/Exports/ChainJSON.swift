import FailoverCore
import FailoverEngine

/// A provider chain in the exports: `{ "tier", "provider", "model" }` per tier, tier 1 first, plus
/// `"active"` where the chain is an agent's (`agents/<agent>.json`) rather than a type's (`status.json`).
enum ChainJSON {
    static func value(_ chain: [ChainEntry], activeTier: Int? = nil) -> JSONValue {
        .array(chain.enumerated().map { index, entry in
            var fields: JSONObject = ["tier": .integer(index + 1), "provider": .name(entry.provider), "model": .string(entry.model)]
            if let activeTier { fields["active"] = .bool(index + 1 == activeTier) }
            return .object(fields)
        })
    }
}
