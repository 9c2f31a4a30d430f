#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON text parsed into a flat tape of nodes (the simdjson idea): no tree of enums, no `String` until a
/// value is read. The loader reads ~60 MB of events at 1,000× scale; `JSONDecoder` with `Codable` spent
/// most of the load in generic decoding machinery, this spends it in one tight loop.
///
/// Strict RFC 8259: one value, UTF-8 validated, no comments, no trailing commas, no control characters in
/// strings, nesting at most 512 deep. Errors carry the line and column.
final class JSONDocument {
    enum Kind: UInt8 { case null, bool, number, string, array, object }

    struct ParseError: Error {
        let line: Int
        let column: Int
        let message: String
        var description: String { "line \(line), column \(column): \(message)" }
    }

    let bytes: [UInt8]
    // The tape, one entry per node in document order. Immutable once parsed (`let`, so reads need no
    // exclusivity checks).
    let kinds: [Kind]
    /// Byte offset where the node's token starts (the opening quote for strings).
    let starts: [Int32]
    /// Byte offset just past the token (closing quote, bracket).
    let ends: [Int32]
    /// Index of the node after this node's subtree.
    let nexts: [Int32]
    /// Containers: number of children (objects count keys and values); strings: 1 if escaped; bools: value.
    let flags: [Int32]

    static let maximumDepth = 512

    /// Strings read through `sharedString`, one `String` per distinct value. Mutable state in a class that
    /// one thread reads at a time (a document is parsed and read by the thread that loads its file).
    private var sharedTable = TermTable(capacity: 256)
    private var sharedValues: [String] = []

    init(_ bytes: [UInt8]) throws(ParseError) {
        self.bytes = bytes
        var parser = Parser(bytes: bytes)
        try bytes.withUnsafeBufferPointer { p throws(ParseError) in try parser.parseDocument(p) }
        kinds = parser.kinds
        starts = parser.starts
        ends = parser.ends
        nexts = parser.nexts
        flags = parser.flags
    }

    var count: Int { kinds.count }

    static func lineAndColumn(_ bytes: [UInt8], _ offset: Int) -> (Int, Int) {
        var line = 1, column = 1
        for i in 0..<min(offset, bytes.count) {
            if bytes[i] == 0x0A { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    // MARK: Reading values

    /// The string value of a string node, escapes resolved.
    func string(_ node: Int) -> String {
        let a = Int(starts[node]) + 1, b = Int(ends[node]) - 1
        if flags[node] == 0 { return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self) } }
        var out = [UInt8]()
        out.reserveCapacity(b - a)
        var i = a
        while i < b {
            let c = bytes[i]
            guard c == 0x5C else { out.append(c); i += 1; continue }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x75:
                var v = Self.hex4(bytes, i)
                i += 4
                if v >= 0xD800 && v < 0xDC00 {   // validated as a pair by the parser
                    let low = Self.hex4(bytes, i + 2)
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8)
            default: out.append(e)   // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The string value of a string node, the same `String` (one allocation) for every node written with
    /// the same bytes. For values that recur across records — vocabulary ids, references, roles — so that
    /// 100,000 participants holding one role hold one string, not 100,000 copies of it.
    func sharedString(_ node: Int) -> String {
        guard flags[node] == 0 else { return string(node) }
        let a = Int(starts[node]) + 1, b = Int(ends[node]) - 1
        let id = bytes.withUnsafeBufferPointer { sharedTable.intern(UnsafeBufferPointer(rebasing: $0[a..<b])) }
        if Int(id) == sharedValues.count { sharedValues.append(string(node)) }
        return sharedValues[Int(id)]
    }

    /// True when a string node's value equals `key`. Lengths first: a record's fields are looked up by
    /// name, and most names a lookup passes over differ from the one it wants in length.
    func stringEquals(_ node: Int, _ key: String) -> Bool {
        if flags[node] != 0 { return string(node) == key }
        let a = Int(starts[node]) + 1, n = Int(ends[node]) - 1 - a
        guard key.utf8.count == n else { return false }
        guard n > 0 else { return true }
        return key.utf8.withContiguousStorageIfAvailable { k in
            bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + a, k.baseAddress!, n) == 0 }
        } ?? key.utf8.elementsEqual(bytes[a..<a + n])
    }

    /// True when two nodes are written with the same bytes.
    func sameBytes(_ x: Int, _ y: Int) -> Bool {
        let a = Int(starts[x]), b = Int(ends[x]), c = Int(starts[y]), d = Int(ends[y])
        guard b - a == d - c else { return false }
        for k in 0..<(b - a) where bytes[a + k] != bytes[c + k] { return false }
        return true
    }

    func number(_ node: Int) -> Double {
        let a = Int(starts[node]), b = Int(ends[node])
        // Integers, by far the common case, without going through text.
        var n = 0.0
        var negative = false
        var i = a
        if bytes[i] == 0x2D { negative = true; i += 1 }
        var integral = true
        while i < b {
            let c = bytes[i]
            guard c >= 0x30 && c <= 0x39 else { integral = false; break }
            n = n * 10 + Double(c - 0x30)
            i += 1
        }
        if integral && b - a < 16 { return negative ? -n : n }
        return Double(String(decoding: bytes[a..<b], as: UTF8.self)) ?? .nan
    }

    /// True when a number node is written without fraction or exponent.
    func isIntegral(_ node: Int) -> Bool {
        let a = Int(starts[node]), b = Int(ends[node])
        for i in a..<b where bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45 { return false }
        return true
    }

    func bool(_ node: Int) -> Bool { flags[node] != 0 }

    /// Calls `body` with each child node of an array, or each alternating key and value node of an object.
    @inline(__always)
    func forEachChild(_ node: Int, _ body: (Int) -> Void) {
        var c = node + 1
        let end = Int(nexts[node])
        while c < end { body(c); c = Int(nexts[c]) }
    }

    /// In an object, the key node after `key` (past its value's subtree).
    @inline(__always)
    func nextKey(after key: Int) -> Int { Int(nexts[Int(nexts[key])]) }

    /// Child nodes of an array, or the alternating key and value nodes of an object.
    func children(_ node: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(Int(flags[node]))
        var c = node + 1
        let end = Int(nexts[node])
        while c < end { out.append(c); c = Int(nexts[c]) }
        return out
    }

    static func hex4(_ b: [UInt8], _ i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = b[i + k]
            let d: UInt32 = c <= 0x39 ? UInt32(c - 0x30) : UInt32((c | 0x20) - 0x61 + 10)
            v = v << 4 | d
        }
        return v
    }
}

private struct Parser {
    let bytes: [UInt8]
    var i = 0
    var depth = 0
    var kinds: [JSONDocument.Kind] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    var nexts: [Int32] = []
    var flags: [Int32] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let estimate = bytes.count / 12
        kinds.reserveCapacity(estimate)
        starts.reserveCapacity(estimate)
        ends.reserveCapacity(estimate)
        nexts.reserveCapacity(estimate)
        flags.reserveCapacity(estimate)
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONDocument.ParseError {
        let (l, c) = JSONDocument.lineAndColumn(bytes, offset ?? i)
        return JSONDocument.ParseError(line: l, column: c, message: message)
    }

    mutating func append(_ kind: JSONDocument.Kind, _ start: Int, _ end: Int, _ flag: Int32) -> Int {
        kinds.append(kind)
        starts.append(Int32(start))
        ends.append(Int32(end))
        nexts.append(Int32(kinds.count))   // a leaf's subtree ends right after it
        flags.append(flag)
        return kinds.count - 1
    }

    mutating func close(_ node: Int, end: Int, children: Int32) {
        ends[node] = Int32(end)
        flags[node] = children
        nexts[node] = Int32(kinds.count)
    }

    mutating func parseDocument(_ p: UnsafeBufferPointer<UInt8>) throws(JSONDocument.ParseError) {
        if p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }   // tolerate a BOM
        skipSpace(p)
        guard i < p.count else { throw fail("the file is empty") }
        try value(p)
        skipSpace(p)
        guard i == p.count else { throw fail("unexpected text after the JSON value") }
    }

    @inline(__always)
    mutating func skipSpace(_ p: UnsafeBufferPointer<UInt8>) {
        while i < p.count {
            let c = p[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    mutating func value(_ p: UnsafeBufferPointer<UInt8>) throws(JSONDocument.ParseError) {
        guard i < p.count else { throw fail("unexpected end of file") }
        switch p[i] {
        case 0x7B: try object(p)
        case 0x5B: try array(p)
        case 0x22: try string(p)
        case 0x74: try literal(p, "true", .bool, 1)
        case 0x66: try literal(p, "false", .bool, 0)
        case 0x6E: try literal(p, "null", .null, 0)
        case 0x2D, 0x30...0x39: try number(p)
        default: throw fail("unexpected character '\(Unicode.Scalar(p[i]))'")
        }
    }

    mutating func literal(_ p: UnsafeBufferPointer<UInt8>, _ word: StaticString, _ kind: JSONDocument.Kind, _ flag: Int32) throws(JSONDocument.ParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { throw fail("unexpected end of file") }
        let w = word.utf8Start
        for k in 0..<n where p[i + k] != w[k] { throw fail("unexpected word; expected \(word)") }
        _ = append(kind, i, i + n, flag)
        i += n
    }

    mutating func number(_ p: UnsafeBufferPointer<UInt8>) throws(JSONDocument.ParseError) {
        let start = i
        if p[i] == 0x2D { i += 1 }
        func digits(_ i: inout Int) -> Int {
            let s = i
            while i < p.count && p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
            return i - s
        }
        let intStart = i
        let n = digits(&i)
        guard n > 0 else { throw fail("a number needs digits", at: start) }
        if n > 1 && p[intStart] == 0x30 { throw fail("numbers do not start with 0", at: start) }
        if i < p.count && p[i] == 0x2E {
            i += 1
            guard digits(&i) > 0 else { throw fail("a decimal point needs digits after it") }
        }
        if i < p.count && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            if i < p.count && (p[i] == 0x2B || p[i] == 0x2D) { i += 1 }
            guard digits(&i) > 0 else { throw fail("an exponent needs digits") }
        }
        _ = append(.number, start, i, 0)
    }

    mutating func string(_ p: UnsafeBufferPointer<UInt8>) throws(JSONDocument.ParseError) {
        let start = i
        i += 1
        var escaped: Int32 = 0
        while true {
            guard i < p.count else { throw fail("a string is not closed", at: start) }
            let c = p[i]
            if c == 0x22 { break }
            if c == 0x5C {
                escaped = 1
                guard i + 1 < p.count else { throw fail("a string is not closed", at: start) }
                switch p[i + 1] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 2
                case 0x75:
                    let v = try hex(p, i + 2)
                    if v >= 0xDC00 && v < 0xE000 { throw fail("a \\u escape is a lone low surrogate") }
                    if v >= 0xD800 && v < 0xDC00 {
                        guard i + 11 < p.count, p[i + 6] == 0x5C, p[i + 7] == 0x75 else { throw fail("a \\u escape is a lone high surrogate") }
                        let low = try hex(p, i + 8)
                        guard low >= 0xDC00 && low < 0xE000 else { throw fail("a \\u escape is a lone high surrogate") }
                        i += 12
                    } else {
                        i += 6
                    }
                default: throw fail("unknown escape '\\\(Unicode.Scalar(p[i + 1]))'")
                }
                continue
            }
            if c < 0x20 { throw fail(c == 0x0A ? "a string runs past the end of the line (missing closing quote?)" : "a control character inside a string must be escaped") }
            if c < 0x80 { i += 1; continue }
            try utf8(p)
        }
        i += 1
        _ = append(.string, start, i, escaped)
    }

    func hex(_ p: UnsafeBufferPointer<UInt8>, _ at: Int) throws(JSONDocument.ParseError) -> UInt32 {
        guard at + 4 <= p.count else { throw fail("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = p[at + k] | 0x20
            let d: UInt32
            if c >= 0x30 && c <= 0x39 { d = UInt32(c - 0x30) } else if c >= 0x61 && c <= 0x66 { d = UInt32(c - 0x61 + 10) } else {
                throw fail("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
        }
        return v
    }

    /// Validates one multi-byte UTF-8 sequence at `i` (Unicode Table 3-7) and moves past it.
    mutating func utf8(_ p: UnsafeBufferPointer<UInt8>) throws(JSONDocument.ParseError) {
        let b0 = p[i]
        var n = 0
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: n = 1
        case 0xE0: n = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 2
        case 0xED: n = 2; hi = 0x9F
        case 0xF0: n = 3; lo = 0x90
        case 0xF1...0xF3: n = 3
        case 0xF4: n = 3; hi = 0x8F
        default: throw fail("the file is not valid UTF-8")
        }
        guard i + n < p.count else { throw fail("the file is not valid UTF-8") }
        guard p[i + 1] >= lo && p[i + 1] <= hi else { throw fail("the file is not valid UTF-8") }
        for k in 2...max(2, n) where k <= n {
            guard p[i + k] & 0xC0 == 0x80 else { throw fail("the file is not valid UTF-8") }
        }
        i += n + 1
    }

    mutating func array(_ p: UnsafeBufferPointer<UInt8>) throws(JSONDocument.ParseError) {
        depth += 1
        guard depth <= JSONDocument.maximumDepth else { throw fail("nested more than \(JSONDocument.maximumDepth) deep") }
        let node = append(.array, i, i, 0)
        i += 1
        skipSpace(p)
        var count: Int32 = 0
        if i < p.count && p[i] == 0x5D {
            i += 1
        } else {
            while true {
                try value(p)
                count += 1
                skipSpace(p)
                guard i < p.count else { throw fail("a list is not closed (missing ']')") }
                if p[i] == 0x2C {
                    i += 1
                    skipSpace(p)
                    if i < p.count && p[i] == 0x5D { throw fail("a comma before ']' (trailing comma)") }
                    continue
                }
                if p[i] == 0x5D { i += 1; break }
                throw fail("expected ',' or ']' in a list")
            }
        }
        close(node, end: i, children: count)
        depth -= 1
    }

    mutating func object(_ p: UnsafeBufferPointer<UInt8>) throws(JSONDocument.ParseError) {
        depth += 1
        guard depth <= JSONDocument.maximumDepth else { throw fail("nested more than \(JSONDocument.maximumDepth) deep") }
        let node = append(.object, i, i, 0)
        i += 1
        skipSpace(p)
        var count: Int32 = 0
        if i < p.count && p[i] == 0x7D {
            i += 1
        } else {
            while true {
                guard i < p.count else { throw fail("an object is not closed (missing '}')") }
                guard p[i] == 0x22 else {
                    throw fail(p[i] == 0x7D ? "a comma before '}' (trailing comma)" : "expected a field name in double quotes")
                }
                try string(p)
                skipSpace(p)
                guard i < p.count, p[i] == 0x3A else { throw fail("expected ':' after a field name") }
                i += 1
                skipSpace(p)
                try value(p)
                count += 2
                skipSpace(p)
                guard i < p.count else { throw fail("an object is not closed (missing '}')") }
                if p[i] == 0x2C { i += 1; skipSpace(p); continue }
                if p[i] == 0x7D { i += 1; break }
                throw fail("expected ',' or '}' in an object")
            }
        }
        close(node, end: i, children: count)
        depth -= 1
    }
}
