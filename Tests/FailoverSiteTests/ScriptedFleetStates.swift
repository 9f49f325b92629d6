import FailoverCore
import Foundation
import Testing

/// One agent type of three instances on anthropic then deepseek, brought into each state the fleet
/// verdicts tell apart through the real `cycle` and `record`: the Statuspage, badge and `status.json`
/// tests read the same renders.
enum FleetState: String, CaseIterable, CustomTestStringConvertible {
    /// All three on tier 1.
    case healthy
    /// c1 stepped down to deepseek on a 429.
    case degraded
    /// c2 paused by the operator, c3's chain exhausted (an auth failure on each tier).
    case paused
    /// All three paused by the operator.
    case allPaused

    var testDescription: String { rawValue }

    static let t0 = RenderedFleet.t0

    func yaml(typeName: String = "coder") -> String {
        let control = switch self {
        case .paused: "control:\n  c2: { paused: true }\n"
        case .allPaused: "control:\n  c1: { paused: true }\n  c2: { paused: true }\n  c3: { paused: true }\n"
        case .healthy, .degraded: ""
        }
        return """
            service:
              site_title: Fleet
              base_url: https://status.example.com/
            agent_types:
              \(typeName):
                instances: [c1, c2, c3]
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
                  - { provider: deepseek, model: deepseek-chat }
                failover: { cooldown: 15m, on_exhausted: pause }

            """ + control
    }

    func rendered(typeName: String = "coder") throws -> RenderedFleet {
        let fleet = try RenderedFleet(yaml: yaml(typeName: typeName))
        try fleet.cycle(at: Self.t0 - .hours(1))
        switch self {
        case .degraded: try fleet.record([("c1", Self.t0 - .minutes(5), .rateLimit)], now: Self.t0)
        case .paused: try fleet.record([("c3", Self.t0 - .minutes(30), .auth), ("c3", Self.t0 - .minutes(20), .auth)], now: Self.t0)
        case .healthy, .allPaused: break
        }
        try fleet.render()
        return fleet
    }
}
