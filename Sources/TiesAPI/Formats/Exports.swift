import TiesCore
import TiesHTTP

/// The non-JSON representations of each endpoint. Endpoints parse and check their query exactly as for
/// JSON, then hand it here when the negotiated format is another one, so filters mean the same in every
/// format and errors are the same problem documents.
///
/// Pagination: JSON lists page (default 50). Every other format is the whole filtered collection, because
/// a spreadsheet, a calendar, a feed reader or a pipeline wants all of it; `limit` still pages when given
/// (with `cursor`, and a `Link: rel="next"` header), and `cursor` alone starts part-way.
enum Exports {
    /// The endpoints that exist only for clients that cannot send `Accept`: calendar subscriptions and
    /// feed readers. Same filters as `/api/v1/events`; `Accept` is not consulted.
    static let routes: [Endpoint] = [
        Endpoint(Paths.base + "/events.ics", formats: [], fixed: Fixed.none) { call throws(Problem) in
            let query = try call.query { () throws(QueryError) in try EventQuery(parameters: call.query) }
            return try events(Export(call, fixed: .ics), query)
        },
        Endpoint(Paths.base + "/events.atom", formats: [], fixed: Fixed.none) { call throws(Problem) in
            let query = try call.query { () throws(QueryError) in try EventQuery(parameters: call.query) }
            return try events(Export(call, fixed: .atom), query)
        },
    ]

    /// A title naming what the document holds and how it was filtered.
    static func title(_ x: Export, _ what: String) -> String {
        let filters = x.call.query.filter { !["limit", "cursor"].contains($0.name) }
        guard !filters.isEmpty else { return "Ties: \(what)" }
        return "Ties: \(what) (" + filters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + ")"
    }

    static func notOffered(_ x: Export) -> Problem {
        Problem(status: .notAcceptable, type: "/problems/not-acceptable", title: "Not acceptable",
                detail: "This resource is not available as \(x.format.type).", instance: x.call.selfLink)
    }

    // MARK: - Events

    static func events(_ x: Export, _ query: EventQuery) throws(Problem) -> Document {
        try x.cached { () throws(Problem) -> Document in
            let c = try x.collect(query, limit: \.limit, cursor: \.cursor) { q throws(QueryError) in try x.snapshot.events(q) }
            let next = x.nextLink(cursor: c.nextCursor)
            var what = "Japan–Malaysia relationship events"
            if x.call.path.hasPrefix(Paths.base + "/leaders/"), let leader = x.snapshot.leader(id: x.call.parameter("id")) {
                what = "events of \(leader.name)"
            }
            let title = title(x, what)
            switch x.format {
            case .csv: return x.document(CSVTables.events(x).encode(c.items, byteOrderMark: x.byteOrderMark), next: next)
            case .ndjson: return x.document(stream: NDJSON.stream(c.items) { [table = x.call.catalog.eventJSON] in table[$0.id] }, next: next)
            case .ics: return x.document(ICalendarEvents.calendar(c.items, x, name: title), next: next)
            case .atom: return x.document(AtomFeed.feed(c.items, x, title: title, next: next), next: next)
            case .jsonld:
                let list = JSONLD.list(c.items.map { JSONLD.event($0, x) }, total: c.total, name: title,
                                       descending: query.sort == .descending, x)
                return x.document(JSONLD.document(list), next: next)
            case .json, .csl, .bibtex, .ris, .txt, .html: throw notOffered(x)
            }
        }
    }

    /// `/events/{id}` as schema.org JSON-LD or as a one-event calendar ("add to calendar").
    static func event(_ x: Export, id: String) throws(Problem) -> Document {
        guard let e = x.snapshot.event(id: id) else { throw Problem.notFound("event", id: id, instance: x.call.path) }
        return try x.cached { () throws(Problem) -> Document in
            switch x.format {
            case .jsonld: return x.document(JSONLD.document(JSONLD.event(e, x)))
            case .ics: return x.document(ICalendarEvents.calendar([e], x, name: "Ties: \(e.title)"))
            case .csl, .bibtex, .ris: return x.document(references(x, e.sourceIds))
            default: throw notOffered(x)
            }
        }
    }

    // MARK: - Leaders and sources

    static func leaders(_ x: Export, _ query: LeaderQuery) throws(Problem) -> Document {
        try x.cached { () throws(Problem) -> Document in
            let c = try x.collect(query, limit: \.limit, cursor: \.cursor) { q throws(QueryError) in try x.snapshot.leaders(q) }
            let next = x.nextLink(cursor: c.nextCursor)
            switch x.format {
            case .csv: return x.document(CSVTables.leaders(x).encode(c.items, byteOrderMark: x.byteOrderMark), next: next)
            case .ndjson: return x.document(stream: NDJSON.stream(c.items) { [table = x.call.catalog.leaderJSON] in table[$0.id] }, next: next)
            case .jsonld:
                let list = JSONLD.list(c.items.map { JSONLD.person($0, x) }, total: c.total, name: title(x, "leaders and officials"),
                                       descending: false, x)
                return x.document(JSONLD.document(list), next: next)
            default: throw notOffered(x)
            }
        }
    }

    static func leader(_ x: Export, id: String) throws(Problem) -> Document {
        guard let l = x.snapshot.leader(id: id) else { throw Problem.notFound("leader", id: id, instance: x.call.path) }
        return try x.cached { () throws(Problem) -> Document in
            switch x.format {
            case .jsonld: return x.document(JSONLD.document(JSONLD.person(l, x)))
            case .csl, .bibtex, .ris: return x.document(references(x, l.sourceIds))
            default: throw notOffered(x)
            }
        }
    }

    static func level(_ x: Export, id: String) throws(Problem) -> Document {
        guard let level = x.snapshot.partnershipLevel(id: id) else { throw Problem.notFound("partnership level", id: id, instance: x.call.path) }
        return try x.cached { () throws(Problem) -> Document in x.document(references(x, level.sourceIds)) }
    }

    static func sources(_ x: Export, _ query: SourceQuery) throws(Problem) -> Document {
        try x.cached { () throws(Problem) -> Document in
            let c = try x.collect(query, limit: \.limit, cursor: \.cursor) { q throws(QueryError) in try x.snapshot.sources(q) }
            let next = x.nextLink(cursor: c.nextCursor)
            switch x.format {
            case .csv: return x.document(CSVTables.sources(x).encode(c.items, byteOrderMark: x.byteOrderMark), next: next)
            case .ndjson: return x.document(stream: NDJSON.stream(c.items) { [table = x.call.catalog.sourceJSON] in table[$0.id] }, next: next)
            case .jsonld:
                let list = JSONLD.list(c.items.map { JSONLD.creativeWork($0, x) }, total: c.total, name: title(x, "sources"),
                                       descending: query.sort == .descending, x)
                return x.document(JSONLD.document(list), next: next)
            case .csl, .bibtex, .ris: return x.document(references(x, c.items.map(\.id)), next: next)
            default: throw notOffered(x)
            }
        }
    }

    static func source(_ x: Export, id: String) throws(Problem) -> Document {
        guard let s = x.snapshot.source(id: id) else { throw Problem.notFound("source", id: id, instance: x.call.path) }
        return try x.cached { () throws(Problem) -> Document in
            switch x.format {
            case .jsonld: return x.document(JSONLD.document(JSONLD.creativeWork(s, x)))
            case .csl, .bibtex, .ris: return x.document(references(x, [s.id]))
            default: throw notOffered(x)
            }
        }
    }

    /// CSL-JSON, BibTeX or RIS of these sources, all written from the same `Reference`s.
    static func references(_ x: Export, _ ids: [String]) -> [UInt8] {
        let refs = x.references(ids)
        switch x.format {
        case .bibtex: return BibTeX.document(refs)
        case .ris: return RIS.document(refs)
        default: return CSLJSON.document(refs)
        }
    }

    // MARK: - Small lists (no paging in any format)

    /// CSV or NDJSON of a list that is never paged: partnership levels, topics, countries.
    static func table<T>(_ x: Export, _ records: [T], csv: CSVTable<T>, json: (T) -> [UInt8]?) throws(Problem) -> Document {
        try x.cached { () throws(Problem) -> Document in
            switch x.format {
            case .csv: return x.document(csv.encode(records, byteOrderMark: x.byteOrderMark))
            case .ndjson: return x.document(stream: NDJSON.stream(records.compactMap(json)))
            default: throw notOffered(x)
            }
        }
    }

    static func levels(_ x: Export) throws(Problem) -> Document {
        try table(x, x.snapshot.partnershipLevels, csv: CSVTables.levels(x)) { x.call.catalog.levelJSON[$0.id] }
    }

    static func topics(_ x: Export) throws(Problem) -> Document {
        try table(x, x.snapshot.topics, csv: CSVTables.topics(x)) { x.call.catalog.topicJSON[$0.id] }
    }

    static func countries(_ x: Export) throws(Problem) -> Document {
        try table(x, x.snapshot.countries, csv: CSVTables.countries(x)) { x.call.catalog.countryJSON[$0.code] }
    }

    /// CSV has one row per entry (with its `year`); NDJSON one line per year, as the JSON's `data`.
    static func timeline(_ x: Export, _ years: [TimelineYear]) throws(Problem) -> Document {
        try x.cached { () throws(Problem) -> Document in
            switch x.format {
            case .csv: return x.document(CSVTables.timeline(x).encode(years.flatMap(\.entries), byteOrderMark: x.byteOrderMark))
            case .ndjson:
                let encoder = OrderedJSONEncoder()
                return x.document(stream: NDJSON.stream(years.compactMap { try? encoder.encode(OverviewEndpoints.TimelineYearJSON(year: $0)) }))
            default: throw notOffered(x)
            }
        }
    }

    static func search(_ x: Export, _ query: SearchQuery) throws(Problem) -> Document {
        let c = try x.collect(query, limit: \.limit, cursor: \.cursor) { q throws(QueryError) in try x.snapshot.search(q) }
        let next = x.nextLink(cursor: c.nextCursor)
        switch x.format {
        case .csv: return x.document(CSVTables.search(x).encode(c.items, byteOrderMark: x.byteOrderMark), next: next)
        case .ndjson: return x.document(stream: NDJSON.stream(c.items.compactMap(OverviewEndpoints.hitJSON)), next: next)
        default: throw notOffered(x)
        }
    }
}
