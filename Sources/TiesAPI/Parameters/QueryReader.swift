/// One invalid query parameter, reported in the problem document's `errors` list.
public struct ParameterError: Error, Equatable, Sendable, Encodable {
    public var parameter: String
    public var message: String
    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }
}

/// Reads a request's query parameters against what an endpoint accepts. Every problem is collected
/// (unknown names, repeats of single-valued names, bad values) so one 400 names them all; nothing
/// unknown is silently ignored, because a misspelt filter that is ignored returns wrong data quietly.
struct QueryReader {
    private let items: [(name: String, value: String)]
    private var read: Set<String> = []
    private(set) var errors: [ParameterError] = []

    init(_ items: [(name: String, value: String)]) {
        self.items = items
    }

    /// Names the endpoint accepts but reads conditionally (e.g. `format`, handled before the query).
    mutating func accept(_ names: String...) {
        read.formUnion(names)
    }

    mutating func fail(_ parameter: String, _ message: String) {
        errors.append(ParameterError(parameter: parameter, message: message))
    }

    /// Every value given for `name`, in order (`topic=a&topic=b`), empty values refused.
    mutating func values(_ name: String) -> [String] {
        read.insert(name)
        let found = items.filter { $0.name == name }.map(\.value)
        if found.contains(where: { $0.isEmpty }) {
            fail(name, "must not be empty")
            return found.filter { !$0.isEmpty }
        }
        return found
    }

    /// The single value of `name`; given twice is an error rather than a silent pick of one.
    mutating func single(_ name: String) -> String? {
        let found = values(name)
        if found.count > 1 {
            fail(name, "may be given only once")
            return nil
        }
        return found.first
    }

    /// Parses the single value of `name`; `parse` returns nil or throws a message for a bad value.
    mutating func parsed<T>(_ name: String, expected: String, _ parse: (String) -> T?) -> T? {
        guard let raw = single(name) else { return nil }
        guard let value = parse(raw) else {
            fail(name, "must be \(expected), got \"\(Self.clip(raw))\"")
            return nil
        }
        return value
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        parsed(name, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)") { raw in
            Int(raw).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    mutating func oneOf(_ name: String, _ allowed: [String]) -> String? {
        parsed(name, expected: "one of \(allowed.joined(separator: ", "))") { allowed.contains($0) ? $0 : nil }
    }

    /// Call last: reports every parameter the endpoint does not know.
    mutating func finish() -> [ParameterError] {
        var reported: Set<String> = []
        for item in items where !read.contains(item.name) && reported.insert(item.name).inserted {
            fail(item.name, "is not a parameter of this endpoint")
        }
        return errors
    }

    /// Echoed values are clipped so a huge bad parameter does not make a huge error.
    static func clip(_ s: String) -> String {
        s.count > 64 ? String(s.prefix(64)) + "…" : s
    }
}
