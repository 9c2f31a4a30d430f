/// Filters, order and page of `GET /events`. Every filter is optional; filters combine with AND.
public struct EventQuery: Sendable, Hashable {
    /// Events whose period overlaps the period from the start of `from`…
    public var from: PartialDate?
    /// …to the end of `to`. Partial dates are whole periods: `from=2023` includes an event dated `2023-12`,
    /// `from=2023-12-31` includes one dated `2023-12`.
    public var to: PartialDate?
    /// A leader id: events the leader takes part in.
    public var leader: String?
    /// An ISO 3166-1 alpha-2 code, any case.
    public var country: String?
    public var topic: String?
    /// An event type from dataset.json (`summit`, `agreement`, …).
    public var type: String?
    /// A source id: events citing the source anywhere.
    public var source: String?
    /// Words that must all occur in the event's title, summary, outcomes or location (see `TextQuery`).
    public var q: TextQuery?
    public var sort: DateSort
    public var limit: Int
    public var cursor: String?

    public init(from: PartialDate? = nil, to: PartialDate? = nil, leader: String? = nil, country: String? = nil,
                topic: String? = nil, type: String? = nil, source: String? = nil, q: TextQuery? = nil,
                sort: DateSort = .descending, limit: Int = Limit.default, cursor: String? = nil) {
        self.from = from
        self.to = to
        self.leader = leader
        self.country = country
        self.topic = topic
        self.type = type
        self.source = source
        self.q = q
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
    }
}

extension Snapshot {
    /// Events matching every filter, in `sort` order (date, then id as tiebreak), one page at a time.
    /// Throws when a value names nothing in the dataset (an unknown leader, topic, type, source or country),
    /// when `from` is after `to`, or when the cursor is not one this list made.
    public func events(_ query: EventQuery) throws(QueryError) -> Page<Event> {
        var errors: [ParameterError] = []
        var lists: [[Int32]] = []
        Limit.check(query.limit, into: &errors)
        func filter(_ value: String?, _ parameter: String, _ index: [String: [Int32]], known: Bool, what: String) {
            guard let value else { return }
            if !known {
                errors.append(ParameterError(parameter: parameter, value: value, message: "no \(what) '\(value)' in the dataset"))
                return
            }
            lists.append(index[value] ?? [])
        }
        filter(query.leader, "leader", eventsByLeader, known: query.leader.map { leaderPosition[$0] != nil } ?? true, what: "leader")
        let country = query.country?.uppercased()
        filter(country, "country", eventsByCountry, known: country.map { countryPosition[$0] != nil } ?? true, what: "country")
        filter(query.topic, "topic", eventsByTopic, known: query.topic.map { topicPosition[$0] != nil } ?? true, what: "topic")
        filter(query.type, "type", eventsByType, known: query.type.map { t in info.eventTypes.contains { $0.id == t } } ?? true, what: "event type")
        filter(query.source, "source", eventsBySource, known: query.source.map { sourcePosition[$0] != nil } ?? true, what: "source")
        if let from = query.from, let to = query.to, from.firstDay > to.lastDay {
            errors.append(ParameterError(parameter: "to", value: to.iso, message: "is before from (\(from.iso))"))
        }
        guard errors.isEmpty else { throw QueryError(errors) }
        if query.from != nil || query.to != nil {
            lists.append(eventPositions(overlappingFrom: query.from?.firstDay ?? Int.min, to: query.to?.lastDay ?? Int.max))
        }
        if let q = query.q {
            lists.append(eventSearch.documents(q, fields: { self.events[$0].searchFields }))
        }
        let pager = DatePager(tag: "ev1", version: version, sort: query.sort, limit: query.limit)
        do {
            let r = try pager.page(matches: intersect(lists), count: events.count, cursor: query.cursor) { i in
                let e = events[i]
                return DateKey(first: e.firstDay, last: e.date.lastDay, id: e.id)
            }
            return Page(items: r.positions.map { events[$0] }, total: r.total, limit: query.limit, nextCursor: r.next)
        } catch {
            throw QueryError(error)
        }
    }

    /// Positions of events whose whole period (date to endDate) overlaps the days `a...b`, ascending.
    func eventPositions(overlappingFrom a: Int, to b: Int) -> [Int32] {
        func lowerBound(_ day: Int) -> Int {
            partitionPoint(0..<eventFirstDays.count) { Int(eventFirstDays[$0]) < day }
        }
        // Events starting after b cannot overlap; events starting on or after a surely do if they start by b;
        // events starting before a overlap only if they last long enough, and none lasts more than maxEventSpan.
        let end = b == Int.max ? events.count : lowerBound(b &+ 1)
        let sure = a == Int.min ? 0 : lowerBound(a)
        let earliest = a == Int.min ? 0 : lowerBound(a - maxEventSpan)
        var out: [Int32] = []
        for i in earliest..<min(sure, end) where events[i].lastDay >= a { out.append(Int32(i)) }
        if sure < end { out.append(contentsOf: (sure..<end).map { Int32($0) }) }
        return out
    }
}
