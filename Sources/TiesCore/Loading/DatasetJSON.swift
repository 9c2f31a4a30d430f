import FoundationEssentials

/// The dataset's JSON files as ordered values, for tools that edit them (`ties draft --accept`): parsed with the
/// loader's own parser and written back in the files' hand-made layout, so an edit changes only the lines it
/// touches: records one field per line, flat objects (a citation, a date, a participant) and lists of plain
/// values on one line, lists of objects one element per line, two spaces per level.
public enum DatasetJSON {
    public indirect enum Value: Equatable, Sendable {
        case null
        case bool(Bool)
        /// The number as written, so a rewrite keeps `400000000` and `2.8` as they were.
        case number(String)
        case string(String)
        case array([Value])
        case object([(String, Value)])

        public static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.null, .null): true
            case let (.bool(x), .bool(y)): x == y
            case let (.number(x), .number(y)): x == y
            case let (.string(x), .string(y)): x == y
            case let (.array(x), .array(y)): x == y
            case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: false
            }
        }

        public subscript(key: String) -> Value? {
            guard case .object(let fields) = self else { return nil }
            return fields.first { $0.0 == key }?.1
        }

        public var string: String? { if case .string(let s) = self { s } else { nil } }
        public var array: [Value]? { if case .array(let a) = self { a } else { nil } }

        /// This object with `key` set (replaced in place, or appended).
        public func setting(_ key: String, _ value: Value) -> Value {
            guard case .object(var fields) = self else { return self }
            if let i = fields.firstIndex(where: { $0.0 == key }) { fields[i].1 = value } else { fields.append((key, value)) }
            return .object(fields)
        }
    }

    public struct ParseError: Error, CustomStringConvertible { public let description: String }

    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> Value {
        let doc: JSONDocument
        do { doc = try JSONDocument(bytes) } catch { throw ParseError(description: error.description) }
        func value(_ node: Int) -> Value {
            switch doc.kinds[node] {
            case .null: return .null
            case .bool: return .bool(doc.bool(node))
            case .number: return .number(String(decoding: doc.bytes[Int(doc.starts[node])..<Int(doc.ends[node])], as: UTF8.self))
            case .string: return .string(doc.string(node))
            case .array:
                var items: [Value] = []
                doc.forEachChild(node) { items.append(value($0)) }
                return .array(items)
            case .object:
                var fields: [(String, Value)] = []
                var key: String?
                doc.forEachChild(node) { c in
                    if let k = key { fields.append((k, value(c))); key = nil } else { key = doc.string(c) }
                }
                return .object(fields)
            }
        }
        return value(0)
    }

    public static func render(_ value: Value) -> String { write(value, depth: 0) + "\n" }

    /// Columns a field's line may take before a list of plain values is wrapped.
    static let width = 200

    static func isFlat(_ v: Value) -> Bool {
        switch v {
        case .array(let items): return items.allSatisfy { if case .array = $0 { false } else if case .object = $0 { false } else { true } }
        case .object(let fields): return fields.allSatisfy { isFlat($0.1) }
        default: return true
        }
    }

    static func write(_ v: Value, depth: Int) -> String {
        let pad = String(repeating: "  ", count: depth + 1), close = String(repeating: "  ", count: depth)
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return quoted(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if isFlat(v) { return "[" + items.map { write($0, depth: depth) }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { pad + write($0, depth: depth + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            if isFlat(v) {
                return "{" + fields.map { quoted($0.0) + ": " + write($0.1, depth: depth) }.joined(separator: ", ") + "}"
            }
            return "{\n" + fields.map { field -> String in
                let line = pad + quoted(field.0) + ": " + write(field.1, depth: depth + 1)
                // A long list of plain values (ids, topics) is wrapped one per line, as editors write it.
                guard line.count > Self.width, case .array(let items) = field.1, isFlat(field.1) else { return line }
                return pad + quoted(field.0) + ": [\n" + items.map { pad + "  " + write($0, depth: depth + 2) }.joined(separator: ",\n") + "\n" + pad + "]"
            }.joined(separator: ",\n") + "\n" + close + "}"
        }
    }

    public static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{A0}": out += "\\u00a0"   // visible in review, as the shipped files write it
            default:
                if c.value < 0x20 { out += "\\u00" + String(c.value >> 4) + String(c.value & 15, radix: 16) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}
