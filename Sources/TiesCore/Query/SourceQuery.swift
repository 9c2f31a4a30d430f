import FoundationEssentials

/// Filters, order and page of `GET /sources`. Filters combine with AND.
public struct SourceQuery: Sendable, Hashable {
    /// Case-insensitive part of the publisher's name or of a credited wire service: `reuters`, `japan news`.
    public var publisher: String?
    /// Sources whose publication period overlaps `from`…`to` (whole periods, as for events).
    public var from: PartialDate?
    public var to: PartialDate?
    /// Words that must all occur in the title or text.
    public var q: TextQuery?
    public var sort: DateSort
    public var limit: Int
    public var cursor: String?

    public init(publisher: String? = nil, from: PartialDate? = nil, to: PartialDate? = nil, q: TextQuery? = nil,
                sort: DateSort = .descending, limit: Int = Limit.default, cursor: String? = nil) {
        self.publisher = publisher
        self.from = from
        self.to = to
        self.q = q
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
    }
}

extension Snapshot {
    /// Sources matching every filter, by publication date (then id).
    public func sources(_ query: SourceQuery) throws(QueryError) -> Page<Source> {
        var errors: [ParameterError] = []
        Limit.check(query.limit, into: &errors)
        if let from = query.from, let to = query.to, from.firstDay > to.lastDay {
            errors.append(ParameterError(parameter: "to", value: to.iso, message: "is before from (\(from.iso))"))
        }
        guard errors.isEmpty else { throw QueryError(errors) }
        var lists: [[Int32]] = []
        if let q = query.q {
            lists.append(sourceSearch.documents(q, fields: { self.sources[$0].searchFields }))
        }
        if query.publisher != nil || query.from != nil || query.to != nil {
            let a = query.from?.firstDay ?? Int.min, b = query.to?.lastDay ?? Int.max
            let publisher = query.publisher.map(Folding.fold)
            var list: [Int32] = []
            for i in sources.indices {
                if !sources[i].published.date.overlaps(firstDay: a, lastDay: b) { continue }
                if let publisher, !sourcePublisherKeys[i].contains(where: { ByteSearch.contains($0, publisher) }) { continue }
                list.append(Int32(i))
            }
            lists.append(list)
        }
        let pager = DatePager(tag: "so1", version: version, sort: query.sort, limit: query.limit)
        do {
            let r = try pager.page(matches: intersect(lists), count: sources.count, cursor: query.cursor) { i in
                let d = sources[i].published.date
                return DateKey(first: d.firstDay, last: d.lastDay, id: sources[i].id)
            }
            return Page(items: r.positions.map { sources[$0] }, total: r.total, limit: query.limit, nextCursor: r.next)
        } catch {
            throw QueryError(error)
        }
    }
}
