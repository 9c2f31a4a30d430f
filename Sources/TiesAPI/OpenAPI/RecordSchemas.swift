import TiesCore

/// `components/schemas`: every record the API serves, as the `Encodable` models in TiesCore write them
/// (plus the `links` the API adds), the envelopes, and the problem document. The vocabularies that
/// dataset.json defines (event types, outcome kinds) are enums taken from the snapshot being served.
enum RecordSchemas {
    static let partialDatePattern = #"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"#
    static let countryPattern = "^[A-Z]{2}$"

    static func all(info: DatasetInfo) -> Schema.Properties {
        let eventTypes = info.eventTypes.map(\.id)
        let outcomeKinds = info.outcomeKinds.map(\.id)
        return [
            ("PartialDate", partialDate),
            ("Citation", Schema.object("A verbatim quote from a source. `start`/`end` are Unicode scalar (code point) offsets into `GET /api/v1/sources/{sourceId}/text`, end exclusive: in Python `text[start:end] == quote`, in JavaScript `Array.from(text).slice(start, end).join(\"\") === quote`.", citation)),
            ("SourceCitation", Schema.object("A citation seen from the source it points into: the record holding it and where in that record (offices belong to a leader; outcomes and locations to an event).", sourceCitation)),
            ("MentionSpan", Schema.object("An alias as it stands in the source text, with its scalar offsets.", [
                ("start", offset), ("end", offset), ("text", Schema.string()),
            ])),
            ("Mentions", Schema.object("Every mention of one entity in one source, found from its aliases (case-sensitive, whole words, longest alias wins).", [
                ("sourceId", Schema.string()), ("count", Schema.integer(minimum: 0)), ("spans", Schema.array(Schema.ref("MentionSpan"))),
            ])),
            ("TextSpan", Schema.object("A match: scalar offsets into the field (or, in a snippet's `highlights`, into the snippet).", [
                ("start", offset), ("end", offset),
            ])),

            ("Cite", Schema.object("A ready-to-paste attribution from the record's strongest citation (printed metadata before inferred, a day before a month, a report before a summary), and each citation's source with links to the quote. Inferred publishers and dates are said to be inferred in `text`.", [
                ("text", Schema.string("“Reuters reported on 16 December 2023 that “…”.”", examples: ["Reuters reported on 16 December 2023 that “Japan and Malaysia forge a comprehensive strategic partnership”."])),
                ("sourceId", Schema.string()),
                ("quote", Schema.string()),
                ("record", Schema.string("The record's path.")),
                ("quoteLink", Schema.string("The quote in the source text: `/api/v1/sources/{id}/text#start-end` (Unicode scalar offsets).")),
                ("readerLink", Schema.string("The dashboard's reader opened at the quote.")),
                ("styles", Schema.string("`…/citation`: the same citation in APA, Chicago or MLA (`?style=`).")),
                ("citations", Schema.array(Schema.ref("CitedSource"))),
            ])),
            ("CitedSource", Schema.object("What citing needs of the source of one of the record's citations (same order as `citations`).", [
                ("sourceId", Schema.string()),
                ("credit", Schema.nullable(Schema.string(), "Who to credit: the publisher, else the wire services; null for a summary nobody signs.")),
                ("publisher", Schema.nullable(Schema.string())),
                ("publisherInferred", Schema.boolean()),
                ("title", Schema.string()),
                ("published", Schema.object("The publication date at its precision.", [
                    ("date", Schema.string()), ("precision", Schema.oneOf(["day", "month", "year"])), ("inferred", Schema.boolean()),
                ])),
                ("quoteLink", Schema.string()),
                ("readerLink", Schema.string()),
            ])),
            ("Event", Schema.object("Something that happened, or was scheduled, as the sources report it.", event(eventTypes, outcomeKinds))),
            ("Location", Schema.object("Where an event took place, as cited.", [
                ("name", Schema.string()),
                ("detail", Schema.nullable(Schema.string())),
                ("country", Schema.nullable(Schema.string(pattern: countryPattern), "ISO 3166-1 alpha-2; null for a place in no one country (a sea).")),
                ("citations", citations),
            ])),
            ("Participant", Schema.object("A person taking part, with the role held then; `leaderId` and `name` are null for people the sources name only by role.", [
                ("leaderId", Schema.nullable(Schema.string())),
                ("name", Schema.nullable(Schema.string())),
                ("role", Schema.string()),
                ("country", Schema.string(pattern: countryPattern)),
            ])),
            ("Outcome", Schema.object("What an event produced, as cited.", [
                ("kind", Schema.oneOf(outcomeKinds, "An outcome kind of dataset.json (listed in `GET /api/v1`).")),
                ("description", Schema.string()),
                ("amounts", Schema.array(Schema.ref("Amount"))),
                ("citations", citations),
            ])),
            ("Amount", Schema.object("Money as printed: `400 million yen` is `{value: 400000000, currency: \"JPY\", asPrinted: \"400 million yen\"}`.", [
                ("value", Schema.number()),
                ("currency", Schema.string("ISO 4217.", pattern: "^[A-Z]{3}$")),
                ("asPrinted", Schema.string()),
            ])),

            ("Leader", Schema.object("A leader or official named in the sources.", leader)),
            ("Office", Schema.object("An office the sources cite the person as holding. `from`/`to` only where a source says when it began or ended; `citedOn` lists the publication dates of the sources citing the person in it. `inferred` marks a title the quotes do not state in full (`reason` says what is inferred).", [
                ("title", Schema.string()),
                ("country", Schema.string(pattern: countryPattern)),
                ("from", Schema.nullable(Schema.ref("PartialDate"))),
                ("to", Schema.nullable(Schema.ref("PartialDate"))),
                ("inferred", Schema.boolean()),
                ("reason", Schema.nullable(Schema.string())),
                ("citedOn", Schema.array(Schema.ref("PartialDate"))),
                ("citations", citations),
            ])),

            ("PartnershipLevel", Schema.object("A rung of the relationship's ladder, with the date and event that reached it.", partnershipLevel)),
            ("PartnershipLevelAsOf", Schema.object("The level in force at the end of the `asOf` period: `level` is the highest level certainly reached by then; `possiblyReached` a higher level whose `reached` period contains that day (the sources cannot say which one was in force).", [
                ("asOf", Schema.ref("PartialDate")),
                ("level", Schema.nullable(Schema.ref("PartnershipLevel"))),
                ("possiblyReached", Schema.nullable(Schema.ref("PartnershipLevel"))),
            ])),

            ("Source", Schema.object("An article or government record the data cites.", source)),
            ("SourceDetail", Schema.object("A source with every citation into it, ordered by offset.",
                                           sourceFields + [("citations", Schema.array(Schema.ref("SourceCitation")))] + [sourceLinks])),
            ("Publisher", Schema.object("Who published the source; `inferred` when recognised from page chrome or the record's form rather than printed, with the reason.", [
                ("name", Schema.string()), ("inferred", Schema.boolean()), ("reason", Schema.nullable(Schema.string())),
            ])),
            ("Published", Schema.object("When the source was published, as printed or inferred. `time` is 24-hour; `timeZone` only as printed.", [
                ("date", Schema.string(pattern: partialDatePattern)),
                ("precision", precision),
                ("time", Schema.nullable(Schema.string(pattern: "^[0-9]{2}:[0-9]{2}$"))),
                ("timeZone", Schema.nullable(Schema.string())),
                ("asPrinted", Schema.nullable(Schema.string())),
                ("inferred", Schema.boolean()),
                ("reason", Schema.nullable(Schema.string())),
                ("note", Schema.nullable(Schema.string())),
            ])),

            ("Topic", Schema.object("A term of the topic vocabulary.", topic)),
            ("TopicDetail", Schema.object("A topic with its events, newest first.", topic + [("events", Schema.array(Schema.ref("Event")))])),
            ("Country", Schema.object("A country named in the data. `notMentions` are phrases that contain an alias but do not mention the country (\"South China Sea\").", country)),
            ("CountryDetail", Schema.object("A country with its events, newest first.", country + [("events", Schema.array(Schema.ref("Event")))])),

            ("TimelineYear", Schema.object("The timeline rows of one year (the year of each row's start date).", [
                ("year", Schema.integer()), ("entries", Schema.array(Schema.ref("TimelineEntry"))),
            ])),
            ("TimelineEntry", Schema.object("An event, or a partnership-level change following the event that reached it (with that event's `type` and `status`, and the level's `rank`).", [
                ("kind", Schema.oneOf(["event", "partnership-level"])),
                ("id", Schema.string("The event's id, or the level's.")),
                ("date", Schema.ref("PartialDate")),
                ("endDate", Schema.nullable(Schema.ref("PartialDate"))),
                ("title", Schema.string()),
                ("type", Schema.oneOf(eventTypes)),
                ("status", eventStatus),
                ("eventId", Schema.string()),
                ("partnershipLevelId", Schema.nullable(Schema.string())),
                ("rank", Schema.nullable(Schema.integer(minimum: 1))),
                ("links", links(["self"], optional: ["event"])),
            ], optional: [])),

            ("SearchHit", Schema.object("A search result. `field` names where the match is (`title`, `summary`, `outcomes[1].description`, `location.name`; for sources `title` or `text`); `snippet.start`/`end` and `matches` are scalar offsets into that field (for a source's `text`, into the source text, like citations). Ordered by `score` (tf-idf), then events before sources, then id.", [
                ("kind", Schema.oneOf(["event", "source"])),
                ("id", Schema.string()),
                ("title", Schema.string()),
                ("score", Schema.number("tf-idf relevance; comparable only within one dataset version.")),
                ("field", Schema.string()),
                ("snippet", Schema.ref("Snippet")),
                ("matches", Schema.array(Schema.ref("TextSpan"))),
                ("links", links(["self"], optional: ["text"])),
            ])),
            ("Snippet", Schema.object("A verbatim stretch of the matched field around the first match; `highlights` are relative to the snippet.", [
                ("text", Schema.string()), ("start", offset), ("end", offset), ("highlights", Schema.array(Schema.ref("TextSpan"))),
            ])),

            ("DatasetIndex", Schema.object("What the dataset is about, its version and size, and where everything is.", index)),
            ("VocabularyTerm", Schema.object(nil, [("id", Schema.string()), ("description", Schema.string())])),

            ("Problem", problem),
            ("ParameterProblem", Schema.object("One bad query parameter: its name, what is wrong, and the value sent (null when it was missing).", [
                ("parameter", Schema.string()), ("message", Schema.string()), ("value", Schema.nullable(Schema.string())),
            ])),

            ("ListMeta", Schema.object("A page of a paginated list.", [
                ("total", Schema.integer("Records matching the query, on all pages.", minimum: 0)),
                ("limit", Schema.integer("The page size asked for (default 50).", minimum: 1, maximum: Limit.maximum)),
                ("nextCursor", Schema.nullable(Schema.string(), "Opaque cursor of the next page; null on the last page.")),
                ("datasetVersion", datasetVersion),
                ("licence", Schema.ref("Licence")),
                ("knownAt", Schema.ref("KnownAt")),
            ], optional: ["knownAt"])),
            ("CollectionMeta", Schema.object("A whole collection in one response (not paginated).", [
                ("total", Schema.integer("Records in the collection (for the timeline: entries over all years).", minimum: 0)),
                ("limit", ["type": "null"]),
                ("nextCursor", ["type": "null"]),
                ("datasetVersion", datasetVersion),
                ("licence", Schema.ref("Licence")),
                ("knownAt", Schema.ref("KnownAt")),
            ], optional: ["knownAt"])),
            ("ListLinks", Schema.object(nil, [
                ("self", Schema.string("This page's URL, the query re-encoded canonically.")),
                ("next", Schema.nullable(Schema.string(), "The next page's URL (also in the `Link` header); null on the last page.")),
            ])),
            ("SingleMeta", Schema.object(nil, [("datasetVersion", datasetVersion), ("licence", Schema.ref("Licence")),
                                               ("knownAt", Schema.ref("KnownAt"))], optional: ["knownAt"])),
            ("KnownAt", Schema.object("Present when the request asked `knownAt`: the cutoff, the sources published on or before it (the only ones the records cite), and the sources whose publication date is too coarse to tell (their period contains the cutoff), left out.", [
                ("date", Schema.string(pattern: ParameterDocs.datePattern)),
                ("sources", Schema.array(Schema.string())),
                ("possiblyPublished", Schema.array(Schema.string())),
            ])),
            ("Licence", Schema.object("The dataset's licence (dataset.json): the records' licence by name and URL (also `Link: <url>; rel=\"license\"` on every response), and in words what may be done with records, quotes and source texts.", [
                ("name", Schema.nullable(Schema.string(examples: ["CC BY 4.0"]))),
                ("url", Schema.nullable(Schema.string())),
                ("text", Schema.string()),
            ])),
            ("SourceRights", Schema.object("What may be done with a source: its text belongs to its publisher and is served only so quotes can be checked (`fullTextRedistributable` false); its short quotes may be quoted, credited.", [
                ("holder", Schema.string("Who holds the text, as far as the source tells.")),
                ("fullTextRedistributable", Schema.boolean()),
                ("quotes", Schema.string()),
                ("fullText", Schema.string()),
            ])),

            ("ChangeEntry", Schema.object("One published dataset version from changelog.json: when, why (an editor's words), and every record it added, changed (naming the fields) or retired. `counts` sums `changes`.", [
                ("version", datasetVersion),
                ("publishedAt", Schema.string("RFC 3339, UTC.", format: "date-time")),
                ("reason", Schema.string()),
                ("counts", Schema.object(nil, [("added", Schema.integer(minimum: 0)), ("changed", Schema.integer(minimum: 0)), ("retired", Schema.integer(minimum: 0))])),
                ("changes", Schema.array(Schema.ref("RecordChange"))),
            ])),
            ("RecordChange", Schema.object("One record's change. `link` is its URL: a retired id's answers 301 to `replacedBy` or 410.", [
                ("kind", Schema.oneOf(RecordKind.allCases.map(\.rawValue))),
                ("id", Schema.string()),
                ("change", Schema.oneOf(RecordChange.Change.allCases.map(\.rawValue))),
                ("fields", Schema.array(Schema.string(), "For `changed`: the fields whose values differ.")),
                ("replacedBy", Schema.nullable(Schema.string(), "For `retired`: the record that takes its place.")),
                ("link", Schema.string()),
            ])),
            ("Health", Schema.object("The process answers.", [("status", Schema.constant("ok"))])),
            ("Readiness", Schema.object("Whether the server takes traffic, the dataset version it serves, and how the last (re)load went.", [
                ("status", Schema.oneOf(["ready", "draining"])),
                ("datasetVersion", datasetVersion),
                ("loadedAt", Schema.string(format: "date-time")),
                ("source", Schema.string("`embedded dataset` or the data directory.")),
                ("lastReload", Schema.ref("ReloadReport")),
            ])),
            ("ReloadReport", Schema.object("The outcome of a dataset (re)load; on failure the previous version keeps serving and `errors` lists every problem.", [
                ("result", Schema.oneOf(["success", "failure"])),
                ("at", Schema.string(format: "date-time")),
                ("datasetVersion", datasetVersion),
                ("durationMs", Schema.number()),
                ("errors", Schema.array(Schema.string())),
            ])),
        ]
    }

    /// Envelope schemas, one per record kind served: `<Record>List` (paginated or whole collection) and
    /// `<Record>Response`.
    static func envelope(list record: String, paged: Bool) -> JSONNode {
        Schema.object(nil, [
            ("data", Schema.array(Schema.ref(record))),
            ("meta", Schema.ref(paged ? "ListMeta" : "CollectionMeta")),
            ("links", Schema.ref("ListLinks")),
        ])
    }

    static func envelope(single record: String) -> JSONNode {
        Schema.object(nil, [("data", Schema.ref(record)), ("meta", Schema.ref("SingleMeta"))])
    }

    // MARK: - Parts

    static let offset = Schema.integer("Unicode scalar offset.", minimum: 0)
    static let citations = Schema.array(Schema.ref("Citation"))
    static let precision = Schema.oneOf(PartialDate.Precision.allCases.map(\.rawValue))
    static let eventStatus = Schema.oneOf(Event.Status.allCases.map(\.rawValue), "`happened` (reported as having taken place, or under way) or `scheduled` (reported only as planned).")
    static let datasetVersion = Schema.string("The dataset version serving (a prefix of its content hash).")
    static let ids = Schema.array(Schema.string())

    static func links(_ required: [String], optional: [String] = []) -> JSONNode {
        Schema.object("Where this record and its related resources are.", (required + optional).map { ($0, Schema.string()) },
                      optional: Set(optional))
    }

    static let partialDate = Schema.object("A date known to a stated precision; `date` has exactly that many parts and names the whole period. `approximate` marks a date resolved from relative wording against the article's own date; `qualifier: \"by\"` means on or before; `note` says how the date was derived.", [
        ("date", Schema.string(pattern: partialDatePattern, examples: ["2023-12"])),
        ("precision", precision),
        ("approximate", Schema.boolean()),
        ("qualifier", Schema.nullable(Schema.oneOf(PartialDate.Qualifier.allCases.map(\.rawValue)))),
        ("note", Schema.nullable(Schema.string())),
    ])

    static let citation: Schema.Properties = [
        ("sourceId", Schema.string()), ("quote", Schema.string("Verbatim source text.")), ("start", offset), ("end", offset),
    ]

    static let sourceCitation: Schema.Properties = [
        ("recordType", Schema.oneOf(["event", "leader", "office", "outcome", "location", "partnership-level"])),
        ("recordId", Schema.string()),
        ("field", Schema.string("Where in the record: `citations[0]`, `offices[1].citations[0]`, `outcomes[2].citations[1]`.")),
    ] + citation

    static func event(_ eventTypes: [String], _ outcomeKinds: [String]) -> Schema.Properties {
        [
            ("id", Schema.string("Stable lowercase slug.", examples: ["2025-01-10-ishiba-anwar-summit"])),
            ("type", Schema.oneOf(eventTypes, "An event type of dataset.json (listed in `GET /api/v1`).")),
            ("title", Schema.string()),
            ("summary", Schema.string()),
            ("date", Schema.ref("PartialDate")),
            ("endDate", Schema.nullable(Schema.ref("PartialDate"))),
            ("status", eventStatus),
            ("location", Schema.nullable(Schema.ref("Location"))),
            ("participants", Schema.array(Schema.ref("Participant"))),
            ("countries", Schema.array(Schema.string(pattern: countryPattern))),
            ("topics", ids),
            ("outcomes", Schema.array(Schema.ref("Outcome"))),
            ("partnershipLevelId", Schema.nullable(Schema.string())),
            ("relatedEventIds", ids),
            ("citations", citations),
            ("sourceIds", Schema.array(Schema.string(), "Distinct sources cited anywhere in the event (its own, its outcomes' and its location's citations).")),
            ("corroboration", Schema.integer("The number of distinct sources citing the record.", minimum: 0)),
            ("cite", Schema.ref("Cite")),
            ("links", links(["self", "history"])),
        ]
    }

    static let leader: Schema.Properties = [
        ("id", Schema.string(examples: ["anwar-ibrahim"])),
        ("name", Schema.string()),
        ("country", Schema.string(pattern: countryPattern)),
        ("aliases", Schema.array(Schema.string(), "Every form of the name, exactly as written in the sources.")),
        ("offices", Schema.array(Schema.ref("Office"))),
        ("eventIds", ids),
        ("mentions", Schema.array(Schema.ref("Mentions"))),
        ("citations", citations),
        ("sourceIds", ids),
        ("corroboration", Schema.integer(minimum: 0)),
        ("cite", Schema.ref("Cite")),
        ("links", links(["self", "events", "history"])),
    ]

    static let partnershipLevel: Schema.Properties = [
        ("id", Schema.string(examples: ["comprehensive-strategic-partnership"])),
        ("name", Schema.string()),
        ("rank", Schema.integer("1 is the lowest rung; ranks are unique.", minimum: 1)),
        ("spellings", Schema.array(Schema.string(), "Every spelling the sources use, as written.")),
        ("reached", Schema.ref("PartialDate")),
        ("eventId", Schema.string()),
        ("citations", citations),
        ("sourceIds", ids),
        ("corroboration", Schema.integer(minimum: 0)),
        ("mentions", Schema.array(Schema.ref("Mentions"))),
        ("cite", Schema.ref("Cite")),
        ("links", links(["self", "event", "history"])),
    ]

    static let sourceFields: Schema.Properties = [
        ("id", Schema.string()),
        ("title", Schema.string()),
        ("kind", Schema.oneOf(Source.Kind.allCases.map(\.rawValue))),
        ("language", Schema.string("BCP 47 language tag.")),
        ("url", Schema.nullable(Schema.string())),
        ("publisher", Schema.nullable(Schema.ref("Publisher"), "Null when the outlet is unknown (wire copy on an unidentified site).")),
        ("wireServices", Schema.array(Schema.string())),
        ("published", Schema.ref("Published")),
        ("originalFile", Schema.nullable(Schema.string())),
        ("removed", Schema.array(Schema.string(), "What page chrome was cut from the original.")),
        ("notes", Schema.array(Schema.string())),
        ("textLength", Schema.integer("Length of the text in Unicode scalars (the offset unit).", minimum: 0)),
        ("citationCount", Schema.integer(minimum: 0)),
        ("rights", Schema.ref("SourceRights")),
    ]
    static let sourceLinks: (String, JSONNode) = ("links", links(["self", "text", "history"]))
    static let source: Schema.Properties = sourceFields + [sourceLinks]

    static let topic: Schema.Properties = [
        ("id", Schema.string()), ("name", Schema.string()), ("description", Schema.string()),
        ("eventCount", Schema.integer(minimum: 0)), ("links", links(["self", "events", "history"])),
    ]

    static let country: Schema.Properties = [
        ("code", Schema.string("ISO 3166-1 alpha-2.", pattern: countryPattern)),
        ("name", Schema.string()),
        ("aliases", Schema.array(Schema.string())),
        ("notMentions", Schema.array(Schema.string())),
        ("leaderIds", ids),
        ("eventCount", Schema.integer(minimum: 0)),
        ("mentions", Schema.array(Schema.ref("Mentions"))),
        ("links", links(["self", "events", "history"])),
    ]

    static let index: Schema.Properties = [
        ("name", Schema.constant("Ties")),
        ("formatVersion", Schema.integer(minimum: 1)),
        ("title", Schema.string()),
        ("description", Schema.string()),
        ("subjectCountries", Schema.array(Schema.string(pattern: countryPattern))),
        ("licence", Schema.string()),
        ("licenceName", Schema.nullable(Schema.string())),
        ("licenceURL", Schema.nullable(Schema.string())),
        ("notes", Schema.array(Schema.string())),
        ("eventTypes", Schema.array(Schema.ref("VocabularyTerm"))),
        ("outcomeKinds", Schema.array(Schema.ref("VocabularyTerm"))),
        ("datasetVersion", datasetVersion),
        ("contentHash", Schema.string("SHA-256 of the dataset files.", pattern: "^[0-9a-f]{64}$")),
        ("counts", Schema.object(nil, ["sources", "events", "leaders", "partnershipLevels", "topics", "countries", "citations", "mentions"]
            .map { ($0, Schema.integer(minimum: 0)) })),
        ("links", Schema.object(nil, OverviewEndpoints.Index.links.map { ($0.0, Schema.string()) })),
    ]

    static let problem = Schema.object("An RFC 9457 problem document: every error has this shape. `type` is `about:blank` for generic HTTP failures (the title is then the status phrase) or a Ties kind under `/problems/` (`invalid-parameters`, `not-found`, `not-yet-reported`, `not-acceptable`, `cursor-from-another-version`, `rate-limited`). `errors` is present for bad query parameters only, naming each one.", [
        ("type", Schema.string(format: "uri-reference", examples: ["/problems/invalid-parameters"])),
        ("title", Schema.string()),
        ("status", Schema.integer(minimum: 400, maximum: 599)),
        ("detail", Schema.string()),
        ("instance", Schema.string("The request target, or `urn:ties:request:<X-Request-Id>`.", format: "uri-reference")),
        ("errors", Schema.array(Schema.ref("ParameterProblem"))),
        ("firstReported", Schema.string("`/problems/not-yet-reported`: the publication date of the earliest source the record cites.", pattern: ParameterDocs.datePattern)),
        ("firstReportedBy", Schema.string("`/problems/not-yet-reported`: that source's id.")),
        ("cursorVersion", Schema.string("`/problems/cursor-from-another-version`: the dataset version the cursor was made on.")),
        ("datasetVersion", Schema.string("`/problems/cursor-from-another-version`: the version served now.")),
        ("first", Schema.string("`/problems/cursor-from-another-version`: the first page of the same query on this version.")),
    ], optional: ["instance", "errors", "firstReported", "firstReportedBy", "cursorVersion", "datasetVersion", "first"])
}
