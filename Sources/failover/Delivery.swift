import FailoverEngine

/// The step after a verb prints its `recreate` flags: printed is delivered, so the next cycle flags
/// only what changes after them (specs/failover.md, "Env files").
enum Delivery {
    /// Runs `acknowledge`, which records the flags as delivered. Should it fail, the next cycle
    /// repeats the flags: a repeated recreate, never a missed one, so the verb still succeeds.
    static func record(_ acknowledge: () throws -> Void) {
        FaultPoint.reach("after-print")
        // Not printed whole: nobody has the flags, so they stay outstanding and are given again.
        guard Console.outputFailure == nil else { return }
        do {
            try acknowledge()
        } catch {
            EventLog.logger.warning("could not record that the output was delivered (\(error)); the next cycle repeats its recreate flags")
        }
        FaultPoint.reach("after-ack")
    }
}
