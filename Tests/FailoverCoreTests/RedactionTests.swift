import FailoverCore
import TestSupport
import Testing

/// specs/failover.md, "Limits and bad input": no key survives redaction, in any form, cut or not.
@Suite struct RedactionTests {
    static let key = "sk-ant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0"
    let shapes = SecretRedactor.shapesOnly

    @Test(arguments: [
        ("invalid x-api-key \(key)", "invalid x-api-key sk-[redacted]"),
        ("sk%2Dant%2Dapi03%2DZq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0 was refused", "sk%2D[redacted] was refused"),
        ("sk%2dant%2dapi03%2dZq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0", "sk%2d[redacted]"),
        (#"{"key":"sk\u002dant\u002dapi03\u002dZq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0"}"#, #"{"key":"sk\u002d[redacted]"}"#),
        ("sk&#45;ant&#x2d;api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0", "sk&#45;[redacted]"),
        ("sk%252Dant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0", "sk%252D[redacted]"),
        ("Authorization: Bearer abcdefghijklmnop.qrstuv", "Authorization: [redacted]"),
        ("sent bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", "sent bearer [redacted]"),
        ("x-api-key: 0123456789abcdef0123", "x-api-key: [redacted]"),
        (#"{"api_key": "0123456789abcdef"}"#, #"{"api_key": "[redacted]"}"#),
        ("https://x/?key=AIzaSyA1234567890abcdefghijklmnopqrstuv", "https://x/?key=AIza[redacted]"),
        ("tokensk-ant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0", "tokensk-[redacted]"),
        // A JSON body echoed inside a JSON string: `\"` is undone before `name: value` is matched.
        (#"{\"x-api-key\":\"gw-live-SECRETVAL12345678\"}"#, #"{\"x-api-key\":\"[redacted]\"}"#),
        (#"password\":\"hunter2hunter2xx"#, #"password\":\"[redacted]"#),
        (#"{\"authorization\":\"Basic Zk9vYmFyOmJhenF1eDEyMzQ1Njc4OTA=\"}"#, #"{\"authorization\":\"[redacted]\"}"#),
        (#"{\\\"api_key\\\":\\\"twiceEscapedVALUE123\\\"}"#, #"{\\\"api_key\\\":\\\"[redacted]\\\"}"#),
        ("x-api-key=&quot;SECRETVAL0123456789&quot;", "x-api-key=&quot;[redacted]&quot;"),
        ("api_key&equals;&apos;SECRETVAL0123456789&apos;", "api_key&equals;&apos;[redacted]&apos;"),
        ("sk&amp;#45;ant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0", "sk&amp;#45;[redacted]"),
        // Separators other than a space or a tab.
        ("Bearer\u{A0}abcdefghijklmnop", "Bearer\u{A0}[redacted]"),
        ("Bearer\nabcdefghijklmnop", "Bearer\n[redacted]"),
        ("Bearer\u{2009}abcdefghijklmnop", "Bearer\u{2009}[redacted]"),
        ("Bearer&nbsp;abcdefghijklmnop", "Bearer&nbsp;[redacted]"),
        (#"Bearer\u00a0abcdefghijklmnop"#, #"Bearer\u00a0[redacted]"#),
        ("x-api-key:\u{A0}0123456789abcdef0123", "x-api-key:\u{A0}[redacted]"),
        ("x-api-key:\r\n 0123456789abcdef0123", "x-api-key:\r\n [redacted]"),
    ])
    func removesKeysByShapeWithoutAnyEnvironment(text: String, expected: String) {
        #expect(shapes.redact(text) == expected)
    }

    @Test(arguments: [
        "/srv/task-management-system-fleet/var/env", "task-sk-1 and sk-short", "Authorization: none", "missing x-api-key header",
        "the password was wrong", "401 authentication_error: invalid x-api-key (anthropic: authentication_error)",
        "Tom &amp; Jerry said &quot;no&quot;", #"C:\new\table \"quoted\""#, "a bearer\nof bad news",
    ])
    func leavesOrdinaryTextAlone(text: String) {
        #expect(shapes.redact(text) == text)
    }

    @Test func removesConfiguredKeysInEveryEncoding() {
        let plain = "0123456789abcdef0123456789abcdef"
        let redactor = SecretRedactor(providers: .builtIn, environment: ["DEEPSEEK_API_KEY": plain])
        #expect(redactor.redact("echo \(plain)") == "echo [redacted]")
        #expect(redactor.redact("q=" + plain.map { "%" + String($0.asciiValue!, radix: 16) }.joined()) == "q=[redacted]")
        #expect(redactor.redact(plain.uppercased()) == plain.uppercased(), "a key is matched as it is, not case-folded")
        let json = plain.prefix(10) + "\\u0061" + plain.dropFirst(11)
        #expect(plain.dropFirst(10).first == "a" && redactor.redact(String(json)) == "[redacted]")
    }

    @Test func removesAConfiguredKeyBehindDoubleHTMLEncoding() {
        let key = "sk-0123456789abcdef0123456789abcdef"
        let redactor = SecretRedactor(providers: .builtIn, environment: ["DEEPSEEK_API_KEY": key])
        #expect(redactor.redact("was sk&amp;#45;0123456789abcdef0123456789abcdef.") == "was [redacted].")
        #expect(redactor.redact("sk&amp;amp;#x2d;0123456789abcdef0123456789abcdef") == "[redacted]")
    }

    /// Before a config names its providers, variable names say which values are keys.
    @Test func theEnvironmentAloneNamesItsSecrets() {
        let environment = [
            "GROQ_API_KEY": "groq-value-0001", "GITHUB_TOKEN": "token-value-0002", "CLIENT_SECRET": "secret-value-0003",
            "PGPASSWORD": "password-value-0004", "DEEPSEEK_API_KEY": "deepseek-value-0005", "HOME": "/home/operator",
            "SHORT_KEY": "abc", "PATH": "/usr/bin:/bin",
        ]
        let redactor = SecretRedactor(environment: environment)
        #expect(Set(redactor.secrets) == ["groq-value-0001", "token-value-0002", "secret-value-0003", "password-value-0004", "deepseek-value-0005"])
        #expect(redactor.redact("cd /home/operator; abc") == "cd /home/operator; abc")
        let merged = SecretRedactor(secrets: ["Gq7xZ2p", "provider-key-0006"]).merging(redactor)
        #expect(merged.isKnownSecret("Gq7xZ2p") && !merged.isKnownSecret("abc"), "a provider's short key stays known; an unnamed short value is not a key")
        #expect(merged.redact("groq-value-0001 provider-key-0006") == "[redacted] [redacted]")
    }

    /// A text of few characters but many bytes: the raw cut before redaction lands inside a key
    /// whose characters are not all key characters, and what it leaves must not survive.
    @Test func aPunctuatedKeyThroughTheByteCutLeavesNoPiece() {
        let key = "Pw!SECRETVAL#part2@part3$part4"
        let redactor = SecretRedactor(secrets: [key])
        for marks in 4060...4100 {
            for head in ["aa", "401: aa", "x"] {
                let message = head + String(repeating: "\u{301}", count: marks) + " " + key + " tail"
                let kept = redactor.redactedPrefix(message, limit: 500)
                #expect(!Hostile.leaksPiece(key, in: kept), "\(marks) marks after \(head): \(kept.suffix(30))")
            }
        }
    }

    /// Spaces hide the rest of a key from the run a cut drops: such a key is looked for by value.
    @Test func aKeyHoldingSpacesThroughTheByteCutLeavesNoPiece() {
        let key = "correct horse battery staple 42"
        let redactor = SecretRedactor(secrets: [key])
        for offset in 8150...8200 {
            let kept = redactor.redactedPrefix(String(repeating: "z ", count: offset / 2) + key + " tail", limit: 9000)
            #expect(!Hostile.leaksPiece(key, in: kept), "at \(offset): \(kept.suffix(40))")
            let bytes = redactor.redactedPrefix(String(repeating: "z ", count: offset / 2) + key, maximumBytes: 8180)
            #expect(!Hostile.leaksPiece(key, in: bytes) && bytes.utf8.count <= 8180, "at \(offset): \(bytes.suffix(40))")
        }
    }

    /// Dropping the run a cut went through must not empty text written without spaces.
    @Test func aCutKeepsTextInScriptsWithoutSpaces() {
        let kept = SecretRedactor.shapesOnly.redactedPrefix(String(repeating: "余额不足", count: 3000), limit: 500)
        #expect(kept.count == 501 && kept.hasSuffix("…"))
        #expect(SecretRedactor.shapesOnly.redactedPrefix(String(repeating: "余额不足", count: 3000), maximumBytes: 256).utf8.count == 255)
    }

    /// Keys of every kind, disguised, with the text before them sized so that the cut before
    /// redaction and the cut after it land anywhere near them.
    @Test func seededKeysAtEveryCutLeaveNoPiece() {
        var rng = SeededGenerator(seed: 17)
        for round in 0..<Hostile.iterations(200) {
            let plain = Hostile.plainKey(&rng)
            let keys = [Hostile.key(&rng), plain, Hostile.punctuatedKey(&rng), "correct horse battery staple 42"]
            let key = keys.randomElement(using: &rng)!
            let redactor = SecretRedactor(secrets: [plain, keys[2], keys[3]])
            let filler = ["z ", "\u{301}", "余", "word "].randomElement(using: &rng)!
            let target = [8192, 256, 16_384, 500].randomElement(using: &rng)! + Int.random(in: -80...20, using: &rng)
            var text = ""
            while text.utf8.count < target { text += filler }
            text += " " + Hostile.disguise(key, &rng) + " " + Hostile.string(&rng)
            let byCharacters = redactor.redactedPrefix(text, limit: Int.random(in: 1...600, using: &rng))
            let byBytes = redactor.redactedPrefix(text, maximumBytes: [256, 16_384].randomElement(using: &rng)!)
            #expect(!Hostile.leaksPiece(key, in: byCharacters) && !Hostile.leaksPiece(key, in: byBytes), "round \(round)")
        }
    }

    /// The bug this rule came from: a 500-character cut went through a key before redaction ran.
    @Test func aKeyStraddlingTheCutLeavesNoPiece() {
        for offset in 470...505 {
            let message = String(repeating: "x", count: offset) + " " + Self.key + " tail"
            let kept = shapes.redactedPrefix(message, limit: 500)
            #expect(!Hostile.leaks(Self.key, in: kept), "offset \(offset): \(kept.suffix(40))")
            #expect(kept.count <= 501)
        }
        let long = String(repeating: "word ", count: 400_000) + Self.key
        let kept = shapes.redactedPrefix(long, limit: 500)
        #expect((490...501).contains(kept.count) && kept.hasSuffix("…"))
        // A cut through one long run of key characters cannot tell a key from anything else: it drops the run.
        #expect(shapes.redactedPrefix(String(repeating: "y", count: 10_000), limit: 500) == "…")
    }

    @Test func redactionIsIdempotent() {
        let once = shapes.redact("a \(Self.key) b Bearer \(Self.key)")
        #expect(shapes.redact(once) == once)
        #expect(!shapes.holdsSecret(once))
    }

    @Test func seededDisguisedKeysNeverSurvive() {
        var rng = SeededGenerator(seed: 9)
        for round in 0..<Hostile.iterations(300) {
            let key = Hostile.key(&rng)
            let plain = Hostile.plainKey(&rng)
            let punctuated = Hostile.punctuatedKey(&rng)
            let redactor = SecretRedactor(secrets: [plain, punctuated])
            let text = Hostile.string(&rng) + " " + Hostile.disguise(key, &rng) + " " + Hostile.disguise(plain, &rng) + " "
                + Hostile.disguise(punctuated, &rng) + " " + Hostile.string(&rng)
            let output = redactor.redactedPrefix(text, limit: Int.random(in: 1...600, using: &rng))
            let whole = redactor.redact(text)
            #expect(!Hostile.leaks(key, in: output) && !Hostile.leaks(key, in: whole), "round \(round)")
            #expect(!Hostile.leaks(plain, in: output) && !Hostile.leaks(plain, in: whole), "round \(round)")
            #expect(!Hostile.leaksPiece(punctuated, in: output) && !Hostile.leaksPiece(punctuated, in: whole), "round \(round): \(punctuated)")
        }
    }
}

@Suite struct TerminalTextTests {
    @Test func controlCharactersBecomeVisible() {
        #expect(TerminalText.escaped("a\u{1B}[31mb\nc\u{202E}d") == "a\\u{1B}[31mb\\u{A}c\\u{202E}d")
        #expect(TerminalText.escaped("a\nb", keepingLineBreaks: true) == "a\nb")
        #expect(TerminalText.escaped("plain ①②③ ✕") == "plain ①②③ ✕")
        #expect(TerminalText.firstControl(in: "model\0x") == "U+0000 at character 6")
    }

    @Test func echoQuotesOnlyShortPlainValues() {
        #expect(Echo.quote("15min") == "\"15min\"")
        #expect(Echo.quote(String(repeating: "z", count: 108)) == "a 108-character value (not shown)")
        #expect(Echo.quote("a\u{1B}b") == "a value holding control characters (not shown)")
        #expect(Echo.quote("Bearer abcdefghij") == "a value shaped like an API key (not shown)")
    }
}
