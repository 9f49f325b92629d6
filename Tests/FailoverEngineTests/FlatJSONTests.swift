@testable import FailoverEngine
import Foundation
import Testing

@Suite struct FlatJSONTests {
    @Test func readsScalarsExactly() throws {
        let object = try FlatJSON.parseObject(#" { "a": "x", "b": 401, "c": -2, "d": 1.5, "e": true, "f": false, "g": null, "h": 2.0, "i": 1e3 } "#)
        #expect(object == ["a": .string("x"), "b": .integer(401), "c": .integer(-2), "d": .fraction(1.5), "e": .bool(true),
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

    /// Anything it accepts, Foundation's parser accepts with the same values.
    @Test func agreesWithFoundation() throws {
        let samples = [#"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key","input_tokens":0,"output_tokens":0,"tier":1}"#,
                       #"{"message":"caf\u00e9 \"quoted\"","n":-0}"#]
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
