import TiesCore

/// A query parameter as the document shows it.
struct QueryParameter {
    let name: String
    let description: String
    let schema: JSONNode
    var required = false

    var node: JSONNode {
        ["name": .string(name), "in": "query", "description": .string(description), "required": .bool(required), "schema": schema]
    }
}

/// Values from the dataset being served, used as examples so that a reader (or a generated test) tries
/// values that exist: a filter naming nothing in the dataset is a 400 by design.
struct DatasetExamples {
    let eventIds: [String]
    let leaderIds: [String]
    let levelIds: [String]
    let sourceIds: [String]
    let topicIds: [String]
    let countryCodes: [String]
    let eventTypes: [String]
    let publishers: [String]
    /// The publication date of the newest source (by the end of its period).
    let newestPublication: String
    /// Versions in the change log, oldest first (an empty log gives the current version, a 400 for `since`).
    let versions: [String]

    init(_ snapshot: Snapshot) {
        versions = snapshot.history.entries.isEmpty ? [snapshot.version] : snapshot.history.entries.map(\.version)
        newestPublication = snapshot.sources.max { $0.published.date.lastDay < $1.published.date.lastDay }?.published.date.iso ?? "2025"
        func few(_ list: [String]) -> [String] { Array(list.prefix(3)) }
        eventIds = few(snapshot.events.map(\.id))
        // The two heads of government the newest summits are about, when present, lead the list.
        let leaders = snapshot.leaders.map(\.id)
        leaderIds = few(["anwar-ibrahim", "shigeru-ishiba"].filter(leaders.contains) + leaders.filter { !["anwar-ibrahim", "shigeru-ishiba"].contains($0) })
        levelIds = few(snapshot.partnershipLevels.map(\.id))
        sourceIds = few(snapshot.sources.map(\.id))
        topicIds = few(snapshot.topics.map(\.id))
        countryCodes = few(snapshot.countries.map(\.code))
        eventTypes = snapshot.info.eventTypes.map(\.id)
        var seen = Set<String>()
        publishers = few(snapshot.sources.compactMap { $0.publisher?.name }.filter { seen.insert($0).inserted })
    }
}

/// The query parameters of each list, in the order the document shows them. Which names exist is TiesCore's
/// business (`EventQuery.parameterNames` and friends); a test holds these lists equal to those sets.
enum ParameterDocs {
    /// At least one character that may be part of a word: an ASCII letter or digit, or any non-ASCII
    /// character (the tokenizer takes Unicode letters, digits and marks). A value without one is a 400.
    static let wordPattern = #"[^\x00-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F]"#
    static let datePattern = #"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"#

    static func partialDate(_ name: String, _ meaning: String) -> QueryParameter {
        QueryParameter(name: name, description: meaning + " A partial date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` names the whole period: `from=2023-12-31` matches an event dated `2023-12`.",
                       schema: Schema.string(pattern: datePattern, examples: ["2023", "2023-12", "2025-01-10"]))
    }

    static let from = partialDate("from", "Only records whose period overlaps the period from the start of this date on.")
    static let to = partialDate("to", "Only records whose period overlaps the period up to the end of this date. A `to` before `from` is a 400 on `to`.")

    static let sort = QueryParameter(name: "sort", description: "`-date` newest first (the default) or `date` oldest first; ties by last day, then id (`-date` is the exact reverse).",
                                     schema: Schema.oneOf(DateSort.allCases.map(\.rawValue)).adding("default", .string(DateSort.descending.rawValue)))
    static let limit = QueryParameter(name: "limit", description: "Page size, 1 to \(Limit.maximum); default \(Limit.default).",
                                      schema: Schema.integer(minimum: 1, maximum: Limit.maximum).adding("default", .int(Limit.default)))
    static let cursor = QueryParameter(name: "cursor", description: "Opaque: the `meta.nextCursor` of the previous page, unchanged (or follow `links.next` / the `Link` header). A cursor from another list or sort order is a 400; one made on another dataset version is a 409 (type `/problems/cursor-from-another-version`) whose `first` is the query's first page on this version.",
                                       schema: Schema.string().adding("minLength", 1))

    static func textQuery(_ what: String) -> QueryParameter {
        QueryParameter(name: "q", description: "Words that must all occur in \(what): case-insensitive, whole words, no stemming; `\"quoted phrases\"` in sequence; at most \(TextQuery.maximumWords) words. A value with no word in it is a 400.",
                       schema: Schema.string(pattern: wordPattern, examples: ["maritime", "\"coast guard\""]))
    }

    static func id(_ name: String, _ what: String, _ examples: [String], extra: String = "") -> QueryParameter {
        QueryParameter(name: name, description: "Only events \(what). A value naming nothing in the dataset is a 400 (not an empty list).\(extra)",
                       schema: Schema.string(examples: examples).adding("minLength", 1))
    }

    static func events(_ ex: DatasetExamples, leaderInPath: Bool = false) -> [QueryParameter] {
        var list = [from, to]
        if !leaderInPath { list.append(id("leader", "the leader (a leader id) takes part in", ex.leaderIds)) }
        list += [
            id("country", "involving the country (ISO 3166-1 alpha-2, any case)", ex.countryCodes),
            id("topic", "on the topic (a topic id)", ex.topicIds),
            QueryParameter(name: "type", description: "Only events of this type (the types are listed in `GET /api/v1`).", schema: Schema.oneOf(ex.eventTypes)),
            id("source", "citing the source (a source id) anywhere", ex.sourceIds),
            textQuery("the event's title, summary, outcomes or location"),
            sort, limit, cursor,
        ]
        return list
    }

    static func leaders(_ ex: DatasetExamples) -> [QueryParameter] {
        [
            QueryParameter(name: "country", description: "Only leaders of this country (ISO 3166-1 alpha-2, any case); a country not in the dataset is a 400.",
                           schema: Schema.string(examples: ex.countryCodes).adding("minLength", 1)),
            QueryParameter(name: "office", description: "Part of an office title, case- and diacritic-insensitive (`prime minister`, `Malaysia`). With `asOf`, the office must be the one held then.",
                           schema: Schema.string(examples: ["prime minister"]).adding("minLength", 1)),
            QueryParameter(name: "q", description: "Part of the name or an alias, case- and diacritic-insensitive (`anwar`, `KISHIDA`).",
                           schema: Schema.string(examples: ["anwar"]).adding("minLength", 1)),
            partialDate("asOf", "Only leaders cited as holding an office (matching `office`, if given) during this period: the period overlaps the span from the first to the last evidence of the office (see docs/dataset.md)."),
            limit, cursor,
        ]
    }

    static func sources(_ ex: DatasetExamples) -> [QueryParameter] {
        [
            QueryParameter(name: "publisher", description: "Part of the publisher's name or of a credited wire service, case- and diacritic-insensitive (`reuters`, `japan news`).",
                           schema: Schema.string(examples: ex.publishers.isEmpty ? ["Reuters"] : ex.publishers).adding("minLength", 1)),
            from, to,
            textQuery("the source's title or text"),
            sort, limit, cursor,
        ]
    }

    static let search: [QueryParameter] = [
        QueryParameter(name: "q", description: "Required. Words that must all occur (case-insensitive, whole words; `\"quoted phrases\"` in sequence; at most \(TextQuery.maximumWords) words). Hits are ordered by tf-idf score, then events before sources, then id.",
                       schema: Schema.string(pattern: wordPattern, examples: ["Anwar", "\"official security assistance\""]), required: true),
        QueryParameter(name: "type", description: "Only events or only sources.", schema: Schema.oneOf(SearchHit.Kind.allCases.map(\.rawValue))),
        limit, cursor,
    ]

    static func changes(_ ex: DatasetExamples) -> [QueryParameter] {
        [
            QueryParameter(name: "since", description: "Only versions published after this one (a `version` from the log); a version not in the log is a 400.",
                           schema: Schema.string(examples: ex.versions).adding("minLength", 1)),
            QueryParameter(name: "record", description: "Only entries that change the record with this id, each trimmed to those changes.",
                           schema: Schema.string(examples: ex.eventIds).adding("minLength", 1)),
            QueryParameter(name: "kind", description: "Only changes to records of this kind; with `record`, one record's own history (every record's `links.history`).",
                           schema: Schema.oneOf(RecordKind.allCases.map(\.rawValue))),
            limit, cursor,
        ]
    }

    static let timeline: [QueryParameter] = [from, to]

    static let asOf: [QueryParameter] = [
        partialDate("asOf", "The period to answer for; the level in force at its end. Without it, today (UTC)."),
    ]

    /// `knownAt`, taken by every endpoint of the API: the API answers from a view of the dataset.
    static func knownAt(_ ex: DatasetExamples) -> QueryParameter {
        // The first example is the newest source's date, where every record is known: a generated request
        // with it answers like one without.
        QueryParameter(name: "knownAt", description: "Answer with what the sources published on or before the end of this date support: records keep only citations, source ids and mentions from those sources, a record with none is absent (its URL is a 404 of type `/problems/not-yet-reported` naming when it was first reported), and `meta.knownAt` lists the sources counted and those whose coarse publication date (a month, a year) contains the cutoff, left out. A partial date means the end of its period.",
                       schema: Schema.string(pattern: datePattern, examples: [ex.newestPublication, "2023-12-17", "2015"]))
    }

    /// `format`, for endpoints that offer formats: it wins over `Accept` (for links pasted where headers cannot be set).
    static func format(_ formats: [Format]) -> QueryParameter {
        QueryParameter(name: "format", description: "The representation, instead of `Accept`: " + formats.map { "`\($0.rawValue)` (\($0.type))" }.joined(separator: ", ") + ".",
                       schema: Schema.oneOf(formats.map(\.rawValue)).adding("default", .string(formats[0].rawValue)))
    }
}
