import FoundationEssentials
import TiesCore
import TiesHTTP

/// The API index, the timeline a dashboard draws, and full-text search.
enum OverviewEndpoints {
    static let all: [Endpoint] = [
        Endpoint("/api/v1") { call throws(Problem) in
            try call.noParameters()
            return call.json(Envelope.single(indexJSON(call.snapshot), meta: call.meta))
        },
        Endpoint("/api/v1/timeline", formats: RecordEndpoints.listFormats) { call throws(Problem) in
            let range = try call.query { () throws(QueryError) in try DateParameters.range(call.query) }
            let years = try call.query { () throws(QueryError) in try call.snapshot.timeline(from: range.from, to: range.to) }
            if call.format != .json { return try Exports.timeline(Export(call), years) }
            let entries = years.reduce(0) { $0 + $1.entries.count }
            let data = years.map { TimelineYearJSON(year: $0) }
            let records = data.compactMap { try? OrderedJSONEncoder().encode($0) }
            return call.json(Envelope.list(records, total: entries, limit: nil, nextCursor: nil, meta: call.meta,
                                           selfLink: call.selfLink, nextLink: nil))
        },
        Endpoint("/api/v1/search", formats: RecordEndpoints.listFormats, fixed: Fixed.none) { call throws(Problem) in
            let query = try call.query { () throws(QueryError) in try SearchQuery(parameters: call.query) }
            if call.format != .json { return try Exports.search(Export(call), query) }
            let page = try call.query { () throws(QueryError) in try call.snapshot.search(query) }
            let hits = page.items.compactMap(hitJSON)
            let next = call.nextLink(cursor: page.nextCursor)
            var doc = call.json(Envelope.list(hits, total: page.total, limit: page.limit, nextCursor: page.nextCursor,
                                              meta: call.meta, selfLink: call.selfLink, nextLink: next))
            if let next { doc.headers.append(("Link", "<\(next)>; rel=\"next\"")) }
            return doc
        },
    ]

    /// A search hit with links to the record it found.
    static func hitJSON(_ hit: SearchHit) -> [UInt8]? {
        let links: [(String, String)] = hit.kind == .event
            ? [("self", Paths.event(hit.id))]
            : [("self", Paths.source(hit.id)), ("text", Paths.source(hit.id) + "/text")]
        return try? OrderedJSONEncoder().encode(Linked(record: hit, links: links))
    }

    /// What the dataset is about, its version and size, and where everything is. Only what the dataset
    /// determines: the load time would make replicas (and restarts) serve different bytes under one ETag;
    /// it is in `/readyz`, which is not cached.
    static func indexJSON(_ snapshot: Snapshot) -> [UInt8] {
        let index = Index(info: snapshot.info, version: snapshot.version, contentHash: snapshot.contentHash,
                          counts: snapshot.counts)
        return (try? OrderedJSONEncoder().encode(index)) ?? []
    }

    struct Index: Encodable {
        let info: DatasetInfo
        let version: String
        let contentHash: String
        let counts: Snapshot.Counts

        enum Key: String, CodingKey { case name, datasetVersion, contentHash, counts, links }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode("Ties", forKey: .name)
            try info.encode(to: encoder)
            try c.encode(version, forKey: .datasetVersion)
            try c.encode(contentHash, forKey: .contentHash)
            try c.encode(counts, forKey: .counts)
            var links = c.nestedContainer(keyedBy: LinkKey.self, forKey: .links)
            for (name, path) in Index.links { try links.encode(path, forKey: LinkKey(name)) }
        }

        static let links: [(String, String)] = [
            ("self", "/api/v1"), ("events", "/api/v1/events"), ("leaders", "/api/v1/leaders"),
            ("partnershipLevels", "/api/v1/partnership-levels"), ("currentPartnershipLevel", "/api/v1/partnership-levels/current"),
            ("sources", "/api/v1/sources"), ("topics", "/api/v1/topics"), ("countries", "/api/v1/countries"),
            ("timeline", "/api/v1/timeline"), ("search", "/api/v1/search?q={query}"), ("openapi", "/openapi.json"),
            ("dashboard", "/"),
        ]

    }

    struct LinkKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A timeline year whose entries carry links to the event or level they stand for.
    struct TimelineYearJSON: Encodable {
        let year: TimelineYear

        enum Key: String, CodingKey { case year, entries }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(year.year, forKey: .year)
            try c.encode(year.entries.map { entry in
                Linked(record: entry, links: entry.kind == .event
                    ? [("self", Paths.event(entry.id))]
                    : [("self", Paths.level(entry.partnershipLevelId ?? entry.id)), ("event", Paths.event(entry.eventId))])
            }, forKey: .entries)
        }
    }
}
