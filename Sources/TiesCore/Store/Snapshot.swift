import FoundationEssentials

/// One loaded dataset: every record, the indexes built over them, and the dataset's version. Immutable;
/// share it freely between threads. (The server holds the current one in `TiesAPI.ServingState`, which swaps
/// in a reloaded one whole.)
public final class Snapshot: Sendable {
    public struct Counts: Sendable, Hashable, Encodable {
        public let sources: Int
        public let events: Int
        public let leaders: Int
        public let partnershipLevels: Int
        public let topics: Int
        public let countries: Int
        public let citations: Int
        public let mentions: Int

        enum CodingKeys: String, CodingKey { case sources, events, leaders, partnershipLevels, topics, countries, citations, mentions }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(sources, forKey: .sources)
            try c.encode(events, forKey: .events)
            try c.encode(leaders, forKey: .leaders)
            try c.encode(partnershipLevels, forKey: .partnershipLevels)
            try c.encode(topics, forKey: .topics)
            try c.encode(countries, forKey: .countries)
            try c.encode(citations, forKey: .citations)
            try c.encode(mentions, forKey: .mentions)
        }
    }

    public let info: DatasetInfo
    /// The dataset version: the first 16 hex digits of `contentHash`. Same files, same version, on any machine.
    public let version: String
    /// SHA-256 over the dataset's files (see docs/dataset.md, "Version").
    public let contentHash: String
    public let loadedAt: Date
    /// The directory the dataset was read from.
    public let directory: String
    public let counts: Counts

    /// Oldest first: by first day, then last day of `date`, then id.
    public let events: [Event]
    /// By id.
    public let leaders: [Leader]
    /// By rank, lowest first.
    public let partnershipLevels: [PartnershipLevel]
    /// Oldest publication first, then id.
    public let sources: [Source]
    /// In the editors' order (topics.json).
    public let topics: [Topic]
    /// In the editors' order (countries.json).
    public let countries: [Country]
    /// Events and partnership-level changes merged by date, oldest first.
    public let timelineEntries: [TimelineEntry]
    /// What each published version changed, and the retired ids (changelog.json, retired.json).
    public let history: History

    let citationsBySource: [[SourceCitation]]
    let eventSearch: TextIndex
    let sourceSearch: TextIndex

    let eventPosition: [String: Int]
    let leaderPosition: [String: Int]
    let levelPosition: [String: Int]
    let sourcePosition: [String: Int]
    let topicPosition: [String: Int]
    let countryPosition: [String: Int]

    /// Event positions (indexes into `events`, ascending) per leader, country, topic, type and source.
    let eventsByLeader: [String: [Int32]]
    let eventsByCountry: [String: [Int32]]
    let eventsByTopic: [String: [Int32]]
    let eventsByType: [String: [Int32]]
    let eventsBySource: [String: [Int32]]
    /// `events[i].firstDay`, ascending, for binary search.
    let eventFirstDays: [Int32]
    /// The longest event, first day to last day, so a date-range search knows how far back to look.
    let maxEventSpan: Int
    /// Folded name and aliases of each leader (joined by U+001F), and folded office titles.
    let leaderNameKeys: [[UInt8]]
    let leaderOfficeKeys: [[[UInt8]]]
    /// Folded publisher name and wire services of each source.
    let sourcePublisherKeys: [[[UInt8]]]

    init(model: DatasetModel, version contentHash: String, loadedAt: Date, directory: String) {
        info = model.info
        self.contentHash = contentHash
        version = String(contentHash.prefix(16))
        self.loadedAt = loadedAt
        self.directory = directory
        events = model.events
        leaders = model.leaders
        partnershipLevels = model.levels
        sources = model.sources
        topics = model.topics
        countries = model.countries
        history = model.history
        citationsBySource = model.citationsBySource
        eventSearch = model.eventSearch
        sourceSearch = model.sourceSearch
        counts = Counts(sources: model.sources.count, events: model.events.count, leaders: model.leaders.count,
                        partnershipLevels: model.levels.count, topics: model.topics.count,
                        countries: model.countries.count, citations: model.citationCount, mentions: model.mentionCount)

        // The indexes over events are half the work and need nothing else, so at scale they are built on
        // another thread while this one builds the rest (the other core is idle by now).
        let overEvents: EventIndexes
        let job = model.eventIndexes == nil && model.events.count >= DatasetLoader.eventsWorthASecondThread
            ? Background { [events = model.events, levels = model.levels] in EventIndexes(events: events, levels: levels) } : nil
        leaderPosition = Self.positions(model.leaders.map(\.id))
        levelPosition = Self.positions(model.levels.map(\.id))
        sourcePosition = Self.positions(model.sources.map(\.id))
        topicPosition = Self.positions(model.topics.map(\.id))
        countryPosition = Self.positions(model.countries.map(\.code))
        leaderNameKeys = model.leaders.map { Folding.fold(([$0.name] + $0.aliases).joined(separator: "\u{1F}")) }
        leaderOfficeKeys = model.leaders.map { $0.offices.map { Folding.fold($0.title) } }
        sourcePublisherKeys = model.sources.map { s in ((s.publisher.map { [$0.name] } ?? []) + s.wireServices).map(Folding.fold) }
        overEvents = model.eventIndexes ?? job?.wait() ?? EventIndexes(events: model.events, levels: model.levels)
        eventPosition = overEvents.position
        eventsByLeader = overEvents.byLeader
        eventsByCountry = overEvents.byCountry
        eventsByTopic = overEvents.byTopic
        eventsByType = overEvents.byType
        eventsBySource = overEvents.bySource
        eventFirstDays = overEvents.firstDays
        maxEventSpan = overEvents.maxSpan
        timelineEntries = overEvents.timeline
    }

    /// Positions by key, the first of equal keys winning. From the keys alone: enumerating the records
    /// copied each one whole.
    static func positions(_ keys: [String]) -> [String: Int] {
        var out = [String: Int](minimumCapacity: keys.count)
        for (i, key) in keys.enumerated() where out[key] == nil { out[key] = i }
        return out
    }

    /// Everything indexed over the events: positions by id, by leader, country, topic, type and source, the
    /// first days for date search, and the timeline with each level change after the event that reached it.
    struct EventIndexes: Sendable {
        var position: [String: Int]
        var byLeader: [String: [Int32]] = [:], byCountry: [String: [Int32]] = [:], byTopic: [String: [Int32]] = [:]
        var byType: [String: [Int32]] = [:], bySource: [String: [Int32]] = [:]
        var firstDays: [Int32] = []
        var maxSpan = 0
        var timeline: [TimelineEntry] = []

        init(events: [Event], levels: [PartnershipLevel]) {
            position = Snapshot.positions(events.map(\.id))
            firstDays.reserveCapacity(events.count)
            // Through a buffer, field by field: binding `events[i]` to a local copied the whole event (some 20
            // references retained and released) 50,000 times at 1,000×.
            events.withUnsafeBufferPointer { events in
                for i in events.indices {
                    let p = Int32(i)
                    // Each leader once per event: an event lists a handful of participants, so looking back
                    // over the earlier ones costs less than a set made per event.
                    let participants = events[i].participants
                    for j in participants.indices {
                        guard let l = participants[j].leaderId, !participants[..<j].contains(where: { $0.leaderId == l }) else { continue }
                        byLeader[l, default: []].append(p)
                    }
                    for c in events[i].countries { byCountry[c, default: []].append(p) }
                    for t in events[i].topics { byTopic[t, default: []].append(p) }
                    byType[events[i].type, default: []].append(p)
                    for s in events[i].sourceIds { bySource[s, default: []].append(p) }
                    let first = events[i].firstDay
                    firstDays.append(Int32(first))
                    maxSpan = max(maxSpan, events[i].lastDay - first)
                }
            }
            // Events are already in date order; each level change goes right after the event that reached it.
            var levelsAfter: [Int: [PartnershipLevel]] = [:]
            for level in levels {
                if let p = position[level.eventId] { levelsAfter[p, default: []].append(level) }
            }
            timeline.reserveCapacity(events.count + levels.count)
            for i in events.indices {
                timeline.append(TimelineEntry(event: events[i]))
                for level in levelsAfter[i] ?? [] { timeline.append(TimelineEntry(level: level, event: events[i])) }
            }
        }
    }

    // MARK: - Lookups by id

    /// A record's index in its list (`events`, `leaders`, …), by id; for a country, its code exactly as listed.
    public func position(of kind: RecordKind, id: String) -> Int? {
        switch kind {
        case .event: eventPosition[id]
        case .leader: leaderPosition[id]
        case .partnershipLevel: levelPosition[id]
        case .source: sourcePosition[id]
        case .topic: topicPosition[id]
        case .country: countryPosition[id]
        }
    }

    public func event(id: String) -> Event? { eventPosition[id].map { events[$0] } }
    public func leader(id: String) -> Leader? { leaderPosition[id].map { leaders[$0] } }
    public func partnershipLevel(id: String) -> PartnershipLevel? { levelPosition[id].map { partnershipLevels[$0] } }
    public func source(id: String) -> Source? { sourcePosition[id].map { sources[$0] } }
    public func topic(id: String) -> Topic? { topicPosition[id].map { topics[$0] } }
    /// Case-insensitive: `my` finds Malaysia.
    public func country(code: String) -> Country? { countryPosition[code.uppercased()].map { countries[$0] } }

    /// The cleaned text of a source, which every offset indexes into.
    public func sourceText(id: String) -> String? { source(id: id)?.text }

    /// Every citation into a source, by offset: which record cites which passage.
    public func citations(intoSource id: String) -> [SourceCitation]? {
        sourcePosition[id].map { citationsBySource[$0] }
    }

    /// Events of one leader, oldest first.
    public func events(ofLeader id: String) -> [Event] { (eventsByLeader[id] ?? []).map { events[Int($0)] } }
    /// Events on one topic, oldest first.
    public func events(ofTopic id: String) -> [Event] { (eventsByTopic[id] ?? []).map { events[Int($0)] } }
    /// Events involving one country, oldest first.
    public func events(ofCountry code: String) -> [Event] { (eventsByCountry[code.uppercased()] ?? []).map { events[Int($0)] } }
    /// Sources that mention a leader, a country or a partnership level, with the mentions.
    public func mentions(of id: String) -> [Mentions] {
        if let l = leader(id: id) { return l.mentions }
        if let c = country(code: id), id.count == 2 { return c.mentions }
        if let p = partnershipLevel(id: id) { return p.mentions }
        return []
    }
}
