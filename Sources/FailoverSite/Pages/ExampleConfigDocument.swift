import Foundation

/// `examples/failover.yaml` as an operator doc, `docs/example-config.html`: the specs link to the
/// example, and the site publishes no YAML file (nginx would serve it as a download, if at all).
/// Made a Markdown document so it is one more `DocPage`, in the docs' layout and navigation.
enum ExampleConfigDocument {
    static let name = "example-config"

    /// Nil when the folder holds no example (a render does not need one).
    static func document(in folder: ResourceFolder) -> DocsPage.Document? {
        guard let data = try? folder.files()["failover.yaml"], let yaml = String(data: data, encoding: .utf8) else { return nil }
        let markdown = """
            # Example config

            `examples/failover.yaml`: a complete, commented config for a small fleet. Every key is \
            described in [the config reference](config.md); check a config with `failover validate`.

            \(fenced(yaml, language: "yaml"))
            """
        return DocsPage.Document(name: name, title: "Example config", markdown: markdown)
    }

    /// A code block that no run of backticks in `text` can close early.
    static func fenced(_ text: String, language: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence
    }
}
