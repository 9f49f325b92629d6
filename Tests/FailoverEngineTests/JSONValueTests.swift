import FailoverCore
import FailoverEngine
import Foundation
import Testing

/// The exports' JSON writer, read back by Foundation's parser: any value, nested any way, round-trips.
@Suite struct JSONValueTests {
    static func random(_ rng: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
        case 0: return .integer([Int.min, Int.max, 0, -1, 9, 10, -10, Int.random(in: .min ... .max, using: &rng)].randomElement(using: &rng)!)
        case 1: return .string(randomText(&rng))
        case 2: return .bool(Bool.random(using: &rng))
        case 3: return .null
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in random(&rng, depth: depth + 1) })
        default:
            var fields: JSONObject = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { fields[randomText(&rng)] = random(&rng, depth: depth + 1) }
            return .object(fields)
        }
    }

    static func randomText(_ rng: inout SeededGenerator) -> String {
        let pieces = ["a", "é", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "<", ">", "&", "</script>", "🙂", "\u{2028}", " "]
        return (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    /// What Foundation reads back, in a form that compares: numbers as Int, objects as sorted pairs.
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .object(let fields): return fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(plainText(plain($0.value)))" }
        case .array(let items): return items.map(plain)
        case .string(let text): return text
        case .integer(let number): return number
        case .number(let number): return number
        case .bool(let flag): return flag
        case .null: return NSNull()
        }
    }

    static func read(_ any: Any) -> Any {
        switch any {
        case let fields as [String: Any]: return fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(plainText(read($0.value)))" }
        case let items as [Any]: return items.map(read)
        // Foundation reads true and false as its boolean class, never as a plain NSNumber.
        case let number as NSNumber where String(describing: type(of: number)).contains("Boolean"): return number.boolValue
        case let number as NSDecimalNumber: return number.int64Value == Int64.min ? Int.min : Int(truncating: number)
        case let number as NSNumber: return number.intValue
        default: return any
        }
    }

    static func plainText(_ any: Any) -> String { "\(any)" }

    @Test(arguments: 0..<20)
    func everyValueRoundTripsThroughAnIndependentParser(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let value = JSONValue.array([Self.random(&rng)])
            for (pretty, htmlSafe) in [(true, true), (false, true), (false, false)] {
                let bytes = value.bytes(pretty: pretty, htmlSafe: htmlSafe)
                #expect(String(decoding: bytes, as: UTF8.self) == value.serialized(pretty: pretty, htmlSafe: htmlSafe))
                let parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
                #expect(Self.plainText(Self.read(parsed)) == Self.plainText(Self.plain(value)), "\(String(decoding: bytes, as: UTF8.self))")
                if htmlSafe { #expect(!bytes.contains(0x3C) && !bytes.contains(0x3E) && !bytes.contains(0x26)) }
            }
        }
    }

    @Test func objectsKeepTheirMembersSortedAndTheLastOfAKey() {
        var object: JSONObject = ["b": .integer(1), "a": .integer(2), "c": .null, "a": .integer(3)]
        #expect(object.map(\.key) == ["a", "b", "c"] && object["a"] == .integer(3))
        object["aa"] = .bool(true)
        object["b"] = nil
        object["c"] = .string("x")
        #expect(object.map(\.key) == ["a", "aa", "c"] && object["c"] == .string("x") && object["b"] == nil)
        #expect(object == JSONObject(["c": .string("x"), "aa": .bool(true), "a": .integer(3)]))
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            var reference: [String: JSONValue] = [:]
            var built: JSONObject = [:]
            for _ in 0..<Int.random(in: 0...20, using: &rng) {
                let key = Self.randomText(&rng), value = JSONValue.integer(Int.random(in: 0...9, using: &rng))
                if Bool.random(using: &rng) { reference[key] = value; built[key] = value } else { reference[key] = nil; built[key] = nil }
            }
            #expect(built.map(\.key) == reference.keys.sorted() && built == JSONObject(reference))
        }
    }

    @Test func integersAtTheirLimits() {
        #expect(JSONValue.array([.integer(.min), .integer(.max), .integer(0), .integer(-7)]).serialized(pretty: false) == "[-9223372036854775808,9223372036854775807,0,-7]\n")
    }
}
