import TiesCore

/// The columns of each list's CSV, in the order of the record's JSON keys. A date becomes its printed ISO
/// form (`2023-12`) plus `…Precision` and `…Approximate` columns; nested lists are joined with `; `;
/// `apiUrl` links each row to its record in the API.
enum CSVTables {
    static func number(_ n: Int) -> String { String(n) }

    static func events(_ x: Export) -> CSVTable<Event> {
        var t = CSVTable<Event>()
        t.text("id") { $0.id }
        t.text("type") { $0.type }
        t.text("title") { $0.title }
        t.text("summary") { $0.summary }
        dates(&t, "date") { $0.date }
        t.text("dateQualifier") { $0.date.qualifier?.rawValue }
        t.text("dateNote") { $0.date.note }
        dates(&t, "endDate") { $0.endDate }
        t.text("status") { $0.status.rawValue }
        t.text("location") { $0.location?.name }
        t.text("locationDetail") { $0.location?.detail }
        t.text("locationCountry") { $0.location?.country }
        t.text("participants") { e in CSV.list(e.participants.map(participant)) }
        t.text("participantIds") { e in CSV.list(e.participants.compactMap(\.leaderId)) }
        t.text("countries") { CSV.list($0.countries) }
        t.text("topics") { CSV.list($0.topics) }
        t.text("outcomes") { e in CSV.list(e.outcomes.map(outcome)) }
        t.text("partnershipLevelId") { $0.partnershipLevelId }
        t.text("relatedEventIds") { CSV.list($0.relatedEventIds) }
        t.text("citations") { CSV.citations($0.citations) }
        t.text("sourceIds") { CSV.list($0.sourceIds) }
        t.number("corroboration") { number($0.corroboration) }
        t.text("apiUrl") { x.url(Paths.event($0.id)) }
        return t
    }

    /// `Anwar Ibrahim (Prime Minister of Malaysia, MY)`; a participant named only by role: `Foreign Minister of Japan (JP)`.
    static func participant(_ p: Event.Participant) -> String {
        if let name = p.name { return "\(name) (\(p.role), \(p.country))" }
        return "\(p.role) (\(p.country))"
    }

    /// `grant: A grant of 400 million yen … [400 million yen | $2.8 million]`.
    static func outcome(_ o: Event.Outcome) -> String {
        var s = "\(o.kind): \(o.description)"
        if !o.amounts.isEmpty { s += " [" + o.amounts.map(\.asPrinted).joined(separator: " | ") + "]" }
        return s
    }

    static func leaders(_ x: Export) -> CSVTable<Leader> {
        var t = CSVTable<Leader>()
        t.text("id") { $0.id }
        t.text("name") { $0.name }
        t.text("country") { $0.country }
        t.text("aliases") { CSV.list($0.aliases) }
        t.text("offices") { l in CSV.list(l.offices.map(office)) }
        t.text("eventIds") { CSV.list($0.eventIds) }
        t.number("mentionCount") { l in number(l.mentions.reduce(0) { $0 + $1.count }) }
        t.text("citations") { CSV.citations($0.citations) }
        t.text("sourceIds") { CSV.list($0.sourceIds) }
        t.number("corroboration") { number($0.corroboration) }
        t.text("apiUrl") { x.url(Paths.leader($0.id)) }
        return t
    }

    /// `Prime Minister of Japan (JP, from 2024-10, cited 2025-01 2025-01-10)`.
    static func office(_ o: Leader.Office) -> String {
        var parts = [o.country]
        if let from = o.from { parts.append("from \(from.iso)") }
        if let to = o.to { parts.append("to \(to.iso)") }
        if !o.citedOn.isEmpty { parts.append("cited " + o.citedOn.map(\.iso).joined(separator: " ")) }
        return "\(o.title) (\(parts.joined(separator: ", ")))"
    }

    static func sources(_ x: Export) -> CSVTable<Source> {
        var t = CSVTable<Source>()
        t.text("id") { $0.id }
        t.text("title") { $0.title }
        t.text("kind") { $0.kind.rawValue }
        t.text("language") { $0.language }
        t.text("url") { $0.url }
        t.text("publisher") { $0.publisher?.name }
        t.text("publisherInferred") { $0.publisher.map { CSV.bool($0.inferred) } }
        t.text("wireServices") { CSV.list($0.wireServices) }
        t.text("published") { $0.published.date.iso }
        t.text("publishedPrecision") { $0.published.date.precision.rawValue }
        t.text("publishedTime") { $0.published.time }
        t.text("publishedTimeZone") { $0.published.timeZone }
        t.text("publishedAsPrinted") { $0.published.asPrinted }
        t.text("publishedInferred") { CSV.bool($0.published.inferred) }
        t.number("textLength") { number($0.textLength) }
        t.number("citationCount") { number($0.citationCount) }
        t.text("apiUrl") { x.url(Paths.source($0.id)) }
        t.text("textUrl") { x.url(Paths.source($0.id) + "/text") }
        return t
    }

    static func levels(_ x: Export) -> CSVTable<PartnershipLevel> {
        var t = CSVTable<PartnershipLevel>()
        t.text("id") { $0.id }
        t.text("name") { $0.name }
        t.number("rank") { number($0.rank) }
        t.text("spellings") { CSV.list($0.spellings) }
        dates(&t, "reached") { $0.reached }
        t.text("eventId") { $0.eventId }
        t.text("citations") { CSV.citations($0.citations) }
        t.text("sourceIds") { CSV.list($0.sourceIds) }
        t.number("corroboration") { number($0.corroboration) }
        t.number("mentionCount") { l in number(l.mentions.reduce(0) { $0 + $1.count }) }
        t.text("apiUrl") { x.url(Paths.level($0.id)) }
        return t
    }

    static func topics(_ x: Export) -> CSVTable<Topic> {
        var t = CSVTable<Topic>()
        t.text("id") { $0.id }
        t.text("name") { $0.name }
        t.text("description") { $0.description }
        t.number("eventCount") { number($0.eventCount) }
        t.text("apiUrl") { x.url(Paths.topic($0.id)) }
        return t
    }

    static func countries(_ x: Export) -> CSVTable<Country> {
        var t = CSVTable<Country>()
        t.text("code") { $0.code }
        t.text("name") { $0.name }
        t.text("aliases") { CSV.list($0.aliases) }
        t.text("notMentions") { CSV.list($0.notMentions) }
        t.text("leaderIds") { CSV.list($0.leaderIds) }
        t.number("eventCount") { number($0.eventCount) }
        t.number("mentionCount") { c in number(c.mentions.reduce(0) { $0 + $1.count }) }
        t.text("apiUrl") { x.url(Paths.country($0.code)) }
        return t
    }

    /// One row per timeline entry (the JSON groups them by year; `year` keeps the grouping).
    static func timeline(_ x: Export) -> CSVTable<TimelineEntry> {
        var t = CSVTable<TimelineEntry>()
        t.number("year") { String($0.date.year) }
        t.text("kind") { $0.kind.rawValue }
        t.text("id") { $0.id }
        dates(&t, "date") { $0.date }
        dates(&t, "endDate") { $0.endDate }
        t.text("title") { $0.title }
        t.text("type") { $0.type }
        t.text("status") { $0.status.rawValue }
        t.text("eventId") { $0.eventId }
        t.text("partnershipLevelId") { $0.partnershipLevelId }
        t.number("rank") { $0.rank.map(number) }
        t.text("apiUrl") { e in x.url(e.kind == .event ? Paths.event(e.id) : Paths.level(e.partnershipLevelId ?? e.id)) }
        return t
    }

    static func search(_ x: Export) -> CSVTable<SearchHit> {
        var t = CSVTable<SearchHit>()
        t.text("kind") { $0.kind.rawValue }
        t.text("id") { $0.id }
        t.text("title") { $0.title }
        t.number("score") { hit in
            var out: [UInt8] = []
            (try? OrderedJSONEncoder().encodeNode(hit.score))?.write(to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        t.text("field") { $0.field }
        t.text("snippet") { $0.snippet.text }
        t.number("snippetStart") { number($0.snippet.start) }
        t.number("snippetEnd") { number($0.snippet.end) }
        t.text("matches") { CSV.list($0.matches.map { "\($0.start)-\($0.end)" }) }
        t.text("apiUrl") { x.url($0.kind == .event ? Paths.event($0.id) : Paths.source($0.id)) }
        return t
    }

    /// `<name>`, `<name>Precision`, `<name>Approximate` for a partial date (empty cells when there is none).
    static func dates<R>(_ t: inout CSVTable<R>, _ name: String, _ date: @escaping (R) -> PartialDate?) {
        t.text(name) { date($0)?.iso }
        t.text(name + "Precision") { date($0)?.precision.rawValue }
        t.text(name + "Approximate") { date($0).map { CSV.bool($0.approximate) } }
    }
}
