/// One row of the timeline: an event, or the partnership level an event reached.
public struct TimelineEntry: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Encodable {
        case event
        case partnershipLevel = "partnership-level"
    }

    public let kind: Kind
    /// The event's id, or the level's id.
    public let id: String
    public let date: PartialDate
    public let endDate: PartialDate?
    public let title: String
    /// The event type; `partnership-level` rows carry the type of the event that reached the level.
    public let type: String
    public let status: Event.Status
    /// For an event, itself; for a level change, the event that reached it.
    public let eventId: String
    public let partnershipLevelId: String?
    /// The level's rank, for level changes.
    public let rank: Int?

    init(event e: Event) {
        kind = .event
        id = e.id
        date = e.date
        endDate = e.endDate
        title = e.title
        type = e.type
        status = e.status
        eventId = e.id
        partnershipLevelId = e.partnershipLevelId
        rank = nil
    }

    init(level: PartnershipLevel, event e: Event) {
        kind = .partnershipLevel
        id = level.id
        date = level.reached
        endDate = nil
        title = level.name
        type = e.type
        status = e.status
        eventId = e.id
        partnershipLevelId = level.id
        rank = level.rank
    }

    enum CodingKeys: String, CodingKey { case kind, id, date, endDate, title, type, status, eventId, partnershipLevelId, rank }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(date, forKey: .date)
        try c.encode(endDate, forKey: .endDate)
        try c.encode(title, forKey: .title)
        try c.encode(type, forKey: .type)
        try c.encode(status, forKey: .status)
        try c.encode(eventId, forKey: .eventId)
        try c.encode(partnershipLevelId, forKey: .partnershipLevelId)
        try c.encode(rank, forKey: .rank)
    }
}

/// Timeline rows of one year (the year of each row's start date).
public struct TimelineYear: Sendable, Hashable, Encodable {
    public let year: Int
    public let entries: [TimelineEntry]

    enum CodingKeys: String, CodingKey { case year, entries }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(entries, forKey: .entries)
    }
}

extension Snapshot {
    /// Events and level changes whose period overlaps `from`…`to` (whole periods), oldest first, grouped
    /// by year.
    public func timeline(from: PartialDate? = nil, to: PartialDate? = nil) throws(QueryError) -> [TimelineYear] {
        if let from, let to, from.firstDay > to.lastDay {
            throw QueryError(ParameterError(parameter: "to", value: to.iso, message: "is before from (\(from.iso))"))
        }
        let a = from?.firstDay ?? Int.min, b = to?.lastDay ?? Int.max
        var years: [TimelineYear] = []
        var current: (year: Int, entries: [TimelineEntry])?
        // Rows are in date order: start where an event starting `maxEventSpan` days before `a` would be.
        let earliest = a == Int.min ? Int.min : a - maxEventSpan
        let lo = partitionPoint(0..<timelineEntries.count) { timelineEntries[$0].date.firstDay < earliest }
        for e in timelineEntries[lo...] {
            if e.date.firstDay > b { break }
            guard (e.endDate ?? e.date).lastDay >= a else { continue }
            if current?.year != e.date.year {
                if let c = current { years.append(TimelineYear(year: c.year, entries: c.entries)) }
                current = (e.date.year, [])
            }
            current?.entries.append(e)
        }
        if let c = current { years.append(TimelineYear(year: c.year, entries: c.entries)) }
        return years
    }
}
