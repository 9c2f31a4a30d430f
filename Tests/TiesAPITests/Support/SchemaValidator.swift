import Foundation

/// A JSON Schema 2020-12 validator for the subset the OpenAPI document uses, enough to hold real responses to
/// it: `$ref` (local pointers into the document), `type` (a name or a list), `enum`, `const`, `properties`,
/// `required`, `additionalProperties`, `items`, `anyOf`, `oneOf`, `allOf`, `minimum`, `maximum`, `minLength`,
/// `minItems`, `pattern`. Annotations (`description`, `examples`, `default`, `format`, `title`) are skipped;
/// any other keyword is reported as an error, so the validator never silently ignores a constraint the
/// document starts using.
struct SchemaValidator {
    let document: JSON

    static let annotations: Set = ["description", "examples", "default", "format", "title"]

    /// Every violation, as `path: message`; empty when `instance` is valid.
    func errors(_ instance: JSON, _ schema: JSON, at path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else {
            if schema == .bool(true) { return [] }
            return schema == .bool(false) ? ["\(path): no value is allowed"] : ["\(path): schema is not an object"]
        }
        var out: [String] = []
        for (keyword, value) in keywords {
            switch keyword {
            case "$ref":
                guard let pointer = value.string, let target = resolve(pointer) else { out.append("\(path): unresolvable $ref \(value)"); continue }
                out += errors(instance, target, at: path)
            case "type":
                let names = value.array?.compactMap(\.string) ?? value.string.map { [$0] } ?? []
                if !names.contains(where: { Self.has(instance, type: $0) }) { out.append("\(path): \(Self.short(instance)) is not of type \(names.joined(separator: "|"))") }
            case "enum":
                if !(value.array ?? []).contains(instance) { out.append("\(path): \(Self.short(instance)) is not one of \(value)") }
            case "const":
                if instance != value { out.append("\(path): \(Self.short(instance)) is not \(value)") }
            case "properties":
                guard case .object(let given) = instance, case .object(let properties) = value else { continue }
                for (name, sub) in properties {
                    if let v = given.first(where: { $0.0 == name })?.1 { out += errors(v, sub, at: "\(path).\(name)") }
                }
            case "required":
                guard case .object(let given) = instance else { continue }
                for name in value.array?.compactMap(\.string) ?? [] where !given.contains(where: { $0.0 == name }) {
                    out.append("\(path): required key '\(name)' is missing")
                }
            case "additionalProperties":
                guard case .object(let given) = instance else { continue }
                let declared = Set(schema["properties"]?.keys ?? [])
                for (name, v) in given where !declared.contains(name) {
                    if value == .bool(false) { out.append("\(path): key '\(name)' is not in the schema") }
                    else { out += errors(v, value, at: "\(path).\(name)") }
                }
            case "items":
                guard case .array(let items) = instance else { continue }
                for (i, item) in items.enumerated() { out += errors(item, value, at: "\(path)[\(i)]") }
            case "anyOf", "oneOf":
                let passing = (value.array ?? []).filter { errors(instance, $0, at: path).isEmpty }.count
                if passing == 0 || (keyword == "oneOf" && passing > 1) {
                    out.append("\(path): \(Self.short(instance)) matches \(passing) of the \(keyword) schemas")
                }
            case "allOf":
                for sub in value.array ?? [] { out += errors(instance, sub, at: path) }
            case "minimum":
                if case .number(let n, _) = instance, case .number(let m, _) = value, n < m { out.append("\(path): \(n) < minimum \(m)") }
            case "maximum":
                if case .number(let n, _) = instance, case .number(let m, _) = value, n > m { out.append("\(path): \(n) > maximum \(m)") }
            case "minLength":
                if case .string(let s) = instance, let m = value.int, s.unicodeScalars.count < m { out.append("\(path): shorter than \(m)") }
            case "minItems":
                if case .array(let a) = instance, let m = value.int, a.count < m { out.append("\(path): fewer than \(m) items") }
            case "pattern":
                guard case .string(let s) = instance, let p = value.string else { continue }
                guard let regex = try? NSRegularExpression(pattern: p) else { out.append("\(path): bad pattern \(p)"); continue }
                if regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil { out.append("\(path): '\(s.prefix(60))' does not match \(p)") }
            default:
                if !Self.annotations.contains(keyword) { out.append("\(path): unsupported keyword \(keyword)") }
            }
        }
        return out
    }

    /// A local JSON pointer (`#/components/schemas/Event`) into the document.
    func resolve(_ pointer: String) -> JSON? {
        guard pointer.hasPrefix("#/") else { return nil }
        var node: JSON? = document
        for raw in pointer.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[token]
        }
        return node
    }

    static func has(_ value: JSON, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .number(_, let integral)): integral
        default: false
        }
    }

    static func short(_ value: JSON) -> String {
        let s = value.description
        return s.count > 80 ? String(s.prefix(80)) + "…" : s
    }
}
