@testable import TiesCore

/// A parsed JSON value for assertions, read with TiesCore's strict RFC 8259 parser (so a response that is
/// not strict JSON fails the test that reads it). Objects keep their keys in order; a duplicate key fails.
indirect enum JSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double, integral: Bool)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    struct ParseError: Error, CustomStringConvertible { let description: String }

    static func parse(_ bytes: [UInt8]) throws -> JSON {
        let document: JSONDocument
        do { document = try JSONDocument(bytes) } catch { throw ParseError(description: error.description) }
        return try JSON(document, 0)
    }

    private init(_ d: JSONDocument, _ node: Int) throws {
        switch d.kinds[node] {
        case .null: self = .null
        case .bool: self = .bool(d.bool(node))
        case .number: self = .number(d.number(node), integral: d.isIntegral(node))
        case .string: self = .string(d.string(node))
        case .array: self = .array(try d.children(node).map { try JSON(d, $0) })
        case .object:
            let c = d.children(node)
            var pairs: [(String, JSON)] = []
            for i in stride(from: 0, to: c.count, by: 2) {
                let key = d.string(c[i])
                guard !pairs.contains(where: { $0.0 == key }) else { throw ParseError(description: "duplicate key \(key)") }
                pairs.append((key, try JSON(d, c[i + 1])))
            }
            self = .object(pairs)
        }
    }

    subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    subscript(index: Int) -> JSON? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .number(let n, true) = self { Int(n) } else { nil } }
    var array: [JSON]? { if case .array(let a) = self { a } else { nil } }
    var keys: [String] { if case .object(let p) = self { p.map(\.0) } else { [] } }
    var isNull: Bool { self == .null }

    static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x, _), .number(let y, _)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)):
            x.count == y.count && x.allSatisfy { pair in y.contains { $0.0 == pair.0 && $0.1 == pair.1 } }
        default: false
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .number(let n, let integral): integral ? String(Int(n)) : String(n)
        case .string(let s): "\"\(s)\""
        case .array(let a): "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let p): "{" + p.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        }
    }
}
