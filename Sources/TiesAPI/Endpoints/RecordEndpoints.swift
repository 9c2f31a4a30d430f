import FoundationEssentials
import TiesCore
import TiesHTTP

/// Events, leaders, partnership levels, sources, topics and countries: collections and records by id.
enum RecordEndpoints {
    /// What each kind of list can be read as besides JSON (docs/formats.md): events in every format,
    /// people and sources also as schema.org JSON-LD, the small vocabularies as CSV and NDJSON.
    static let eventFormats: [Format] = [.json, .csv, .ndjson, .ics, .atom, .jsonld]
    static let recordFormats: [Format] = [.json, .csv, .ndjson, .jsonld]
    static let listFormats: [Format] = [.json, .csv, .ndjson]

    static let all: [Endpoint] = [
        Endpoint("/api/v1/events", formats: eventFormats) { call throws(Problem) in
            let query = try call.query { () throws(QueryError) in try EventQuery(parameters: call.query) }
            return try call.events(query)
        },
        Endpoint("/api/v1/events/{id}", formats: [.json, .jsonld, .ics] + Format.citations, fixed: Fixed.ids("id") { $0.events.map(\.id) }) { call throws(Problem) in
            try call.noParameters()
            if call.format != .json { return try Exports.event(Export(call), id: call.parameter("id")) }
            return try call.record(call.catalog.eventJSON, .event, id: call.parameter("id"), what: "event")
        },

        Endpoint("/api/v1/leaders", formats: recordFormats) { call throws(Problem) in
            let query = try call.query { () throws(QueryError) in try LeaderQuery(parameters: call.query) }
            if call.format != .json { return try Exports.leaders(Export(call), query) }
            let page = try call.query { () throws(QueryError) in try call.snapshot.leaders(query) }
            return call.page(page, json: call.catalog.leaderJSON, id: \.id)
        },
        Endpoint("/api/v1/leaders/{id}", formats: [.json, .jsonld] + Format.citations, fixed: Fixed.ids("id") { $0.leaders.map(\.id) }) { call throws(Problem) in
            try call.noParameters()
            if call.format != .json { return try Exports.leader(Export(call), id: call.parameter("id")) }
            return try call.record(call.catalog.leaderJSON, .leader, id: call.parameter("id"), what: "leader")
        },
        Endpoint("/api/v1/leaders/{id}/events", formats: eventFormats, fixed: Fixed.ids("id") { $0.leaders.map(\.id) }) { call throws(Problem) in
            let id = call.parameter("id")
            guard call.snapshot.leader(id: id) != nil else { throw call.notFound(.leader, "leader", id: id) }
            if let given = call.query.first(where: { $0.name == "leader" }) {
                throw Problem.invalidParameters(QueryError(ParameterError(parameter: "leader", value: given.value,
                    message: "the leader is set by the path; use /api/v1/events?leader=… to choose another")), instance: call.selfLink)
            }
            var query = try call.query { () throws(QueryError) in try EventQuery(parameters: call.query) }
            query.leader = id
            return try call.events(query)
        },

        Endpoint("/api/v1/partnership-levels", formats: listFormats) { call throws(Problem) in
            try call.noParameters()
            if call.format != .json { return try Exports.levels(Export(call)) }
            let levels = call.snapshot.partnershipLevels
            return call.json(Envelope.list(levels.compactMap { call.catalog.levelJSON[$0.id] }, total: levels.count, limit: nil,
                                           nextCursor: nil, meta: call.meta, selfLink: call.selfLink, nextLink: nil))
        },
        // No fixed URL: without `asOf` the answer depends on today's date.
        Endpoint("/api/v1/partnership-levels/current", fixed: Fixed.none) { call throws(Problem) in
            let asOf = try call.query { () throws(QueryError) in try DateParameters.asOf(call.query) }
            let today = PartialDate.day(containing: Date())
            let answer = call.snapshot.partnershipLevel(asOf: asOf ?? today)
            var doc = call.json(Envelope.single(levelAsOfJSON(answer, catalog: call.catalog), meta: call.meta))
            if asOf == nil {
                // The answer changes with the date: tag it with the day, and let no cache keep it past midnight UTC.
                doc.etag = ETag.make(datasetVersion: call.version, path: call.path, query: call.canonicalQuery + [("asOf", today.iso)], mediaType: Format.json.type)
                let now = Date().timeIntervalSince1970
                doc.maxAgeCap = Int((now / 86_400).rounded(.down) * 86_400 + 86_400 - now)
            }
            return doc
        },
        Endpoint("/api/v1/partnership-levels/{id}", formats: [.json] + Format.citations, fixed: Fixed.ids("id") { $0.partnershipLevels.map(\.id) }) { call throws(Problem) in
            try call.noParameters()
            if call.format != .json { return try Exports.level(Export(call), id: call.parameter("id")) }
            return try call.record(call.catalog.levelJSON, .partnershipLevel, id: call.parameter("id"), what: "partnership level")
        },

        Endpoint("/api/v1/sources", formats: recordFormats + Format.citations) { call throws(Problem) in
            let query = try call.query { () throws(QueryError) in try SourceQuery(parameters: call.query) }
            if call.format != .json { return try Exports.sources(Export(call), query) }
            let page = try call.query { () throws(QueryError) in try call.snapshot.sources(query) }
            return call.page(page, json: call.catalog.sourceJSON, id: \.id)
        },
        Endpoint("/api/v1/sources/{id}", formats: [.json, .jsonld] + Format.citations, fixed: Fixed.ids("id") { $0.sources.map(\.id) }) { call throws(Problem) in
            try call.noParameters()
            let id = call.parameter("id")
            if call.format != .json { return try Exports.source(Export(call), id: id) }
            guard let source = call.snapshot.source(id: id) else { throw call.notFound(.source, "source", id: id) }
            // The record as listed, plus every citation into this source, ordered by offset.
            let detail = SourceDetail(source: source, citations: call.snapshot.citations(intoSource: id) ?? [])
            let bytes = (try? OrderedJSONEncoder().encode(Linked(record: detail, links: Catalog.sourceLinks(id),
                                                                   extra: [("rights", SourceRights(source, info: call.snapshot.info))]))) ?? []
            return call.json(Envelope.single(bytes, meta: call.meta))
        },
        // Plain text whatever the Accept header says: citation offsets index into exactly these bytes.
        Endpoint("/api/v1/sources/{id}/text", formats: [], fixed: Fixed.ids("id") { $0.sources.map(\.id) }) { call throws(Problem) in
            try call.noParameters()
            let id = call.parameter("id")
            guard let text = call.snapshot.sourceText(id: id) else { throw call.notFound(.source, "source", id: id) }
            var doc = call.fixed(mediaType: "text/plain; charset=utf-8", bytes: Array(text.utf8))
            // The publisher's text, served for checking quotes: not for search engines to index as ours.
            doc.headers.append(("X-Robots-Tag", "noindex"))
            return doc
        },

        Endpoint("/api/v1/topics", formats: listFormats) { call throws(Problem) in
            try call.noParameters()
            if call.format != .json { return try Exports.topics(Export(call)) }
            let topics = call.snapshot.topics
            return call.json(Envelope.list(topics.compactMap { call.catalog.topicJSON[$0.id] }, total: topics.count, limit: nil,
                                           nextCursor: nil, meta: call.meta, selfLink: call.selfLink, nextLink: nil))
        },
        Endpoint("/api/v1/topics/{id}", fixed: Fixed.ids("id") { $0.topics.map(\.id) }) { call throws(Problem) in
            try call.noParameters()
            let id = call.parameter("id")
            guard let record = call.catalog.topicJSON[id] else { throw Problem.notFound("topic", id: id, instance: call.path) }
            return call.json(withEvents(record, events: call.snapshot.events(ofTopic: id), call: call))
        },

        Endpoint("/api/v1/countries", formats: listFormats) { call throws(Problem) in
            try call.noParameters()
            if call.format != .json { return try Exports.countries(Export(call)) }
            let countries = call.snapshot.countries
            return call.json(Envelope.list(countries.compactMap { call.catalog.countryJSON[$0.code] }, total: countries.count,
                                           limit: nil, nextCursor: nil, meta: call.meta, selfLink: call.selfLink, nextLink: nil))
        },
        Endpoint("/api/v1/countries/{code}", fixed: Fixed.ids("code") { $0.countries.map(\.code) }) { call throws(Problem) in
            try call.noParameters()
            let code = call.parameter("code")
            guard let country = call.snapshot.country(code: code), let record = call.catalog.countryJSON[country.code] else {
                throw Problem.notFound("country", id: code, instance: call.path)
            }
            return call.json(withEvents(record, events: call.snapshot.events(ofCountry: country.code), call: call))
        },
    ]

    /// A record with its events embedded (newest first) after its own keys: `{..., "events": [...]}` in `data`.
    static func withEvents(_ record: [UInt8], events: [Event], call: Call) -> [UInt8] {
        var data = Array(record.dropLast())  // reopen the record object
        data.append(contentsOf: #","events":["#.utf8)
        for (i, e) in events.reversed().enumerated() {
            if i > 0 { data.append(UInt8(ascii: ",")) }
            data.append(contentsOf: call.catalog.eventJSON[e.id] ?? [])
        }
        data.append(contentsOf: "]}".utf8)
        return Envelope.single(data, meta: call.meta)
    }

    /// `{"asOf", "level", "possiblyReached"}` with the levels as served elsewhere (links included).
    static func levelAsOfJSON(_ answer: PartnershipLevelAsOf, catalog: Catalog) -> [UInt8] {
        var out: [UInt8] = Array(#"{"asOf":"#.utf8)
        out.append(contentsOf: (try? OrderedJSONEncoder().encode(answer.asOf)) ?? Array("null".utf8))
        out.append(contentsOf: #","level":"#.utf8)
        out.append(contentsOf: answer.level.flatMap { catalog.levelJSON[$0.id] } ?? Array("null".utf8))
        out.append(contentsOf: #","possiblyReached":"#.utf8)
        out.append(contentsOf: answer.possiblyReached.flatMap { catalog.levelJSON[$0.id] } ?? Array("null".utf8))
        out.append(UInt8(ascii: "}"))
        return out
    }
}

extension Call {
    /// An event list in the negotiated format.
    func events(_ query: EventQuery) throws(Problem) -> Document {
        if format != .json { return try Exports.events(Export(self), query) }
        let page = try self.query { () throws(QueryError) in try snapshot.events(query) }
        return self.page(page, json: catalog.eventJSON, id: \.id)
    }
}

/// `GET /sources/{id}`: the source record followed by every citation into it.
struct SourceDetail: Encodable {
    let source: Source
    let citations: [SourceCitation]

    enum Key: String, CodingKey { case citations }

    func encode(to encoder: any Encoder) throws {
        try source.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(citations, forKey: .citations)
    }
}
