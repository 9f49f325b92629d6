/// Rules for names that become file names (`env_dir/<agent>.env`, `agents/<agent>.html`).
package enum AgentName {
    package static let maxLength = 64

    /// Why `name` is not safe as a file name, or nil when it is. `purpose` says why the rule holds.
    package static func problem(with name: String, purpose: String = "it names files") -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.count > maxLength { return "must be at most \(maxLength) characters" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
        if !allowed {
            return "may hold only letters, digits, '-', '_' and '.' (\(purpose))"
        }
        if name.hasPrefix(".") || name.contains("..") {
            return "must not start with '.' or contain '..' (\(purpose))"
        }
        return nil
    }
}
