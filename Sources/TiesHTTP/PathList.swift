/// A short list of paths — exact (`/healthz`) or prefixes (`/static/*`) — checked on every request by the rate
/// limit and load shedding for their exemptions: one rule for both.
public struct PathList: Sendable, Equatable {
    let exact: [String]
    let prefixes: [String]
    /// Byte lengths of the exact paths: most request paths have none of them, and a length is free to read.
    let exactLengths: Set<Int>

    public init(_ patterns: [String]) {
        exact = patterns.filter { !$0.hasSuffix("*") }
        prefixes = patterns.filter { $0.hasSuffix("*") }.map { String($0.dropLast()) }
        exactLengths = Set(exact.map(\.utf8.count))
    }

    public func contains(_ path: String) -> Bool {
        (exactLengths.contains(path.utf8.count) && exact.contains(path))
            || (!prefixes.isEmpty && prefixes.contains { path.hasPrefix($0) })
    }
}
