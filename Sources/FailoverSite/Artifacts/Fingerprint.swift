import FailoverCore
import FailoverEngine

/// A stable digest of a page model: the same on every run and machine, and different whenever any
/// stored property of the model differs. A render keeps a published file while the fingerprint it
/// was built from matches, so the fingerprint is taken mechanically from the whole model (its
/// synthesized `Encodable` conformance, field names included) and never maintained by hand: a field
/// added to a model is in its fingerprint without anyone remembering to put it there.
struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    let hex: String

    init(hex: String) {
        self.hex = hex
    }

    /// Models must hold no `Dictionary` or `Set` (their order differs from run to run; use arrays) and
    /// encode deterministically; `JSONValue` is taken by its sorted serialization.
    init(of model: some Encodable) {
        let sink = FingerprintSink()
        // Nothing a model holds throws while it is hashed; a model that did would be a bug.
        do { try model.encode(to: FingerprintEncoder(sink: sink, depth: 0)) } catch { preconditionFailure("\(error)") }
        hex = sink.digest
    }

    /// This fingerprint and another's (the templates', say) as one.
    func combined(with other: String) -> Fingerprint {
        Fingerprint(hex: ContentDigest.hex(hex + "|" + other))
    }

    var description: String { hex }
}

/// Hashes a model as it is encoded: a stream of 64-bit words, every value tagged with its kind and
/// its depth in the model, so two different models never make the same stream (a depth-labelled
/// preorder walk determines the tree, and a string's length says how many words hold it). The
/// mixing step is `ContentDigest`'s, applied as the words arrive rather than to a buffer: a render
/// fingerprints a thousand agent pages, and buffering cost more than the hashing.
private final class FingerprintSink {
    /// Unchecked: a sink lives on one thread for one model, and every access is a plain read or
    /// write. The runtime's exclusivity checks were a fifth of a fingerprint's cost.
    @exclusivity(unchecked) private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    private func mix(_ word: UInt64) {
        var hash = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 29
        state = hash
    }

    /// The state, finalized.
    private var finished: UInt64 {
        var hash = state &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 32
        return hash
    }

    var digest: String { String(finished, radix: 16) }

    func tag(_ kind: UInt8, depth: Int) {
        mix(UInt64(kind) | UInt64(truncatingIfNeeded: depth) << 8)
    }

    func integer(_ value: Int64) {
        mix(UInt64(bitPattern: value))
    }

    func flag(_ value: Bool) {
        mix(value ? 1 : 0)
    }

    func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            mix(UInt64(raw.count))
            var offset = 0
            while offset + 8 <= raw.count {
                mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var tail: UInt64 = 0
            while offset < raw.count {
                tail = tail << 8 | UInt64(raw[offset])
                offset += 1
            }
            mix(tail)
        }
    }

    func key(_ key: some CodingKey, depth: Int) {
        tag(UInt8(ascii: "k"), depth: depth)
        text(key.stringValue)
    }

    func value<Value: Encodable>(_ value: Value, depth: Int) throws {
        // Dictionaries and sets encode in an order that changes from run to run.
        assert(!(value is any UnorderedForFingerprint), "a page model must not hold \(Value.self): use an array")
        // Comparing type metadata costs a pointer comparison; a dynamic cast showed in profiles of a
        // render that keeps a thousand agent pages.
        if Value.self == JSONValue.self {
            json(unsafeBitCast(value, to: JSONValue.self), depth: depth)
        } else if Value.self == Timestamp.self {
            // Cheaper than its encoding as RFC 3339 text, and as exact.
            tag(UInt8(ascii: "t"), depth: depth)
            integer(unsafeBitCast(value, to: Timestamp.self).seconds)
        } else {
            try value.encode(to: FingerprintEncoder(sink: self, depth: depth + 1))
        }
    }

    /// A JSON value, walked here: its own `encode(to:)` visits an object's keys in no fixed order, and
    /// serializing it (which sorts them) cost more than the rest of an agent page's fingerprint.
    private func json(_ value: JSONValue, depth: Int) {
        switch value {
        case .null:
            tag(UInt8(ascii: "0"), depth: depth)
        case .bool(let flag):
            tag(UInt8(ascii: "b"), depth: depth)
            self.flag(flag)
        case .integer(let number):
            tag(UInt8(ascii: "i"), depth: depth)
            integer(Int64(number))
        case .number(let number):
            tag(UInt8(ascii: "d"), depth: depth)
            integer(Int64(bitPattern: number.bitPattern))
        case .string(let string):
            tag(UInt8(ascii: "s"), depth: depth)
            text(string)
        case .array(let items):
            tag(UInt8(ascii: "["), depth: depth)
            for item in items { json(item, depth: depth + 1) }
        case .object(let fields):
            // Each member hashed on its own and the results summed: the same in any order, so the
            // keys need no sorting.
            let outer = state
            var members: UInt64 = 0
            for (key, field) in fields {
                state = 0x9E37_79B9_7F4A_7C15
                text(key)
                json(field, depth: depth + 1)
                members &+= finished
            }
            state = outer
            tag(UInt8(ascii: "{"), depth: depth)
            mix(UInt64(fields.count))
            mix(members)
        }
    }
}

private protocol UnorderedForFingerprint {}
extension Dictionary: UnorderedForFingerprint {}
extension Set: UnorderedForFingerprint {}

private struct FingerprintEncoder: Encoder {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.tag(UInt8(ascii: "{"), depth: depth)
        return KeyedEncodingContainer(Keyed(sink: sink, depth: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.tag(UInt8(ascii: "["), depth: depth)
        return Unkeyed(sink: sink, depth: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        Single(sink: sink, depth: depth)
    }
}

/// The scalar writes all three containers share.
private protocol FingerprintWriter {
    var sink: FingerprintSink { get }
    var depth: Int { get }
}

extension FingerprintWriter {
    func writeNil() { sink.tag(UInt8(ascii: "0"), depth: depth) }
    func write(_ value: Bool) {
        sink.tag(UInt8(ascii: "b"), depth: depth)
        sink.flag(value)
    }
    func write(_ value: String) {
        sink.tag(UInt8(ascii: "s"), depth: depth)
        sink.text(value)
    }
    func write(_ value: Int64) {
        sink.tag(UInt8(ascii: "i"), depth: depth)
        sink.integer(value)
    }
    func write(_ value: UInt64) {
        sink.tag(UInt8(ascii: "u"), depth: depth)
        sink.integer(Int64(bitPattern: value))
    }
    func write(_ value: Double) {
        sink.tag(UInt8(ascii: "d"), depth: depth)
        sink.integer(Int64(bitPattern: value.bitPattern))
    }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol, FingerprintWriter {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { sink.key(key, depth: depth); writeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { sink.key(key, depth: depth); write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { sink.key(key, depth: depth); write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { sink.key(key, depth: depth); write(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { sink.key(key, depth: depth); write(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { sink.key(key, depth: depth); write(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { sink.key(key, depth: depth); write(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { sink.key(key, depth: depth); write(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { sink.key(key, depth: depth); write(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { sink.key(key, depth: depth); write(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { sink.key(key, depth: depth); write(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { sink.key(key, depth: depth); write(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { sink.key(key, depth: depth); write(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { sink.key(key, depth: depth); write(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { sink.key(key, depth: depth); write(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        sink.key(key, depth: depth)
        try sink.value(value, depth: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        sink.key(key, depth: depth)
        return FingerprintEncoder(sink: sink, depth: depth + 1).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        sink.key(key, depth: depth)
        return FingerprintEncoder(sink: sink, depth: depth + 1).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { FingerprintEncoder(sink: sink, depth: depth + 1) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        sink.key(key, depth: depth)
        return FingerprintEncoder(sink: sink, depth: depth + 1)
    }
}

private struct Unkeyed: UnkeyedEncodingContainer, FingerprintWriter {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(sink: FingerprintSink, depth: Int) {
        self.sink = sink
        self.depth = depth
    }

    mutating func encodeNil() throws { count += 1; writeNil() }
    mutating func encode(_ value: Bool) throws { count += 1; write(value) }
    mutating func encode(_ value: String) throws { count += 1; write(value) }
    mutating func encode(_ value: Double) throws { count += 1; write(value) }
    mutating func encode(_ value: Float) throws { count += 1; write(Double(value)) }
    mutating func encode(_ value: Int) throws { count += 1; write(Int64(value)) }
    mutating func encode(_ value: Int8) throws { count += 1; write(Int64(value)) }
    mutating func encode(_ value: Int16) throws { count += 1; write(Int64(value)) }
    mutating func encode(_ value: Int32) throws { count += 1; write(Int64(value)) }
    mutating func encode(_ value: Int64) throws { count += 1; write(value) }
    mutating func encode(_ value: UInt) throws { count += 1; write(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { count += 1; write(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { count += 1; write(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { count += 1; write(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { count += 1; write(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        count += 1
        try sink.value(value, depth: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        count += 1
        return FingerprintEncoder(sink: sink, depth: depth + 1).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        count += 1
        return FingerprintEncoder(sink: sink, depth: depth + 1).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        count += 1
        return FingerprintEncoder(sink: sink, depth: depth + 1)
    }
}

private struct Single: SingleValueEncodingContainer, FingerprintWriter {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writeNil() }
    mutating func encode(_ value: Bool) throws { write(value) }
    mutating func encode(_ value: String) throws { write(value) }
    mutating func encode(_ value: Double) throws { write(value) }
    mutating func encode(_ value: Float) throws { write(Double(value)) }
    mutating func encode(_ value: Int) throws { write(Int64(value)) }
    mutating func encode(_ value: Int8) throws { write(Int64(value)) }
    mutating func encode(_ value: Int16) throws { write(Int64(value)) }
    mutating func encode(_ value: Int32) throws { write(Int64(value)) }
    mutating func encode(_ value: Int64) throws { write(value) }
    mutating func encode(_ value: UInt) throws { write(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { write(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { write(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { write(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { write(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.value(value, depth: depth) }
}
