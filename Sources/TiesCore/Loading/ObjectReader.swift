// Reading JSON objects from a `JSONDocument` into raw records, reporting type errors by field path.

/// Where read errors go: the file and record being read, and the path to the current object.
///
/// The path is put together only when an error names it. Every nested object read gets a sink of its own,
/// and building `outcomes[0].citations[1]` for each of them, error or not, was a tenth of reading
/// events.json at 1,000×.
struct FieldSink {
    let diagnostics: Diagnostics
    let file: String
    let record: String?
    /// The path of the enclosing object, this object's field in it (nil for a record or a path given
    /// whole), and its position when the field is a list (-1 otherwise).
    private let parent: String
    private let field: String?
    private let index: Int

    init(diagnostics: Diagnostics, file: String, record: String?, prefix: String) {
        self.init(diagnostics: diagnostics, file: file, record: record, parent: prefix, field: nil, index: -1)
    }

    private init(diagnostics: Diagnostics, file: String, record: String?, parent: String, field: String?, index: Int) {
        self.diagnostics = diagnostics
        self.file = file
        self.record = record
        self.parent = parent
        self.field = field
        self.index = index
    }

    /// The path to the current object ("" for a record itself).
    var prefix: String {
        guard let field else { return parent }
        let named = parent.isEmpty ? field : parent + "." + field
        return index < 0 ? named : named + "[\(index)]"
    }

    /// The sink for the object in `field` (at `index` when the field is a list).
    func nested(_ field: String, index: Int = -1) -> FieldSink {
        FieldSink(diagnostics: diagnostics, file: file, record: record, parent: prefix, field: field, index: index)
    }

    func path(_ key: String) -> String {
        let prefix = prefix
        return prefix.isEmpty ? key : prefix + "." + key
    }

    func wrongType(_ field: String?, expected: String, found kind: JSONDocument.Kind) {
        let found: String
        switch kind {
        case .null: found = "null"
        case .bool: found = "true/false"
        case .number: found = "a number"
        case .string: found = "a string"
        case .array: found = "a list"
        case .object: found = "an object"
        }
        diagnostics.add(.wrongType, file, record, field, "expected \(expected), found \(found)")
    }
}

/// Reads the fields of one JSON object, remembering which ones were asked for so the rest can be reported
/// as unknown without turning every key into a `String`.
///
/// The fields are read in place on the document's tape: each key node is followed by its value's subtree, so
/// the next key is `nexts[nexts[key]]`. Record types ask for their fields in the order the files write them,
/// so a lookup first tries the key after the last one found, and scans from the first key only when that is
/// not it. At 1,000× (50,000 events, 400,000 objects), arrays of key and value positions made per object and
/// a scan per field were a third of reading events.json.
struct ObjectReader {
    let doc: JSONDocument
    let sink: FieldSink
    /// The object's node, its field count, and the first key node.
    private let object: Int
    private let count: Int
    /// The key node a lookup tries first, and its position among the fields.
    private var expectedKey: Int
    private var expectedPosition: Int
    /// Fields asked for: a bit each for the first 64, an array beyond (records have a dozen).
    private var readMask: UInt64 = 0
    private var readBeyond: [Bool] = []

    /// Nil (with an error) when the node is not an object.
    init?(_ doc: JSONDocument, node: Int, sink: FieldSink) {
        guard doc.kinds[node] == .object else {
            sink.wrongType(sink.prefix.isEmpty ? nil : sink.prefix, expected: "an object", found: doc.kinds[node])
            return nil
        }
        self.doc = doc
        self.sink = sink
        object = node
        count = Int(doc.flags[node]) / 2
        expectedKey = node + 1
        expectedPosition = 0
        var key = node + 1
        for i in 0..<count {
            var earlier = node + 1
            for _ in 0..<i {
                if doc.sameBytes(earlier, key) {
                    sink.diagnostics.add(.invalidValue, sink.file, sink.record, sink.path(doc.string(key)),
                                         "the field appears twice in one object; JSON readers disagree on which one wins")
                }
                earlier = doc.nextKey(after: earlier)
            }
            key = doc.nextKey(after: key)
        }
        if count > 64 { readBeyond = Array(repeating: false, count: count - 64) }
    }

    /// The value node of `key`, nil when absent or null.
    mutating func node<K: RawRepresentable>(_ key: K) -> Int? where K.RawValue == String {
        let name = key.rawValue
        if expectedPosition < count, doc.stringEquals(expectedKey, name) { return take(expectedKey, at: expectedPosition) }
        var k = object + 1
        for i in 0..<count {
            if i != expectedPosition, doc.stringEquals(k, name) { return take(k, at: i) }
            k = doc.nextKey(after: k)
        }
        return nil
    }

    private mutating func take(_ key: Int, at position: Int) -> Int? {
        if position < 64 { readMask |= 1 << UInt64(position) } else { readBeyond[position - 64] = true }
        expectedKey = doc.nextKey(after: key)
        expectedPosition = position + 1
        let v = Int(doc.nexts[key])
        return doc.kinds[v] == .null ? nil : v
    }

    /// `repeated`: a value that recurs across records (an id, a code, a role), read through
    /// `JSONDocument.sharedString` so equal values share one allocation for the snapshot's life.
    mutating func string<K: RawRepresentable>(_ key: K, repeated: Bool = false) -> String? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .string else { sink.wrongType(sink.path(key.rawValue), expected: "a string", found: doc.kinds[n]); return nil }
        return repeated ? doc.sharedString(n) : doc.string(n)
    }

    mutating func bool<K: RawRepresentable>(_ key: K) -> Bool? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .bool else { sink.wrongType(sink.path(key.rawValue), expected: "true or false", found: doc.kinds[n]); return nil }
        return doc.bool(n)
    }

    mutating func double<K: RawRepresentable>(_ key: K) -> Double? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .number else { sink.wrongType(sink.path(key.rawValue), expected: "a number", found: doc.kinds[n]); return nil }
        return doc.number(n)
    }

    mutating func int<K: RawRepresentable>(_ key: K) -> Int? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .number, doc.isIntegral(n), let v = Int(exactly: doc.number(n)) else {
            sink.wrongType(sink.path(key.rawValue), expected: "a whole number", found: doc.kinds[n])
            return nil
        }
        return v
    }

    /// A list of strings; elements of another type are reported and left out. `repeated`: the elements are
    /// ids or codes that recur across records (as in `string(_:repeated:)`).
    mutating func strings<K: RawRepresentable>(_ key: K, repeated: Bool = false) -> [String]? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .array else { sink.wrongType(sink.path(key.rawValue), expected: "a list", found: doc.kinds[n]); return nil }
        var out: [String] = []
        out.reserveCapacity(Int(doc.flags[n]))
        var i = 0
        let (doc, sink) = (self.doc, self.sink)
        doc.forEachChild(n) { c in
            if doc.kinds[c] == .string { out.append(repeated ? doc.sharedString(c) : doc.string(c)) } else {
                sink.wrongType(sink.path("\(key.rawValue)[\(i)]"), expected: "a string", found: doc.kinds[c])
            }
            i += 1
        }
        return out
    }

    mutating func object<T: RawRecord, K: RawRepresentable>(_ key: K, as type: T.Type) -> Checked<T>? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        let s = sink.nested(key.rawValue)
        return ObjectReader(doc, node: n, sink: s).map { Checked<T>($0) }
    }

    /// A list of objects; elements that are not objects are reported and left out.
    mutating func objects<T: RawRecord, K: RawRepresentable>(_ key: K, as type: T.Type) -> [Checked<T>]? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .array else { sink.wrongType(sink.path(key.rawValue), expected: "a list", found: doc.kinds[n]); return nil }
        var out: [Checked<T>] = []
        var i = 0
        let (doc, sink) = (self.doc, self.sink)
        doc.forEachChild(n) { c in
            let s = sink.nested(key.rawValue, index: i)
            if let r = ObjectReader(doc, node: c, sink: s) { out.append(Checked<T>(r)) }
            i += 1
        }
        return out
    }

    /// A date written as a string or as an object.
    mutating func date<K: RawRepresentable>(_ key: K) -> CheckedDate? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        if doc.kinds[n] == .string { return CheckedDate(value: RawDate(date: doc.string(n)), unknownKeys: []) }
        let s = sink.nested(key.rawValue)
        guard doc.kinds[n] == .object, let r = ObjectReader(doc, node: n, sink: s) else {
            sink.wrongType(sink.path(key.rawValue), expected: "a date string or a date object", found: doc.kinds[n])
            return nil
        }
        let c = Checked<RawDate>(r)
        return CheckedDate(value: c.value, unknownKeys: c.unknownKeys)
    }

    /// Keys no `node(_:)` call asked for.
    var unreadKeys: [String] {
        if count <= 64 && readMask == (count == 64 ? ~0 : (1 << UInt64(count)) - 1) { return [] }
        var out: [String] = []
        var k = object + 1
        for i in 0..<count {
            let read = i < 64 ? readMask & (1 << UInt64(i)) != 0 : readBeyond[i - 64]
            if !read { out.append(doc.string(k)) }
            k = doc.nextKey(after: k)
        }
        return out.sorted()
    }
}
