/// A JSON object's members, kept sorted by key: every export and `--json` output writes keys in
/// order, so sorting once when the object is built spares the writer a sort and a hash table for
/// each of the thousands of event objects a render writes. Built from a dictionary literal like a
/// dictionary; a key given twice keeps its last value.
package struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    package typealias Element = (key: String, value: JSONValue)

    /// Sorted by key, each key once.
    package private(set) var members: [Element]

    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { (key: $0.0, value: $0.1) }
        Self.sortAndKeepLast(&members)
    }

    /// Keys are unique already; a dictionary can be large (every agent of a fleet), so sorted in n log n.
    package init(_ dictionary: [String: JSONValue]) {
        members = dictionary.map { (key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }

    private init(sorted members: [Element]) {
        self.members = members
    }

    package var count: Int { members.count }
    package var isEmpty: Bool { members.isEmpty }

    package func makeIterator() -> IndexingIterator<[Element]> { members.makeIterator() }

    package subscript(key: String) -> JSONValue? {
        get {
            let index = position(of: key)
            return index < members.count && members[index].key == key ? members[index].value : nil
        }
        set {
            let index = position(of: key)
            let present = index < members.count && members[index].key == key
            switch (present, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert((key, value), at: index)
            case (false, nil): break
            }
        }
    }

    package func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        JSONObject(sorted: try members.filter(isIncluded))
    }

    package static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.members.count == right.members.count && zip(left.members, right.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// The first member whose key is not below `key`.
    private func position(of key: String) -> Int {
        var low = 0, high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Insertion sort: objects have a dozen members, often written nearly in order. Stable, so of two
    /// equal keys the later stays last, and is kept.
    private static func sortAndKeepLast(_ members: inout [Element]) {
        guard members.count > 1 else { return }
        var mayRepeat = false
        for index in 1..<members.count {
            let order = members[index].key < members[index - 1].key
            if !order {
                if members[index].key == members[index - 1].key { mayRepeat = true }
                continue
            }
            mayRepeat = true
            let moving = members[index]
            var slot = index
            while slot > 0, moving.key < members[slot - 1].key {
                members[slot] = members[slot - 1]
                slot -= 1
            }
            members[slot] = moving
        }
        // Sorted as written, no key twice: nothing else to do (the common case: literals in key order).
        guard mayRepeat else { return }
        var kept: [Element] = []
        kept.reserveCapacity(members.count)
        for member in members {
            if let last = kept.last, last.key == member.key { kept[kept.count - 1] = member } else { kept.append(member) }
        }
        members = kept
    }
}
