import TiesCore

/// schema.org in JSON-LD (`@context: https://schema.org`): events as `Event`, leaders as `Person`, sources
/// as `NewsArticle` (news reports), `Report` (government records) or `Article` (summaries), each with its
/// `publisher` and `datePublished`. Facts point to their sources with `citation`. Every node's `@id` is the
/// absolute URL of its API record, so nodes from different documents merge; `url` is the dashboard view.
/// A list is an `ItemList` of `ListItem`s in the list's order.
enum JSONLD {
    typealias Node = JSONNode

    /// The document: `@context` first, then the node's own keys. `<` is written `\u003c` so the output
    /// can be pasted into an HTML `<script type="application/ld+json">` without ending it early.
    static func document(_ node: Node) -> [UInt8] {
        guard case .object(let pairs) = node else { return [] }
        var out: [UInt8] = []
        Node.object([("@context", .string("https://schema.org"))] + pairs).write(to: &out)
        var safe: [UInt8] = []
        safe.reserveCapacity(out.count)
        for b in out {
            if b == UInt8(ascii: "<") { safe.append(contentsOf: Array("\\u003c".utf8)) } else { safe.append(b) }
        }
        return safe
    }

    static func string(_ s: String?) -> Node { s.map(Node.string) ?? .null }

    /// An object without the keys whose value is null or an empty list (schema.org has no "unknown").
    static func object(_ pairs: [(String, Node)]) -> Node {
        .object(pairs.filter { pair in
            switch pair.1 {
            case .null: return false
            case .array(let items): return !items.isEmpty
            default: return true
            }
        })
    }

    static func list(_ items: [Node], total: Int, name: String, descending: Bool, _ x: Export) -> Node {
        object([
            ("@type", .string("ItemList")),
            ("@id", .string(x.selfURL)),
            ("name", .string(name)),
            ("numberOfItems", .number(String(total))),
            ("itemListOrder", descending ? .string("https://schema.org/ItemListOrderDescending") : .string("https://schema.org/ItemListOrderAscending")),
            ("itemListElement", .array(items.enumerated().map { i, item in
                .object([("@type", .string("ListItem")), ("position", .number(String(i + 1))), ("item", item)])
            })),
        ])
    }

    static func country(_ code: String?, _ snapshot: Snapshot) -> Node {
        guard let code else { return .null }
        return object([("@type", .string("Country")), ("name", .string(snapshot.country(code: code)?.name ?? code)),
                       ("identifier", .string(code))])
    }

    static func event(_ e: Event, _ x: Export) -> Node {
        let s = x.snapshot
        let location: Node = e.location.map { l in
            object([
                ("@type", .string("Place")),
                ("name", .string(l.name)),
                ("description", string(l.detail)),
                ("address", l.country.map { .object([("@type", .string("PostalAddress")), ("addressCountry", .string($0))]) } ?? .null),
            ])
        } ?? .null
        let attendees: [Node] = e.participants.map { p in
            object([
                ("@type", .string("Person")),
                ("@id", p.leaderId.map { .string(x.url(Paths.leader($0))) } ?? .null),
                ("name", string(p.name)),
                ("jobTitle", .string(p.role)),
                ("nationality", country(p.country, s)),
            ])
        }
        let about: [Node] = e.topics.map { t in
            object([
                ("@type", .string("DefinedTerm")),
                ("@id", .string(x.url(Paths.topic(t)))),
                ("termCode", .string(t)),
                ("name", string(s.topic(id: t)?.name)),
                ("inDefinedTermSet", .string(x.url(Paths.base + "/topics"))),
            ])
        }
        return object([
            ("@type", .string("Event")),
            ("@id", .string(x.url(Paths.event(e.id)))),
            ("identifier", .string(e.id)),
            ("name", .string(e.title)),
            ("description", .string(e.summary)),
            // ISO 8601 with the date's own precision: `2023-12` is the month, not its first day.
            ("startDate", .string(e.date.iso)),
            ("endDate", string(e.endDate?.iso)),
            // schema.org's default status covers "taking place or has taken place as scheduled"; it has no
            // value for "reported only as planned", which the API's `status` keeps.
            ("eventStatus", .string("https://schema.org/EventScheduled")),
            ("location", location),
            ("attendee", .array(attendees)),
            ("about", .array(about)),
            ("url", .string(Links.event(e.id, x))),
            ("citation", .array(e.sourceIds.compactMap { s.source(id: $0) }.map { creativeWork($0, x) })),
        ])
    }

    static func person(_ l: Leader, _ x: Export) -> Node {
        let s = x.snapshot
        var titles: [String] = []
        for o in l.offices where !titles.contains(o.title) { titles.append(o.title) }
        return object([
            ("@type", .string("Person")),
            ("@id", .string(x.url(Paths.leader(l.id)))),
            ("identifier", .string(l.id)),
            ("name", .string(l.name)),
            ("alternateName", .array(l.aliases.filter { $0 != l.name }.map(Node.string))),
            ("jobTitle", titles.count == 1 ? .string(titles[0]) : .array(titles.map(Node.string))),
            ("nationality", country(l.country, s)),
            ("url", .string(x.url("/?leader=" + Paths.queryEscaped(l.id)))),
            // schema.org puts `citation` on creative works; for a person the sources are `subjectOf`.
            ("subjectOf", .array(l.sourceIds.compactMap { s.source(id: $0) }.map { creativeWork($0, x) })),
        ])
    }

    static func creativeWork(_ source: Source, _ x: Export) -> Node {
        let type = switch source.kind {
        case .newsReport: "NewsArticle"
        case .governmentRecord: "Report"
        case .summary: "Article"
        }
        let publisher: Node = source.publisher.map { p in
            object([("@type", .string(source.kind == .governmentRecord ? "GovernmentOrganization" : "Organization")),
                    ("name", .string(p.name))])
        } ?? .null
        return object([
            ("@type", .string(type)),
            ("@id", .string(x.url(Paths.source(source.id)))),
            ("identifier", .string(source.id)),
            ("headline", .string(source.title)),
            ("name", .string(source.title)),
            ("inLanguage", .string(source.language)),
            ("datePublished", .string(datePublished(source))),
            ("publisher", publisher),
            ("contributor", .array(source.wireServices.map { object([("@type", .string("Organization")), ("name", .string($0))]) })),
            ("url", string(source.url)),
        ])
    }

    /// The publication date at its precision, with the time and offset when the zone is printed
    /// (`2025-01-10T15:54:00+09:00`), else the date alone (`2025-01`).
    static func datePublished(_ source: Source) -> String {
        let p = source.published
        guard p.date.precision == .day, let time = p.time, let zone = p.timeZone.flatMap({ DatasetTime.zones[$0.uppercased()] }) else {
            return p.date.iso
        }
        let sign = zone < 0 ? "-" : "+"
        return "\(p.date.iso)T\(time):00\(sign)\(DatasetTime.pad(abs(zone) / 60)):\(DatasetTime.pad(abs(zone) % 60))"
    }
}
