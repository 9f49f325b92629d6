import FailoverCore
import FailoverEngine
import Logging

/// Logs ledger events as they are written, so the dispatcher's log shows every switch.
enum EventLog {
    static let logger = Logger(label: "failover")

    static func log(_ events: [LedgerEvent]) {
        for event in events {
            let level: Logger.Level = event.kind.isSwitch ? .notice : .info
            logger.log(level: level, "\(describe(event))")
        }
    }

    static func describe(_ event: LedgerEvent) -> String {
        var text = "\(event.agent) \(event.kind.rawValue) \(TierGlyph.glyph(tier: event.fromTier, paused: false))→\(TierGlyph.glyph(tier: event.toTier, paused: event.paused))"
        if let failure = event.failureKind { text += " \(failure.rawValue)" }
        if let provider = event.provider, let model = event.model { text += " now \(provider)/\(model)" }
        if !event.detail.isEmpty { text += ": \(event.detail)" }
        return text
    }
}
