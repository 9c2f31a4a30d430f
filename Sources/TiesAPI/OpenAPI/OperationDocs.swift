import TiesCore
import TiesHTTP

/// What the document says about one route that the route's code cannot say itself: its name, words, query
/// parameters and the record it answers with. The route's formats come from its `Endpoint.formats`.
struct OperationDoc {
    enum Answer {
        /// `{data: [Record], meta, links}`; `paged` lists take `limit`/`cursor` and send `Link`.
        case list(String, paged: Bool)
        /// `{data: Record, meta}`.
        case single(String)
        /// One fixed representation (`Endpoint.formats` empty): its media type and what it is.
        case text(mediaType: String, String)
    }

    let operationId: String
    let tag: String
    let summary: String
    let description: String
    let query: [QueryParameter]
    let answer: Answer
    /// Path parameters: name → (description, examples).
    var path: [String: (String, [String])] = [:]
}

/// The tags, in the order a reader meets them.
enum Tags {
    static let all: [(String, String)] = [
        ("Overview", "The dataset index, the timeline a dashboard draws, and full-text search."),
        ("Events", "Meetings, summits, agreements and other events, each with citations."),
        ("Leaders", "Leaders and officials named in the sources, with their offices as cited."),
        ("Partnership levels", "The ladder of relationship levels and the level in force at a date."),
        ("Sources", "The cited articles and government records, their citations and their full text."),
        ("Topics", "The topic vocabulary."),
        ("Countries", "Countries named in the data."),
        ("History", "What each published dataset version changed and why; retired ids."),
        ("Operations", "Liveness, readiness, metrics and reload, for operators and orchestrators."),
        ("Meta", "This document."),
    ]
}

enum OperationDocs {
    /// The documentation of every `API.endpoints` route, by pattern.
    static func table(_ ex: DatasetExamples) -> [String: OperationDoc] {
        let eventId = ("An event id (lowercase slug).", ex.eventIds)
        let leaderId = ("A leader id (lowercase slug).", ex.leaderIds)
        let sourceId = ("A source id.", ex.sourceIds)
        var t: [String: OperationDoc] = [:]
        t["/api/v1"] = OperationDoc(
            operationId: "getIndex", tag: "Overview", summary: "The dataset index",
            description: "The dataset's subject countries, title, licence and notes, its event types and outcome kinds, its version and record counts, and links to every collection.",
            query: [], answer: .single("DatasetIndex"))
        t["/api/v1/timeline"] = OperationDoc(
            operationId: "getTimeline", tag: "Overview", summary: "Events and partnership-level changes by year",
            description: "Events and partnership-level changes merged by date and grouped by year, oldest first: what a dashboard draws. A level change follows the event that reached it. `meta.total` counts entries over all years.",
            query: ParameterDocs.timeline, answer: .list("TimelineYear", paged: false))
        t["/api/v1/search"] = OperationDoc(
            operationId: "search", tag: "Overview", summary: "Full-text search over events and sources",
            description: "Every word of `q` must occur in one field of the record. Each hit has a snippet of the matched field and the scalar offsets of every match.",
            query: ParameterDocs.search, answer: .list("SearchHit", paged: true))

        t["/api/v1/events"] = OperationDoc(
            operationId: "listEvents", tag: "Events", summary: "Events, newest first",
            description: "Events matching every filter given (filters combine with AND), sorted by first day, last day, then id.",
            query: ParameterDocs.events(ex), answer: .list("Event", paged: true))
        t["/api/v1/events/{id}"] = OperationDoc(
            operationId: "getEvent", tag: "Events", summary: "One event",
            description: "One event with its participants, topics, outcomes, location and citations.",
            query: [], answer: .single("Event"), path: ["id": eventId])

        t["/api/v1/events.ics"] = OperationDoc(
            operationId: "getEventsCalendar", tag: "Events", summary: "Events as an iCalendar feed",
            description: "The events of `GET /api/v1/events` with the same filters, as RFC 5545 iCalendar for calendar subscriptions (clients that cannot send `Accept`). The whole filtered collection unless `limit` is given. A month- or year-precision event is an all-day event spanning that period, marked `X-TIES-PRECISION`.",
            query: ParameterDocs.events(ex), answer: .text(mediaType: "text/calendar", "An iCalendar document, one VEVENT per event."))
        t["/api/v1/events.atom"] = OperationDoc(
            operationId: "getEventsFeed", tag: "Events", summary: "Events as an Atom feed",
            description: "The events of `GET /api/v1/events` with the same filters, as an RFC 4287 Atom feed, newest first, for feed readers. The whole filtered collection unless `limit` is given.",
            query: ParameterDocs.events(ex), answer: .text(mediaType: "application/atom+xml", "An Atom feed, one entry per event."))

        t["/api/v1/leaders"] = OperationDoc(
            operationId: "listLeaders", tag: "Leaders", summary: "Leaders and officials",
            description: "Leaders and officials named in the sources, ordered by id. With `asOf`, only those cited as holding an office then.",
            query: ParameterDocs.leaders(ex), answer: .list("Leader", paged: true))
        t["/api/v1/leaders/{id}"] = OperationDoc(
            operationId: "getLeader", tag: "Leaders", summary: "One leader",
            description: "One leader: offices with dates as cited, aliases as written, events, and mentions per source.",
            query: [], answer: .single("Leader"), path: ["id": leaderId])
        t["/api/v1/leaders/{id}/events"] = OperationDoc(
            operationId: "listLeaderEvents", tag: "Leaders", summary: "A leader's events",
            description: "The events the leader takes part in, with every filter of `GET /api/v1/events` except `leader` (the path sets it; giving it is a 400).",
            query: ParameterDocs.events(ex, leaderInPath: true), answer: .list("Event", paged: true), path: ["id": leaderId])

        t["/api/v1/partnership-levels"] = OperationDoc(
            operationId: "listPartnershipLevels", tag: "Partnership levels", summary: "The ladder of partnership levels",
            description: "The relationship's levels in rank order (lowest first), each with the date and event that reached it.",
            query: [], answer: .list("PartnershipLevel", paged: false))
        t["/api/v1/partnership-levels/current"] = OperationDoc(
            operationId: "getPartnershipLevelAsOf", tag: "Partnership levels", summary: "The level in force now, or as of a date",
            description: "The level in force at the end of the `asOf` period (today, UTC, without it). Without `asOf` the answer changes with the date, and its ETag with it.",
            query: ParameterDocs.asOf, answer: .single("PartnershipLevelAsOf"))
        t["/api/v1/partnership-levels/{id}"] = OperationDoc(
            operationId: "getPartnershipLevel", tag: "Partnership levels", summary: "One partnership level",
            description: "One level with its spellings, the date and event that reached it, citations and mentions.",
            query: [], answer: .single("PartnershipLevel"), path: ["id": ("A partnership level id.", ex.levelIds)])

        let style = QueryParameter(name: "style", description: "`text` (default): the attribution sentence and the record's URL; `apa`, `chicago` (author-date) or `mla`: the quote with an in-text citation, then the reference, written from the source's CSL data. Inferred metadata is marked.",
                                   schema: ["type": "string", "enum": ["text", "apa", "chicago", "mla"]])
        for (path, kind, name, id) in [("/api/v1/events/{id}/citation", "Events", "event", eventId),
                                       ("/api/v1/leaders/{id}/citation", "Leaders", "leader", leaderId),
                                       ("/api/v1/partnership-levels/{id}/citation", "Partnership levels", "partnership level", ("A partnership level id.", ex.levelIds))] {
            let op = "get" + name.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Citation"
            t[path] = OperationDoc(
                operationId: op, tag: kind, summary: "The \(name)'s citation, ready to paste",
                description: "The quote of the \(name)'s strongest citation (printed metadata before inferred, a day before a month, a report before a summary) in a citation style. `text/plain` by default; `text/html` (`Accept` or `?format=html`) is a small page with the quote highlighted.",
                query: [style], answer: .text(mediaType: "text/plain", "The citation."), path: ["id": id])
        }

        t["/api/v1/sources"] = OperationDoc(
            operationId: "listSources", tag: "Sources", summary: "Cited sources, newest first",
            description: "The articles and government records the data cites, with metadata and citation counts, sorted by publication date like events.",
            query: ParameterDocs.sources(ex), answer: .list("Source", paged: true))
        t["/api/v1/sources/{id}"] = OperationDoc(
            operationId: "getSource", tag: "Sources", summary: "One source and every citation into it",
            description: "The source's metadata and every citation into it, ordered by offset, each naming the record and field that cites it.",
            query: [], answer: .single("SourceDetail"), path: ["id": sourceId])
        t["/api/v1/sources/{id}/text"] = OperationDoc(
            operationId: "getSourceText", tag: "Sources", summary: "A source's full text",
            description: "The cleaned source text that every citation and mention offset indexes into (Unicode scalars), as `text/plain` whatever `Accept` says.",
            query: [], answer: .text(mediaType: "text/plain", "The source text, UTF-8."), path: ["id": sourceId])

        t["/api/v1/topics"] = OperationDoc(
            operationId: "listTopics", tag: "Topics", summary: "The topic vocabulary",
            description: "Every topic with its event count.", query: [], answer: .list("Topic", paged: false))
        t["/api/v1/topics/{id}"] = OperationDoc(
            operationId: "getTopic", tag: "Topics", summary: "One topic with its events",
            description: "The topic and its events, newest first.", query: [], answer: .single("TopicDetail"),
            path: ["id": ("A topic id.", ex.topicIds)])

        t["/api/v1/countries"] = OperationDoc(
            operationId: "listCountries", tag: "Countries", summary: "Countries named in the data",
            description: "Every country (ISO 3166-1 alpha-2) with its leaders, event count and mentions.", query: [], answer: .list("Country", paged: false))
        t["/api/v1/countries/{code}"] = OperationDoc(
            operationId: "getCountry", tag: "Countries", summary: "One country with its events",
            description: "The country and its events, newest first. The code matches in any case.", query: [], answer: .single("CountryDetail"),
            path: ["code": ("ISO 3166-1 alpha-2 code, any case.", ex.countryCodes)])

        t["/api/v1/changes"] = OperationDoc(
            operationId: "listChanges", tag: "History", summary: "The change log",
            description: "Every published dataset version, newest first, from the dataset's changelog.json: when, why, and each record added, changed (with the fields) or retired. `record` and `kind` narrow it to one record's history, as every record's `links.history` does. A retired id's URL answers 301 to its replacement or 410 Gone.",
            query: ParameterDocs.changes(ex), answer: .list("ChangeEntry", paged: true))
        t["/api/v1/changes.atom"] = OperationDoc(
            operationId: "getChangesFeed", tag: "History", summary: "The corrections feed (Atom)",
            description: "The change log as an RFC 4287 Atom feed for feed readers and newsroom tools: one entry per version (`urn:ties:version:<version>`), the editor's reason as its summary and every changed record linked. The whole log unless `limit` is given.",
            query: ParameterDocs.changes(ex), answer: .text(mediaType: "application/atom+xml", "An Atom feed, one entry per dataset version."))
        return t
    }
}
