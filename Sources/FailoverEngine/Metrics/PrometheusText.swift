/// Prometheus's text exposition format (version 0.0.4), the one node_exporter's textfile collector
/// and every scraper read: one `# HELP` and one `# TYPE` line per family, then its samples.
/// Values are escaped here, once, so no name an operator chose can break a line or forge a sample.
package enum PrometheusText {
    package enum MetricType: String, Sendable {
        case gauge
        case counter
    }

    package struct Sample: Sendable, Equatable {
        /// In order; names are ours (`[a-z_]`), values anything.
        package var labels: [(String, String)]
        package var value: Int64

        package init(_ labels: [(String, String)] = [], _ value: Int64) {
            self.labels = labels
            self.value = value
        }

        package static func == (lhs: Sample, rhs: Sample) -> Bool {
            lhs.value == rhs.value && lhs.labels.elementsEqual(rhs.labels) { $0 == $1 }
        }
    }

    package struct Family: Sendable, Equatable {
        package var name: String
        package var help: String
        package var type: MetricType
        package var samples: [Sample]

        package init(_ name: String, _ type: MetricType, help: String, _ samples: [Sample]) {
            self.name = name
            self.help = help
            self.type = type
            self.samples = samples
        }
    }

    /// The whole exposition: families in order, each with HELP and TYPE even when it has no sample
    /// (so a scraper learns the family exists), ending in a newline as the format requires. No
    /// timestamps: node_exporter refuses textfile samples that carry one.
    package static func render(_ families: [Family]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.type.rawValue)\n"
            for sample in family.samples {
                text += family.name
                if !sample.labels.isEmpty {
                    text += "{" + sample.labels.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }.joined(separator: ",") + "}"
                }
                text += " \(sample.value)\n"
            }
        }
        return text
    }

    /// A label value: backslash, double quote and line feed escaped, as the format defines. Other
    /// characters (UTF-8, a carriage return) are allowed as they are.
    package static func escapeLabelValue(_ value: String) -> String { escape(value, quotes: true) }

    /// HELP text: backslash and line feed escaped (a quote needs none there).
    package static func escapeHelp(_ text: String) -> String { escape(text, quotes: false) }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"" where quotes: escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
