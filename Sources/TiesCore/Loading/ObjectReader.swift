// Reading JSON objects from a `JSONDocument` into raw records, reporting type errors by field path.

/// Where read errors go: the file and record being read, and the path to the current object.
struct FieldSink {
    let diagnostics: Diagnostics
    let file: String
    let record: String?
    let prefix: String

    func path(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

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
struct ObjectReader {
    let doc: JSONDocument
    let sink: FieldSink
    /// Key node and value node of each field, in file order.
    private var keys: [Int32] = []
    private var values: [Int32] = []
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
        let n = Int(doc.flags[node]) / 2
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
        var isKey = true
        var keyNodes: [Int32] = []
        doc.forEachChild(node) { c in
            if isKey { keyNodes.append(Int32(c)) } else { values.append(Int32(c)) }
            isKey.toggle()
        }
        for k in keyNodes {
            for earlier in keys where doc.sameBytes(Int(earlier), Int(k)) {
                sink.diagnostics.add(.invalidValue, sink.file, sink.record, sink.path(doc.string(Int(k))),
                                     "the field appears twice in one object; JSON readers disagree on which one wins")
            }
            keys.append(k)
        }
        if keys.count > 64 { readBeyond = Array(repeating: false, count: keys.count - 64) }
    }

    /// The value node of `key`, nil when absent or null.
    mutating func node<K: RawRepresentable>(_ key: K) -> Int? where K.RawValue == String {
        for i in 0..<keys.count where doc.stringEquals(Int(keys[i]), key.rawValue) {
            if i < 64 { readMask |= 1 << UInt64(i) } else { readBeyond[i - 64] = true }
            let v = Int(values[i])
            return doc.kinds[v] == .null ? nil : v
        }
        return nil
    }

    mutating func string<K: RawRepresentable>(_ key: K) -> String? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .string else { sink.wrongType(sink.path(key.rawValue), expected: "a string", found: doc.kinds[n]); return nil }
        return doc.string(n)
    }

    /// A string that recurs across records (an id, a code, a role): read through `JSONDocument.sharedString`,
    /// so equal values share one allocation for the snapshot's life.
    mutating func repeatedString<K: RawRepresentable>(_ key: K) -> String? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        guard doc.kinds[n] == .string else { sink.wrongType(sink.path(key.rawValue), expected: "a string", found: doc.kinds[n]); return nil }
        return doc.sharedString(n)
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
    /// ids or codes that recur across records (see `repeatedString`).
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
        let s = FieldSink(diagnostics: sink.diagnostics, file: sink.file, record: sink.record, prefix: sink.path(key.rawValue))
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
            let s = FieldSink(diagnostics: sink.diagnostics, file: sink.file, record: sink.record, prefix: sink.path("\(key.rawValue)[\(i)]"))
            if let r = ObjectReader(doc, node: c, sink: s) { out.append(Checked<T>(r)) }
            i += 1
        }
        return out
    }

    /// A date written as a string or as an object.
    mutating func date<K: RawRepresentable>(_ key: K) -> CheckedDate? where K.RawValue == String {
        guard let n = node(key) else { return nil }
        if doc.kinds[n] == .string { return CheckedDate(value: RawDate(date: doc.string(n)), unknownKeys: []) }
        let s = FieldSink(diagnostics: sink.diagnostics, file: sink.file, record: sink.record, prefix: sink.path(key.rawValue))
        guard doc.kinds[n] == .object, let r = ObjectReader(doc, node: n, sink: s) else {
            sink.wrongType(sink.path(key.rawValue), expected: "a date string or a date object", found: doc.kinds[n])
            return nil
        }
        let c = Checked<RawDate>(r)
        return CheckedDate(value: c.value, unknownKeys: c.unknownKeys)
    }

    /// Keys no `node(_:)` call asked for.
    var unreadKeys: [String] {
        keys.indices.compactMap { i in
            let read = i < 64 ? readMask & (1 << UInt64(i)) != 0 : readBeyond[i - 64]
            return read ? nil : doc.string(Int(keys[i]))
        }.sorted()
    }
}
