import Foundation
import TestSupport
import Testing

/// The leaks a hostile-input trial found, each through the real binary: no piece of a key of 8 or
/// more characters reaches stdout, stderr, the store's files or the rendered site
/// (specs/failover.md, "Limits and bad input").
@Suite struct RedactionLeakCLITests {
    static let deepseekKey = "sk-0123456789abcdef0123456789abcdef"
    static let groqKey = "gsk_GROQSECRETk3yQwErTyUiOpAsDfGhJkL"

    /// `error_type` used to be cut to 256 bytes before redaction, keeping a piece of the key too
    /// short to recognise. Paddings around the cut put every edge through the key.
    @Test func anErrorTypeIsRedactedBeforeItIsCut() throws {
        let scene = try LeakScene(environment: ["DEEPSEEK_API_KEY": Self.deepseekKey, "GROQ_API_KEY": Self.groqKey])
        var lines: [String] = []
        for (index, padding) in (226...250).enumerated() {
            let key = index.isMultiple(of: 2) ? Self.deepseekKey : Self.groqKey
            lines.append(LeakScene.failure("coder-\(index + 1)", errorType: String(repeating: "e", count: padding) + " " + key))
        }
        try scene.recordAndPublish(lines)
        // Where `[redacted]` itself crosses the limit, the cut drops it too.
        #expect(try scene.redactedEvents() > 0)
        scene.expectNoPiece(of: Self.deepseekKey)
        scene.expectNoPiece(of: Self.groqKey)
    }

    /// A message of few characters but many bytes put a raw 8 KiB cut inside a key with characters
    /// outside the key alphabet, and exact matching could no longer find what was left.
    @Test func aPunctuatedKeyAtAByteCutIsRedacted() throws {
        let key = "Pw!SECRETVAL#part2@part3$part4"
        let scene = try LeakScene(environment: ["GROQ_API_KEY": key])
        let lines = (4070...4090).enumerated().map { index, marks in
            LeakScene.failure("coder-\(index + 1)", message: "aa" + String(repeating: "\u{301}", count: marks) + " " + key)
        }
        try scene.recordAndPublish(lines)
        #expect(try scene.redactedEvents() > 0)
        scene.expectNoPiece(of: key)
    }

    /// Keys behind escapes the redactor did not undo, or after separators it did not expect.
    @Test func escapedFormsAndUnusualSeparatorsAreRedacted() throws {
        let cases: [(message: String, key: String)] = [
            (#"{\"x-api-key\":\"gw-live-SECRETVAL12345678\"}"#, "gw-live-SECRETVAL12345678"),
            (#"password\":\"hunter2hunter2xx"#, "hunter2hunter2xx"),
            (#"{\"authorization\":\"Basic Zk9vYmFyOmJhenF1eDEyMzQ1Njc4OTA=\"}"#, "Zk9vYmFyOmJhenF1eDEyMzQ1Njc4OTA="),
            ("x-api-key=&quot;SECRETVALhtmlpoiuytrewq&quot;", "SECRETVALhtmlpoiuytrewq"),
            ("sk&amp;#45;0123456789abcdef0123456789abcdef", Self.deepseekKey),
            ("Bearer\u{A0}nbspTOKENzxcvbnmasdfgh", "nbspTOKENzxcvbnmasdfgh"),
            ("Bearer\nlinefeedTOKENqwertyuiop", "linefeedTOKENqwertyuiop"),
            ("x-api-key:\u{A0}headerNBSPvalueasdfghjkl", "headerNBSPvalueasdfghjkl"),
        ]
        let scene = try LeakScene(environment: ["DEEPSEEK_API_KEY": Self.deepseekKey])
        try scene.recordAndPublish(cases.enumerated().map { index, item in LeakScene.failure("coder-\(index + 1)", message: item.message) })
        #expect(try scene.redactedEvents() >= cases.count)
        for item in cases { scene.expectNoPiece(of: item.key, item.message) }
    }

    /// The documented floor: a key of 8 characters is redacted like any other.
    @Test func aKeyAtTheFloorIsRedacted() throws {
        let key = "Gq7xZ2pQ"
        let scene = try LeakScene(environment: ["GROQ_API_KEY": key])
        try scene.recordAndPublish([LeakScene.failure("coder-1", message: "bad key \(key)")])
        #expect(try scene.redactedEvents() >= 1)
        scene.expectNoPiece(of: key)
    }

    /// Below the floor a key cannot be told from a word: every verb that loads the config says so,
    /// and so does the site, without showing the value.
    @Test func aKeyBelowTheFloorIsWarnedAbout() throws {
        let key = "Gq7xZ2p"
        let scene = try LeakScene(environment: ["GROQ_API_KEY": key])
        let validate = try scene.run(["validate"], clock: false)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.contains("warning: providers.groq.api_key_env: GROQ_API_KEY holds a 7-character value"), "\(validate.stderr)")
        let cycle = try scene.run(["cycle"])
        #expect(cycle.status == 0, "\(cycle.stderr)")
        #expect(cycle.stderr.contains("GROQ_API_KEY holds a 7-character value"), "\(cycle.stderr)")
        #expect(try scene.run(["render"]).status == 0)
        let page = try String(contentsOfFile: scene.scratch.path("public/config.html"), encoding: .utf8)
        #expect(page.contains("GROQ_API_KEY holds a 7-character value"))
        try scene.collectFiles()
        scene.expectNoPiece(of: key)
    }

    /// A config value that is a provider's key is refused whatever its length, and not echoed.
    @Test func aKeyAsAConfigValueIsRefusedWhateverItsLength() throws {
        let key = "Gq7xZ2p"
        let config = LeakScene.config.replacingOccurrences(of: "model: deepseek-chat", with: "model: \(key)") + "\ncontrol:\n  \(key): { paused: true }\n"
        let scene = try LeakScene(config: config, environment: ["GROQ_API_KEY": key])
        let validate = try scene.run(["validate"], clock: false)
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("agent_types.coder.provider_chain[1].model: holds what looks like an API key"), "\(validate.stderr)")
        #expect(validate.stderr.contains("control.[redacted]:"), "\(validate.stderr)")
        scene.expectNoPiece(of: key)
    }

    /// A YAML error comes before any provider is known: a custom provider's key quoted back as a
    /// duplicate mapping key must still be recognised, from the environment alone.
    @Test func aDuplicateYAMLKeyThatIsAKeyIsNotQuoted() throws {
        let key = "GROQSECRETshort1234567890abcd"
        let config = LeakScene.config + "\ncontrol:\n  \(key): { paused: true }\n  \(key): { paused: false }\n"
        let scene = try LeakScene(config: config, environment: ["GROQ_API_KEY": key])
        for arguments in [["validate"], ["validate", "--json"]] {
            let result = try scene.run(arguments, clock: false)
            #expect(result.status == 1)
            #expect((result.stderr + result.stdout).contains("duplicate key"), "\(result.stderr)")
        }
        #expect(try scene.run(["cycle"]).status == 1)
        try scene.collectFiles()
        scene.expectNoPiece(of: key)
    }

    /// The argument parser quotes what it could not parse; its messages go through the redactor too.
    @Test func argumentErrorsDoNotEchoAKey() throws {
        let scene = try LeakScene(environment: ["GROQ_API_KEY": Self.groqKey, "MY_SERVICE_TOKEN": "tokenVALUEmnbvcxzlkj", "DB_PASSWORD_FILE": "passwordVALUEpoiuytre"])
        for arguments in [["events", "--limit", Self.groqKey], ["cycle", "--json", Self.groqKey], ["record", "--bogus=tokenVALUEmnbvcxzlkj"],
                          ["status", "passwordVALUEpoiuytre"]] {
            let result = try scene.runBare(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
        scene.expectNoPiece(of: Self.groqKey)
        scene.expectNoPiece(of: "tokenVALUEmnbvcxzlkj")
        scene.expectNoPiece(of: "passwordVALUEpoiuytre")
    }
}
