/// Rules for names that become file names (`env_dir/<agent>.env`, `agents/<agent>.html`).
package enum AgentName {
    package static let maxLength = 64

    /// Why `name` is not safe as a file name, or nil when it is.
    package static func problem(with name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.count > maxLength { return "must be at most \(maxLength) characters" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
        if !allowed {
            return "may hold only letters, digits, '-', '_' and '.' (it names files)"
        }
        if name.hasPrefix(".") || name.contains("..") {
            return "must not start with '.' or contain '..' (it names files)"
        }
        return nil
    }
}
