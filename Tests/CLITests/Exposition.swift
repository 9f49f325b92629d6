import Foundation

/// A reader of Prometheus's text format written for the tests, independent of the exporter's writer:
/// it unescapes label values, so a sample is found by what its labels mean, however a server
/// (node_exporter re-serializes with its labels sorted) wrote them.
struct Exposition {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
        /// The optional third field; textfile output must have none.
        var timestamp: Double? = nil
    }

    var samples: [Sample] = []
    /// `# TYPE` lines: family to type.
    var types: [String: String] = [:]
    var helps: Set<String> = []

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.hasPrefix("# HELP ") {
                helps.insert(String(line.split(separator: " ")[2]))
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try Self.sample(Array(line.unicodeScalars)))
        }
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    private static func sample(_ scalars: [Unicode.Scalar]) throws -> Sample {
        var index = 0
        var name = ""
        while index < scalars.count, scalars[index] != "{", scalars[index] != " " {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        var labels: [String: String] = [:]
        if index < scalars.count, scalars[index] == "{" {
            index += 1
            while index < scalars.count, scalars[index] != "}" {
                var key = ""
                while index < scalars.count, scalars[index] != "=" {
                    key.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
                guard index < scalars.count, scalars[index] == "\"" else { throw Malformed(description: "label \(key) without a quoted value in \(name)") }
                index += 1
                var value = ""
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count {
                        index += 1
                        switch scalars[index] {
                        case "n": value += "\n"
                        case "\\": value += "\\"
                        case "\"": value += "\""
                        default: throw Malformed(description: "bad escape \\\(scalars[index]) in \(name)")
                        }
                    } else {
                        value.unicodeScalars.append(scalars[index])
                    }
                    index += 1
                }
                index += 1
                labels[key] = value
                if index < scalars.count, scalars[index] == "," { index += 1 }
            }
            index += 1
        }
        var rest = ""
        rest.unicodeScalars.append(contentsOf: scalars[index...])
        let fields = rest.split(separator: " ")
        guard let first = fields.first, let value = Double(first) else { throw Malformed(description: "no value in \(name): \(rest)") }
        return Sample(name: name, labels: labels, value: value, timestamp: fields.count > 1 ? Double(fields[1]) : nil)
    }

    /// The value of the one sample of `name` whose labels include `labels`; nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
        return matching.count == 1 ? matching[0].value : nil
    }

    func all(_ name: String) -> [Sample] { samples.filter { $0.name == name } }
}
