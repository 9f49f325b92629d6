@testable import FailoverEngine
import Foundation
import Testing

@Suite struct FlatJSONTests {
    @Test func readsScalarsExactly() throws {
        let object = try FlatJSON.parseObject(#" { "a": "x", "b": 401, "c": -2, "d": 1.5, "e": true, "f": false, "g": null, "h": 2.0, "i": 1e3 } "#)
        #expect(object == ["a": .string("x"), "b": .integer(401), "c": .integer(-2), "d": .fraction("1.5"), "e": .bool(true),
                           "f": .bool(false), "g": .null, "h": .integer(2), "i": .integer(1000)])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let object = try FlatJSON.parseObject(#"{"m":"a\"b\\c\/d\n\t\u00e9\ud83d\ude00 ü"}"#)
        #expect(object["m"] == .string("a\"b\\c/d\n\té😀 ü"))
    }

    @Test func skipsNestedValuesAMessageMightCarry() throws {
        let object = try FlatJSON.parseObject(#"{"meta":{"x":[1,"}",{"y":2}]},"agent":"a"}"#)
        #expect(object["agent"] == .string("a"))
        #expect(object["meta"] == .nested)
    }

    @Test(arguments: ["", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":tru}",
                      "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":1} x", "{a:1}", "{\"a\":\"tab\there\"}"])
    func rejectsWhatJSONRejects(text: String) {
        #expect(throws: FlatJSON.Malformed.self) { try FlatJSON.parseObject(Substring(text)) }
    }

    /// A nested value is skipped, but it must still be JSON: brackets that do not match, or a list
    /// that is not one, used to pass as long as the counts came out even.
    @Test(arguments: [#"{"x":[}, "agent":"a"}"#, #"{"x":{]}"#, #"{"x":[}]}"#, #"{"x":[1 2]}"#, #"{"x":[1,]}"#, #"{"x":{"a"}}"#,
                      #"{"x":{1:2}}"#, #"{"x":[tru]}"#, #"{"x":[01]}"#, #"{"x":{"a":1,}}"#, #"{"x":[,1]}"#, #"{"x":["a\q"]}"#,
                      #"{"x":[]]}"#, #"{"x":[[]}"#, #"{"x":{"a":1}"#])
    func rejectsNestedValuesThatAreNotJSON(text: String) {
        // Not checked against Foundation: on Linux it accepts a trailing comma.
        #expect(throws: FlatJSON.Malformed.self) { try FlatJSON.parseObject(Substring(text)) }
    }

    @Test func skipsDeepNestingWithoutRecursion() throws {
        let depth = 200_000
        let deep = #"{"x":"# + String(repeating: "[{\"k\":", count: depth) + "1" + String(repeating: "}]", count: depth) + #","agent":"a"}"#
        #expect(try FlatJSON.parseObject(Substring(deep))["agent"] == .string("a"))
        let unbalanced = #"{"x":"# + String(repeating: "[", count: depth) + String(repeating: "}", count: depth) + "}"
        #expect(throws: FlatJSON.Malformed.self) { try FlatJSON.parseObject(Substring(unbalanced)) }
    }

    /// Whole numbers are read exactly, however they are written; anything else keeps its text.
    @Test(arguments: [
        ("100e-2", FlatJSONValue.integer(1)), ("2.50e1", .integer(25)), ("1E2", .integer(100)), ("0.0e-400", .integer(0)),
        ("-0", .integer(0)), ("-9223372036854775808", .integer(.min)), ("9223372036854775807", .integer(.max)),
        ("1e-400", .fraction("1e-400")), ("2.55e1", .fraction("2.55e1")), ("0.5", .fraction("0.5")),
        ("9223372036854775808", .hugeInteger("9223372036854775808", negative: false)),
        ("111100000000000000000000000000", .hugeInteger("111100000000000000000000000000", negative: false)),
        ("1.111e29", .hugeInteger("1.111e29", negative: false)), ("-1e19", .hugeInteger("-1e19", negative: true)),
        ("1e99999999999999999999", .hugeInteger("1e99999999999999999999", negative: false)),
        ("1e-99999999999999999999", .fraction("1e-99999999999999999999")),
    ])
    func readsNumbersExactly(text: String, value: FlatJSONValue) throws {
        #expect(try FlatJSON.parseObject(Substring(#"{"n":"# + text + "}"))["n"] == value)
    }

    @Test func aLongNumberIsDescribedNotEchoed() throws {
        let digits = String(repeating: "7", count: 5000)
        let value = try #require(try FlatJSON.parseObject(Substring(#"{"n":"# + digits + "}"))["n"])
        #expect(value.display == "a 5000-character number")
    }

    @Test func aByteOrderMarkInsideTheInputIsNamed() {
        do {
            _ = try FlatJSON.parseObject(Substring("\u{FEFF}{\"agent\":\"a\"}"))
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains("byte-order mark (U+FEFF)"), "\(error.reason)")
        }
    }

    /// Anything it accepts, Foundation's parser accepts with the same values.
    @Test func agreesWithFoundation() throws {
        let samples = [#"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key","input_tokens":0,"output_tokens":0,"tier":1}"#,
                       #"{"message":"caf\u00e9 \"quoted\"","n":-0}"#,
                       #"{"meta":{"a":[1,2.5e-3,{"b":null,"c":[true,false,"]}"]}],"d":{}},"e":[],"agent":"a","n":100e-2}"#]
        for sample in samples {
            let ours = try FlatJSON.parseObject(Substring(sample))
            let theirs = try #require(try JSONSerialization.jsonObject(with: Data(sample.utf8)) as? [String: Any])
            #expect(Set(ours.keys) == Set(theirs.keys))
            for (key, value) in ours {
                if case .string(let text) = value { #expect(theirs[key] as? String == text) }
                if case .integer(let number) = value { #expect((theirs[key] as? NSNumber)?.intValue == number) }
            }
        }
    }
}
