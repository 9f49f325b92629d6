import Logging

/// The log goes to the dispatcher's terminal and files: its lines get the same treatment as
/// everything else the CLI prints (`Console.safe`), so a name or message can neither leak a key nor
/// forge a second log line.
struct SafeLogHandler: LogHandler {
    var inner: StreamLogHandler

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(Console.safe(event.message.description).replacingOccurrences(of: "\n", with: "\\u{A}"))"
        inner.log(event: event)
    }
}
