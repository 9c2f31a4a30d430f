/// `GET /api/v1/changes`: the change log, newest version first, paged like every list.
public struct ChangeQuery: Sendable, Equatable {
    /// Only versions published after this one (a version id from the log).
    public var since: String?
    /// Only entries that change this record (by id), and only records of this kind: each entry trimmed to
    /// the changes that match. `kind` and `record` together are one record's own history.
    public var record: String?
    public var kind: RecordKind?
    public var limit: Int
    public var cursor: String?

    public init(since: String? = nil, record: String? = nil, kind: RecordKind? = nil, limit: Int = Limit.default, cursor: String? = nil) {
        self.since = since
        self.record = record
        self.kind = kind
        self.limit = limit
        self.cursor = cursor
    }

    public static let parameterNames: Set<String> = ["since", "record", "kind", "limit", "cursor"]

    public init(parameters: [(name: String, value: String)], extra: Set<String> = []) throws(QueryError) {
        var r = ParameterReader(parameters, known: Self.parameterNames, extra: extra)
        self.init()
        since = r.string("since")
        record = r.string("record")
        kind = r.parse("kind") { v throws(ParameterError) in
            guard let k = RecordKind(rawValue: v) else {
                throw ParameterError(parameter: "kind", value: v, message: "must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return k
        }
        limit = r.parse("limit") { v throws(ParameterError) in try Limit.parse(v, parameter: "limit") } ?? Limit.default
        cursor = r.string("cursor")
        try r.finish()
    }
}

extension Snapshot {
    public func changes(_ query: ChangeQuery) throws(QueryError) -> Page<ChangelogEntry> {
        var errors: [ParameterError] = []
        Limit.check(query.limit, into: &errors)
        let entries = history.entries
        var start = 0
        if let since = query.since {
            if let i = entries.firstIndex(where: { $0.version == since }) {
                start = i + 1
            } else {
                errors.append(ParameterError(parameter: "since", value: since, message: "no version '\(since)' in the change log"))
            }
        }
        var after: String?
        if let cursor = query.cursor {
            do { after = try Cursor.decode(cursor, tag: "ch1", count: 2, version: version)[1] } catch { errors.append(error) }
        }
        guard errors.isEmpty else { throw QueryError(errors) }

        // Newest first.
        var matching: [ChangelogEntry] = []
        for entry in entries[start...].reversed() {
            guard query.record != nil || query.kind != nil else { matching.append(entry); continue }
            let own = entry.changes.filter { c in (query.record.map { c.id == $0 } ?? true) && (query.kind.map { c.kind == $0 } ?? true) }
            if !own.isEmpty { matching.append(ChangelogEntry(version: entry.version, publishedAt: entry.publishedAt, reason: entry.reason, changes: own)) }
        }
        let from = after.map { a in (matching.firstIndex { $0.version == a }).map { $0 + 1 } ?? matching.count } ?? 0
        let end = min(matching.count, from + query.limit)
        let items = Array(matching[from..<end])
        let next = end < matching.count ? items.last.map { Cursor.encode(["ch1", $0.version], version: version) } : nil
        return Page(items: items, total: matching.count, limit: query.limit, nextCursor: next)
    }
}
