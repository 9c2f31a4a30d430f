import FoundationEssentials
import TiesHTTP

/// A JSON encoder whose output is deterministic and readable: object keys come out in the order
/// `encode(to:)` writes them (declaration order for synthesized conformances, so `id` comes first),
/// and a `nil` optional is written as `null` instead of being dropped — the contract promises every
/// key on every record, so spreadsheets and typed clients see the same columns each time.
///
/// Foundation's `JSONEncoder` orders keys by hash (or alphabetically with `.sortedKeys`) and omits
/// nil optionals, so neither promise could be kept with it. Output is compact UTF-8 with `/` unescaped.
public struct OrderedJSONEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try encodeNode(value).write(to: &out)
        return out
    }

    /// Encodes into an intermediate tree, for callers that splice records into larger documents.
    func encodeNode(_ value: some Encodable) throws -> JSONNode {
        let box = NodeBox()
        try value.encode(to: TreeEncoder(box: box, codingPath: []))
        return box.resolved()
    }
}

/// The encoded form of a value, before serialisation.
indirect enum JSONNode {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSONNode.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONNode.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        JSONText.append(s, to: &out)
    }
}

// MARK: - Encoder plumbing

/// Where a container deposits what it encoded; containers hold a reference so nested containers
/// can be filled after they are handed out, as the `Encoder` protocol requires.
private final class NodeBox {
    var node: JSONNode?
    var pairs: [(String, NodeBox)]?
    var items: [NodeBox]?

    func resolved() -> JSONNode {
        if let pairs { return .object(pairs.map { ($0.0, $0.1.resolved()) }) }
        if let items { return .array(items.map { $0.resolved() }) }
        return node ?? .null
    }
}

private struct TreeEncoder: Encoder {
    let box: NodeBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.pairs == nil { box.pairs = [] }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.items == nil { box.items = [] }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(box: box, codingPath: codingPath)
    }
}

/// Encodes a value into a fresh box; primitives short-circuit so they never allocate an encoder.
private func encodeValue(_ value: some Encodable, codingPath: [any CodingKey]) throws -> NodeBox {
    let child = NodeBox()
    if let primitive = primitiveNode(value) {
        child.node = primitive
    } else {
        try value.encode(to: TreeEncoder(box: child, codingPath: codingPath))
        if child.pairs != nil || child.items != nil { child.node = child.resolved(); child.pairs = nil; child.items = nil }
    }
    return child
}

private func primitiveNode(_ value: Any) -> JSONNode? {
    switch value {
    case let s as String: return .string(s)
    case let b as Bool: return .bool(b)
    case let i as Int: return .number(String(i))
    case let i as Int64: return .number(String(i))
    case let i as UInt64: return .number(String(i))
    case let i as Int32: return .number(String(i))
    case let u as UInt: return .number(String(u))
    case let d as Double: return numberNode(d)
    case let f as Float: return numberNode(Double(f))
    case let d as Decimal: return .number("\(d)")
    case let u as URL: return .string(u.absoluteString)
    default: return nil
    }
}

private func numberNode(_ d: Double) -> JSONNode {
    guard d.isFinite else { return .null }
    if d == d.rounded(), abs(d) < 1e15 { return .number(String(Int64(d))) }
    return .number("\(d)")
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: NodeBox
    let codingPath: [any CodingKey]

    private func put(_ key: Key, _ node: JSONNode) {
        let child = NodeBox()
        child.node = node
        put(key, box: child)
    }

    private func put(_ key: Key, box child: NodeBox) {
        if let i = box.pairs!.firstIndex(where: { $0.0 == key.stringValue }) {
            box.pairs![i].1 = child
        } else {
            box.pairs!.append((key.stringValue, child))
        }
    }

    mutating func encodeNil(forKey key: Key) throws { put(key, .null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(key, box: try encodeValue(value, codingPath: codingPath + [key]))
    }
    // Absent optionals become `null`: every record shows every key.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { put(key, .null) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        put(key, value.map { .string($0) } ?? .null)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        put(key, value.map { .number(String($0)) } ?? .null)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        put(key, value.map { .bool($0) } ?? .null)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        put(key, value.map(numberNode) ?? .null)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = NodeBox()
        child.pairs = []
        put(key, box: child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = NodeBox()
        child.items = []
        put(key, box: child)
        return UnkeyedContainer(box: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = NodeBox()
        put(key, box: child)
        return TreeEncoder(box: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: NodeBox
    let codingPath: [any CodingKey]
    var count: Int { box.items!.count }

    private struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { String(intValue ?? 0) }
        init(_ i: Int) { intValue = i }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    mutating func encodeNil() throws {
        let child = NodeBox()
        child.node = .null
        box.items!.append(child)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.items!.append(try encodeValue(value, codingPath: codingPath + [Index(count)]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = NodeBox()
        child.pairs = []
        box.items!.append(child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [Index(count)]))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = NodeBox()
        child.items = []
        box.items!.append(child)
        return UnkeyedContainer(box: child, codingPath: codingPath + [Index(count)])
    }
    mutating func superEncoder() -> any Encoder {
        let child = NodeBox()
        box.items!.append(child)
        return TreeEncoder(box: child, codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: NodeBox
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.node = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = try encodeValue(value, codingPath: codingPath)
        box.node = child.node
        box.pairs = child.pairs
        box.items = child.items
    }
}

/// A JSON string literal written straight into bytes; the one escaper for the encoder, the envelopes and the
/// executable's log lines.
public enum JSONText {
    /// RFC 8259 §7: quote, backslash and control characters are escaped; everything else is UTF-8 as is.
    /// Most strings (ids, titles, paths) need no escape: they are checked on their contiguous bytes and copied
    /// in one go, which the access log and the envelopes do for every request.
    public static func append(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        s.withUTF8Bytes { bytes in
            if isPlain(bytes) {
                out.append(contentsOf: bytes)
                return
            }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { t in
                for byte in bytes { out.append(contentsOf: UnsafeBufferPointer(start: t.baseAddress, count: escape(byte, into: t.baseAddress!))) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The most bytes `write` can make of `s`: its quotes, and six for every byte (`\u00XX`).
    public static func maxWrittenCount(_ s: String) -> Int { 2 + 6 * s.utf8.count }

    /// Writes `s` as a JSON string at `p`, which has room for `maxWrittenCount(s)` bytes; returns how many it
    /// wrote. For lines assembled in memory sized beforehand (the access log), with no check per append.
    public static func write(_ s: String, to p: UnsafeMutablePointer<UInt8>) -> Int {
        return s.withUTF8Bytes { bytes in
            p[0] = UInt8(ascii: "\"")
            var n = 1
            if isPlain(bytes) {
                if let base = bytes.baseAddress { (p + 1).update(from: base, count: bytes.count) }
                n += bytes.count
            } else {
                for byte in bytes { n += escape(byte, into: p + n) }
            }
            p[n] = UInt8(ascii: "\"")
            return n + 1
        }
    }

    /// No byte needs an escape. Eight bytes at a time (SWAR: `hasless`/`haszero` from "Bit Twiddling Hacks",
    /// exact about whether some byte matches): the access log and every envelope pass their strings here.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        var i = 0
        while i + 8 <= bytes.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let control = (w &- ones &* 0x20) & ~w & highs != 0  // some byte below 0x20
            if control || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C)) { return false }
            i += 8
        }
        while i < bytes.count {
            let byte = base[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            i += 1
        }
        return true
    }

    /// Writes `byte` as it stands in a JSON string (1, 2 or 6 bytes at `p`); returns the count.
    private static func escape(_ byte: UInt8, into p: UnsafeMutablePointer<UInt8>) -> Int {
        func pair(_ second: UInt8) -> Int { p[0] = 0x5C; p[1] = second; return 2 }
        switch byte {
        case UInt8(ascii: "\""): return pair(0x22)
        case UInt8(ascii: "\\"): return pair(0x5C)
        case 0x0A: return pair(UInt8(ascii: "n"))
        case 0x0D: return pair(UInt8(ascii: "r"))
        case 0x09: return pair(UInt8(ascii: "t"))
        case 0x00..<0x20:
            let hex: StaticString = "0123456789abcdef"
            p[0] = 0x5C; p[1] = UInt8(ascii: "u"); p[2] = 0x30; p[3] = 0x30
            p[4] = hex.utf8Start[Int(byte >> 4)]
            p[5] = hex.utf8Start[Int(byte & 0xF)]
            return 6
        default:
            p[0] = byte
            return 1
        }
    }
}
