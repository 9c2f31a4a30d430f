/// Reads the query parameters of one request into a typed query, reporting every problem at once, each
/// naming its parameter: unknown names, repeats, and values that do not parse. The API layer may pass
/// names it handles itself (`format`) in `extra`.
struct ParameterReader {
    private var values: [String: String] = [:]
    private(set) var errors: [ParameterError] = []

    init(_ parameters: [(name: String, value: String)], known: Set<String>, extra: Set<String>) {
        for (name, value) in parameters {
            if extra.contains(name) { continue }
            guard known.contains(name) else {
                errors.append(ParameterError(parameter: name, value: value,
                                             message: "unknown parameter; this list takes: \(known.sorted().joined(separator: ", "))"))
                continue
            }
            guard values[name] == nil else {
                errors.append(ParameterError(parameter: name, value: value, message: "given more than once"))
                continue
            }
            values[name] = value
        }
    }

    mutating func string(_ name: String) -> String? {
        guard let v = values[name] else { return nil }
        guard !v.isEmpty else {
            errors.append(ParameterError(parameter: name, value: v, message: "must not be empty"))
            return nil
        }
        return v
    }

    mutating func parse<T>(_ name: String, _ parser: (String) throws(ParameterError) -> T) -> T? {
        guard let v = values[name] else { return nil }
        do { return try parser(v) } catch {
            errors.append(error)
            return nil
        }
    }

    mutating func require(_ name: String) {
        if values[name] == nil { errors.append(ParameterError(parameter: name, value: nil, message: "is required")) }
    }

    func finish() throws(QueryError) {
        if !errors.isEmpty { throw QueryError(errors) }
    }
}

extension EventQuery {
    public static let parameterNames: Set<String> = ["from", "to", "leader", "country", "topic", "type", "source", "q", "sort", "limit", "cursor"]

    /// An event query from URL query parameters (percent-decoded). Throws every problem at once.
    public init(parameters: [(name: String, value: String)], extra: Set<String> = []) throws(QueryError) {
        var r = ParameterReader(parameters, known: Self.parameterNames, extra: extra)
        self.init()
        from = r.parse("from") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "from") }
        to = r.parse("to") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "to") }
        leader = r.string("leader")
        country = r.string("country")
        topic = r.string("topic")
        type = r.string("type")
        source = r.string("source")
        q = r.parse("q") { v throws(ParameterError) in try TextQuery.parse(v, parameter: "q") }
        sort = r.parse("sort") { v throws(ParameterError) in try DateSort.parse(v, parameter: "sort") } ?? .descending
        limit = r.parse("limit") { v throws(ParameterError) in try Limit.parse(v, parameter: "limit") } ?? Limit.default
        cursor = r.string("cursor")
        try r.finish()
    }
}

extension LeaderQuery {
    public static let parameterNames: Set<String> = ["country", "office", "q", "asOf", "limit", "cursor"]

    public init(parameters: [(name: String, value: String)], extra: Set<String> = []) throws(QueryError) {
        var r = ParameterReader(parameters, known: Self.parameterNames, extra: extra)
        self.init()
        country = r.string("country")
        office = r.string("office")
        q = r.string("q")
        asOf = r.parse("asOf") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "asOf") }
        limit = r.parse("limit") { v throws(ParameterError) in try Limit.parse(v, parameter: "limit") } ?? Limit.default
        cursor = r.string("cursor")
        try r.finish()
    }
}

extension SourceQuery {
    public static let parameterNames: Set<String> = ["publisher", "from", "to", "q", "sort", "limit", "cursor"]

    public init(parameters: [(name: String, value: String)], extra: Set<String> = []) throws(QueryError) {
        var r = ParameterReader(parameters, known: Self.parameterNames, extra: extra)
        self.init()
        publisher = r.string("publisher")
        from = r.parse("from") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "from") }
        to = r.parse("to") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "to") }
        q = r.parse("q") { v throws(ParameterError) in try TextQuery.parse(v, parameter: "q") }
        sort = r.parse("sort") { v throws(ParameterError) in try DateSort.parse(v, parameter: "sort") } ?? .descending
        limit = r.parse("limit") { v throws(ParameterError) in try Limit.parse(v, parameter: "limit") } ?? Limit.default
        cursor = r.string("cursor")
        try r.finish()
    }
}

extension SearchQuery {
    public static let parameterNames: Set<String> = ["q", "type", "limit", "cursor"]

    /// `q` is required.
    public init(parameters: [(name: String, value: String)], extra: Set<String> = []) throws(QueryError) {
        var r = ParameterReader(parameters, known: Self.parameterNames, extra: extra)
        let q = r.parse("q") { v throws(ParameterError) in try TextQuery.parse(v, parameter: "q") }
        r.require("q")
        let kind = r.parse("type") { v throws(ParameterError) in try SearchHit.Kind.parse(v, parameter: "type") }
        let limit = r.parse("limit") { v throws(ParameterError) in try Limit.parse(v, parameter: "limit") } ?? Limit.default
        let cursor = r.string("cursor")
        try r.finish()
        guard let q else { throw QueryError(ParameterError(parameter: "q", value: nil, message: "is required")) }
        self.init(q: q, kind: kind, limit: limit, cursor: cursor)
    }
}

/// The `from`/`to` pair of `GET /timeline`, and `asOf` of `GET /partnership-levels/current`.
public enum DateParameters {
    public static func range(_ parameters: [(name: String, value: String)], extra: Set<String> = []) throws(QueryError) -> (from: PartialDate?, to: PartialDate?) {
        var r = ParameterReader(parameters, known: ["from", "to"], extra: extra)
        let from = r.parse("from") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "from") }
        let to = r.parse("to") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "to") }
        try r.finish()
        return (from, to)
    }

    public static func asOf(_ parameters: [(name: String, value: String)], extra: Set<String> = []) throws(QueryError) -> PartialDate? {
        var r = ParameterReader(parameters, known: ["asOf"], extra: extra)
        let asOf = r.parse("asOf") { v throws(ParameterError) in try PartialDate.parse(v, parameter: "asOf") }
        try r.finish()
        return asOf
    }
}
