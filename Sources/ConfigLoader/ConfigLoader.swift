import FailoverCore
import Foundation
import Yams

/// What checking a config file found: the config as it takes effect when there are no errors, and every diagnostic.
package struct ConfigReport: Sendable {
    /// The path as the operator gave it, for messages.
    package var file: String
    /// nil when there are errors.
    package var config: FleetConfig?
    /// In file order, at most `ConfigLoader.maximumListed` and a last one counting the rest.
    package var diagnostics: [Diagnostic]
    /// Every error and warning found, listed or not.
    package var errorCount: Int
    package var warningCount: Int

    package var isValid: Bool { config != nil }

    package init(file: String, config: FleetConfig?, diagnostics: [Diagnostic]) {
        self.file = file
        self.config = config
        (self.diagnostics, errorCount, warningCount) = ConfigLoader.listed(diagnostics)
    }
}

/// A valid config with its paths resolved against the config file's folder.
package struct LoadedConfig: Sendable {
    package var file: String
    /// Absolute folder of the config file.
    package var directory: String
    package var config: FleetConfig
    /// Warnings only: a loaded config has no errors.
    package var warnings: [Diagnostic]

    /// An absolute path for a path written in the config.
    package func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    package var databasePath: String { resolve(config.service.database) }
    package var envDirectory: String { resolve(config.service.envDir) }
    package var siteDirectory: String { resolve(config.service.siteDir) }
}

package enum ConfigLoader {
    /// `--config`, else `FAILOVER_CONFIG`, else `failover.yaml` in the current folder.
    package static func locate(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["FAILOVER_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "failover.yaml"
    }

    /// Reads and checks a file, reporting every problem. Throws only when the file cannot be read.
    package static func check(path: String) throws(ConfigError) -> ConfigReport {
        check(yaml: try read(path), file: path)
    }

    /// Reads, checks and resolves a file; an invalid config throws `.invalid` with all its diagnostics.
    package static func load(path: String) throws(ConfigError) -> LoadedConfig {
        let report = try check(path: path)
        guard let config = report.config else {
            throw .invalid(path: path, diagnostics: report.diagnostics, errors: report.errorCount)
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        return LoadedConfig(
            file: path,
            directory: absolute.deletingLastPathComponent().path,
            config: config,
            warnings: report.diagnostics
        )
    }

    /// Checks YAML text; `file` is only used to name it in messages. `environment` supplies the
    /// keys a value must not be: a key pasted into the file is an error, and no message echoes it.
    package static func check(yaml: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigReport {
        if case .tooLarge(let aliases, let line, let column) = DocumentSize.measure(yaml) {
            return ConfigReport(file: file, config: nil, diagnostics: [DocumentSize.diagnostic(aliases: aliases, line: line, column: column)])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            // No provider is known yet: keys are recognised by the names of the variables holding them.
            let secrets = SecretRedactor(environment: environment)
            return ConfigReport(file: file, config: nil, diagnostics: [safe(syntaxDiagnostic(error, secrets), secrets)])
        }
        var parser = ConfigParser()
        let parsed = parser.parse(root)
        if parser.unreadable {
            let secrets = SecretRedactor(providers: parsed.providers, environment: environment)
            return ConfigReport(file: file, config: nil, diagnostics: parser.reader.diagnostics.map { safe($0, secrets) })
        }
        let validated = parsed.validated()
        let effective = validated.config, rules = validated.diagnostics
        let semantic = rules + pathDiagnostics(effective, file: file) + parsed.providers.shortKeyWarnings(environment: environment)
        let secrets = SecretRedactor(providers: parsed.providers, environment: environment)
        // The loader's finding about a path says more than a rule tripped by its fallout ("is required" beats "must not be empty").
        let reported = Set(parser.reader.diagnostics.map(\.path))
        let located = (semantic + parsed.textProblems(secrets: secrets))
            .filter { !reported.contains($0.path) }
            .map { locate($0, marks: parser.reader.marks) }
        // A broken `providers:` entry leaves its key unknown to `secrets`: what is shown is also
        // redacted of every variable whose name says it holds a secret.
        let shown = secrets.merging(SecretRedactor(environment: environment))
        let diagnostics = (parser.reader.diagnostics + located).map { safe($0, shown) }
        return ConfigReport(file: file, config: diagnostics.hasErrors ? nil : effective, diagnostics: sorted(diagnostics))
    }

    /// Diagnostics are printed, logged and shown on the site: their paths hold names from the file,
    /// and a name may be a pasted key (even one too short to look for inside text) or hold escape
    /// sequences.
    static func safe(_ diagnostic: Diagnostic, _ secrets: SecretRedactor) -> Diagnostic {
        var safe = diagnostic
        safe.path = diagnostic.path.mappingKeys { secrets.isKnownSecret($0) ? SecretRedactor.replacement : TerminalText.escaped(secrets.redact($0)) }
        safe.message = TerminalText.escaped(secrets.redact(diagnostic.message))
        return safe
    }

    /// Problems listed one by one, as `record` lists rejections: a file with thousands of them is
    /// fixed a screenful at a time, and the rest are counted in one line.
    package static let maximumListed = 1000

    /// The first `maximumListed` diagnostics and one counting the rest, with the counts of all.
    static func listed(_ diagnostics: [Diagnostic]) -> (listed: [Diagnostic], errors: Int, warnings: Int) {
        let errors = diagnostics.count(where: { $0.severity == .error }), warnings = diagnostics.count - errors
        guard diagnostics.count > maximumListed else { return (diagnostics, errors, warnings) }
        let rest = diagnostics[maximumListed...]
        let restErrors = rest.count(where: { $0.severity == .error }), restWarnings = rest.count - restErrors
        let summary = Diagnostic(
            restErrors > 0 ? .error : .warning, .root,
            "… and \(rest.count) more problem(s) not listed (\(restErrors) error(s), \(restWarnings) warning(s)); at most \(maximumListed) are listed: fix these and run validate again"
        )
        return (Array(diagnostics.prefix(maximumListed)) + [summary], errors, warnings)
    }

    /// A config describes a fleet in kilobytes; anything this large is a mistake, not a fleet.
    package static let maximumFileSize = 8 << 20

    static func read(_ path: String) throws(ConfigError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a folder; name the YAML file inside it") }
        // A pipe or a terminal is read until its writer stops, if ever: a config is a file on disk.
        var info = stat()
        if stat(path, &info) == 0, case let kind = FileKind(mode: UInt32(info.st_mode)), kind != .regular {
            throw .unreadable(path: path, reason: "it is \(kind); a config must be a regular file")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileSize {
            throw .unreadable(path: path, reason: "it is \(size) bytes; a config is at most \(maximumFileSize >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or I/O error")
        }
        guard data.count <= maximumFileSize else {
            throw .unreadable(path: path, reason: "it is over \(maximumFileSize >> 20) MiB; a config is at most that")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .unreadable(path: path, reason: "line \(firstLineNotUTF8(data)) is not UTF-8 text")
        }
        return text
    }

    /// The 1-based line holding the first byte sequence that is not UTF-8.
    static func firstLineNotUTF8(_ data: Data) -> Int {
        var line = 1
        for piece in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: piece, as: UTF8.self) == nil { return line }
            line += 1
        }
        return line
    }

    /// Places a path-only diagnostic at its node, or at its nearest ancestor that has a position.
    static func locate(_ diagnostic: Diagnostic, marks: [ConfigPath: Mark]) -> Diagnostic {
        var located = diagnostic
        var path: ConfigPath? = diagnostic.path
        while let current = path {
            if let mark = marks[current] {
                located.line = mark.line
                located.column = mark.column
                return located
            }
            path = current.parent
        }
        return located
    }

    /// File order, errors and warnings interleaved, so the output reads top to bottom.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let left = (a.element.line ?? Int.max, a.element.column ?? 0, a.offset)
            let right = (b.element.line ?? Int.max, b.element.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
    }

    /// One positioned line per YAML error. Yams' errors carry the whole document (a duplicate key's
    /// "context" is the file itself), so only the problem and its position are kept.
    static func syntaxDiagnostic(_ error: Error, _ secrets: SecretRedactor) -> Diagnostic {
        switch error {
        case YamlError.parser(_, let problem, let mark, _) where problem.contains("Maximum nesting level"):
            // libyaml's limit (its MAX_NESTING_LEVEL); its message names the C function that sets it.
            return Diagnostic(.error, .root, "YAML: nested deeper than 1000 levels; a config needs no more than five", line: mark.line, column: mark.column)
        case YamlError.scanner(_, let problem, let mark, _),
             YamlError.parser(_, let problem, let mark, _),
             YamlError.composer(_, let problem, let mark, _):
            return Diagnostic(.error, .root, "YAML syntax: \(oneLine(problem, secrets))", line: mark.line, column: mark.column)
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.prefix(3).map(Echo.quote).joined(separator: ", ") + (duplicates.count > 3 ? " and \(duplicates.count - 3) more" : "")
            return Diagnostic(.error, .root, "YAML: duplicate key \(keys) in one mapping; keep one of them", line: context.mark.line, column: context.mark.column)
        case YamlError.reader(let problem, let offset, _, _):
            return Diagnostic(.error, .root, "YAML: \(oneLine(problem, secrets))\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return Diagnostic(.error, .root, "YAML: the file could not be parsed")
        }
    }

    /// A parser's message as one short line, redacted before it is cut: a problem may quote the file.
    static func oneLine(_ text: String, _ secrets: SecretRedactor) -> String {
        TerminalText.escaped(secrets.redactedPrefix(text.split(whereSeparator: \.isNewline).joined(separator: " "), limit: 200))
    }
}
