/// The last step before text is stored: whatever produced an event, and whichever process runs,
/// the ledger never holds a key.
extension LedgerEvent {
    package func redacted(by redactor: SecretRedactor) -> LedgerEvent {
        var event = self
        event.detail = redactor.redact(detail)
        event.provider = provider.map { ProviderName(redactor.redact($0.rawValue)) }
        event.model = model.map(redactor.redact)
        event.resetToken = resetToken.map(redactor.redact)
        return event
    }
}

extension ControlEntry {
    /// A reset value is stored and compared as redacted, so a key pasted as one is never stored,
    /// and the same value redacts the same way on every cycle (it resets once, not every time).
    package func redacted(by redactor: SecretRedactor) -> ControlEntry {
        ControlEntry(paused: paused, reset: reset.map(redactor.redact))
    }
}
