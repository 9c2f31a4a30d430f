/// Literals for `JSONNode`, so the OpenAPI document reads like the JSON it becomes. A dictionary literal
/// keeps its keys in the order written (the document is meant to be read top to bottom).
extension JSONNode: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .number(String(value)) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONNode...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONNode)...) { self = .object(elements) }

    static func strings(_ list: [String]) -> JSONNode { .array(list.map { .string($0) }) }
    static func int(_ n: Int) -> JSONNode { .number(String(n)) }

    /// This object with `pairs` appended (replacing keys it already has, in place).
    func adding(_ pairs: [(String, JSONNode)]) -> JSONNode {
        guard case .object(var own) = self else { return self }
        for (key, value) in pairs {
            if let i = own.firstIndex(where: { $0.0 == key }) { own[i].1 = value } else { own.append((key, value)) }
        }
        return .object(own)
    }

    func adding(_ key: String, _ value: JSONNode) -> JSONNode { adding([(key, value)]) }

    subscript(key: String) -> JSONNode? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    var serialized: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }
}

/// JSON Schema 2020-12 (the dialect of OpenAPI 3.1) for the subset the document uses: `type` (a list where
/// null is allowed), `properties` + `required` + `additionalProperties: false` (every key of a Ties record
/// is always present, and no other), `items`, `enum`, `const`, `anyOf`, `$ref`, `minimum`/`maximum`,
/// `minLength`, `pattern`. Composition happens here in Swift (a detail record is its list record's
/// properties plus more), so the emitted schemas stay flat and need no `allOf`/`unevaluatedProperties`.
enum Schema {
    typealias Properties = [(String, JSONNode)]

    static func ref(_ name: String) -> JSONNode { ["$ref": .string("#/components/schemas/\(name)")] }

    static func string(_ description: String? = nil, pattern: String? = nil, format: String? = nil,
                       examples: [String] = []) -> JSONNode {
        var s: JSONNode = ["type": "string"]
        if let pattern { s = s.adding("pattern", .string(pattern)) }
        if let format { s = s.adding("format", .string(format)) }
        if let description { s = s.adding("description", .string(description)) }
        if !examples.isEmpty { s = s.adding("examples", .strings(examples)) }
        return s
    }

    static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> JSONNode {
        var s: JSONNode = ["type": "integer"]
        if let minimum { s = s.adding("minimum", .int(minimum)) }
        if let maximum { s = s.adding("maximum", .int(maximum)) }
        if let description { s = s.adding("description", .string(description)) }
        return s
    }

    static func number(_ description: String? = nil) -> JSONNode {
        var s: JSONNode = ["type": "number"]
        if let description { s = s.adding("description", .string(description)) }
        return s
    }

    static func boolean(_ description: String? = nil) -> JSONNode {
        var s: JSONNode = ["type": "boolean"]
        if let description { s = s.adding("description", .string(description)) }
        return s
    }

    static func oneOf(_ values: [String], _ description: String? = nil) -> JSONNode {
        var s: JSONNode = ["type": "string", "enum": .strings(values)]
        if let description { s = s.adding("description", .string(description)) }
        return s
    }

    static func constant(_ value: String, _ description: String? = nil) -> JSONNode {
        var s: JSONNode = ["type": "string", "const": .string(value)]
        if let description { s = s.adding("description", .string(description)) }
        return s
    }

    static func array(_ items: JSONNode, _ description: String? = nil) -> JSONNode {
        var s: JSONNode = ["type": "array", "items": items]
        if let description { s = s.adding("description", .string(description)) }
        return s
    }

    /// An object with exactly these keys, all required (Ties never omits a key: a missing value is null or []).
    static func object(_ description: String?, _ properties: Properties, optional: Set<String> = []) -> JSONNode {
        var s: JSONNode = ["type": "object"]
        if let description { s = s.adding("description", .string(description)) }
        return s.adding([
            ("properties", .object(properties)),
            ("required", .strings(properties.map(\.0).filter { !optional.contains($0) })),
            ("additionalProperties", false),
        ])
    }

    /// The schema, or null. A schema with a single `type` gets `null` added to it (and to its `enum`);
    /// a reference becomes `anyOf: [ref, {type: null}]`.
    static func nullable(_ schema: JSONNode, _ description: String? = nil) -> JSONNode {
        var s: JSONNode
        if case .string(let type)? = schema["type"] {
            s = schema.adding("type", [.string(type), "null"])
            if case .array(let values)? = schema["enum"] { s = s.adding("enum", .array(values + [.null])) }
            if let const = schema["const"] { s = s.adding([("enum", [const, .null])]).removing("const") }
        } else {
            s = ["anyOf": [schema, ["type": "null"]]]
        }
        if let description { s = s.adding("description", .string(description)) }
        return s
    }

    /// `schema` with a description (allowed beside `$ref` in OpenAPI 3.1).
    static func described(_ schema: JSONNode, _ description: String) -> JSONNode {
        schema.adding("description", .string(description))
    }
}

extension JSONNode {
    func removing(_ key: String) -> JSONNode {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.filter { $0.0 != key })
    }
}
