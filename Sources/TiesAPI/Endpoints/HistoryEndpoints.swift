import TiesCore
import TiesHTTP

/// `GET /api/v1/changes` (JSON or Atom) and `/api/v1/changes.atom`: the dataset's change log, newest version
/// first, from changelog.json. The feed is the corrections feed a newsroom subscribes to.
enum HistoryEndpoints {
    static let all: [Endpoint] = [
        Endpoint(Paths.base + "/changes", formats: [.json, .atom]) { call throws(Problem) in try changes(call, format: call.format) },
        Endpoint(Paths.base + "/changes.atom", formats: [], fixed: Fixed.none) { call throws(Problem) in try changes(call, format: .atom) },
    ]

    static func changes(_ call: Call, format: Format) throws(Problem) -> Document {
        let query = try call.query { () throws(QueryError) in try ChangeQuery(parameters: call.query) }
        if format == .atom {
            let x = Export(call, fixed: .atom)
            let c = try x.collect(query, limit: \.limit, cursor: \.cursor) { q throws(QueryError) in try call.snapshot.changes(q) }
            let next = x.nextLink(cursor: c.nextCursor)
            var doc = x.document(ChangesFeed.feed(c.items, x, next: next), next: next)
            doc.negotiated = call.path.hasSuffix(".atom") ? false : true
            return tagged(doc, call, extra: [("@base", x.base)])
        }
        let page = try call.query { () throws(QueryError) in try call.snapshot.changes(query) }
        let encoder = OrderedJSONEncoder()
        let records = page.items.compactMap { try? encoder.encode(EntryJSON(entry: $0)) }
        let next = call.nextLink(cursor: page.nextCursor)
        var doc = call.json(Envelope.list(records, total: page.total, limit: page.limit, nextCursor: page.nextCursor,
                                          meta: call.meta, selfLink: call.selfLink, nextLink: next))
        if let next { doc.headers.append(("Link", "<\(next)>; rel=\"next\"")) }
        return tagged(doc, call)
    }

    /// The log is not part of the dataset version it describes: its own hash goes into the tag, so an edited
    /// reason is never answered with a 304.
    static func tagged(_ doc: Document, _ call: Call, extra: [(name: String, value: String)] = []) -> Document {
        var doc = doc
        doc.etag = ETag.make(datasetVersion: call.version, path: call.path,
                             query: call.canonicalQuery + extra + [("@history", call.snapshot.history.hash)],
                             mediaType: doc.mediaType.split(separator: ";").first.map(String.init) ?? doc.mediaType)
        return doc
    }

    /// The API path of a record of the log (a retired one answers 301 or 410 there).
    static func path(_ kind: RecordKind, _ id: String) -> String {
        switch kind {
        case .event: Paths.event(id)
        case .leader: Paths.leader(id)
        case .partnershipLevel: Paths.level(id)
        case .source: Paths.source(id)
        case .topic: Paths.topic(id)
        case .country: Paths.country(id)
        }
    }

    /// `links.history` of a record: its own entries in the log.
    static func historyLink(_ kind: RecordKind, _ id: String) -> String {
        Paths.base + "/changes?kind=" + kind.rawValue + "&record=" + Paths.queryEscaped(id)
    }

    /// An entry as the API shows it: each change with the link to its record.
    struct EntryJSON: Encodable {
        let entry: ChangelogEntry

        struct ChangeJSON: Encodable {
            let change: RecordChange
            enum Key: String, CodingKey { case link }
            func encode(to encoder: any Encoder) throws {
                try change.encode(to: encoder)
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(HistoryEndpoints.path(change.kind, change.id), forKey: .link)
            }
        }

        enum Key: String, CodingKey { case version, publishedAt, reason, counts, changes }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(entry.version, forKey: .version)
            try c.encode(entry.publishedAt, forKey: .publishedAt)
            try c.encode(entry.reason, forKey: .reason)
            try c.encode(ChangeCounts(entry.changes), forKey: .counts)
            try c.encode(entry.changes.map(ChangeJSON.init), forKey: .changes)
        }
    }

    struct ChangeCounts: Encodable {
        let added: Int, changed: Int, retired: Int
        init(_ changes: [RecordChange]) {
            added = changes.filter { $0.change == .added }.count
            changed = changes.filter { $0.change == .changed }.count
            retired = changes.filter { $0.change == .retired }.count
        }
        enum Key: String, CodingKey { case added, changed, retired }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(added, forKey: .added)
            try c.encode(changed, forKey: .changed)
            try c.encode(retired, forKey: .retired)
        }
    }
}
