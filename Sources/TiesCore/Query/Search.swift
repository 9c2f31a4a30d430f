/// What `GET /search` asks for.
public struct SearchQuery: Sendable, Hashable {
    public var q: TextQuery
    /// Only events or only sources; nil for both.
    public var kind: SearchHit.Kind?
    public var limit: Int
    public var cursor: String?

    public init(q: TextQuery, kind: SearchHit.Kind? = nil, limit: Int = Limit.default, cursor: String? = nil) {
        self.q = q
        self.kind = kind
        self.limit = limit
        self.cursor = cursor
    }
}

/// A search result: which record, how well it matched, and where.
public struct SearchHit: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
        case event, source

        /// Parses the `type` parameter of `/search`: `event` or `source`.
        public static func parse(_ text: String, parameter: String = "type") throws(ParameterError) -> Kind {
            guard let k = Kind(rawValue: text) else {
                throw ParameterError(parameter: parameter, value: text, message: "must be 'event' or 'source'")
            }
            return k
        }
    }

    /// A verbatim stretch of the matched field around the first match.
    public struct Snippet: Sendable, Hashable, Encodable {
        public let text: String
        /// Where the snippet starts and ends in the field (scalar offsets; for a source's `text` field these
        /// are offsets into the source text, like citations).
        public let start: Int
        public let end: Int
        /// The matches inside the snippet, relative to the snippet's start.
        public let highlights: [TextSpan]

        enum CodingKeys: String, CodingKey { case text, start, end, highlights }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(highlights, forKey: .highlights)
        }
    }

    public let kind: Kind
    public let id: String
    public let title: String
    /// tf-idf relevance; higher is better. Comparable only within one snapshot.
    public let score: Double
    /// The field the snippet comes from: `title`, `summary`, `outcomes[1].description`, `location.name`
    /// (events); `title`, `text` (sources).
    public let field: String
    public let snippet: Snippet
    /// Every match in `field`, as scalar offsets into it.
    public let matches: [TextSpan]

    enum CodingKeys: String, CodingKey { case kind, id, title, score, field, snippet, matches }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(score, forKey: .score)
        try c.encode(field, forKey: .field)
        try c.encode(snippet, forKey: .snippet)
        try c.encode(matches, forKey: .matches)
    }
}

extension Snapshot {
    /// Full-text search over events and sources: every word of `q` must occur (phrases in sequence).
    /// Ordered by score, then events before sources, then id; keyset-paged.
    public func search(_ query: SearchQuery) throws(QueryError) -> Page<SearchHit> {
        var errors: [ParameterError] = []
        Limit.check(query.limit, into: &errors)
        var after: (score: Double, kind: Int, id: String)?
        if let cursor = query.cursor {
            do throws(ParameterError) {
                let f = try Cursor.decode(cursor, tag: "se1", count: 4, version: version)
                guard let bits = UInt64(f[1], radix: 16), let kind = Int(f[2]) else {
                    throw ParameterError(parameter: "cursor", value: cursor, message: "not a cursor from this list")
                }
                after = (Double(bitPattern: bits), kind, f[3])
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw QueryError(errors) }

        struct Candidate { let kind: Int; let position: Int; let score: Double; let id: String }
        var all: [Candidate] = []
        if query.kind != .source {
            for m in eventSearch.scoredDocuments(query.q, fields: { self.events[$0].searchFields }) {
                all.append(Candidate(kind: 0, position: Int(m.doc), score: m.score, id: events[Int(m.doc)].id))
            }
        }
        if query.kind != .event {
            for m in sourceSearch.scoredDocuments(query.q, fields: { self.sources[$0].searchFields }) {
                all.append(Candidate(kind: 1, position: Int(m.doc), score: m.score, id: sources[Int(m.doc)].id))
            }
        }
        func precedes(_ a: (Double, Int, String), _ b: (Double, Int, String)) -> Bool {
            if a.0 != b.0 { return a.0 > b.0 }
            if a.1 != b.1 { return a.1 < b.1 }
            return a.2 < b.2
        }
        let total = all.count
        if let a = after { all.removeAll { !precedes((a.score, a.kind, a.id), ($0.score, $0.kind, $0.id)) } }
        // Only the page is ordered: keep the best `limit` in a heap whose root is the worst kept.
        func before(_ x: Candidate, _ y: Candidate) -> Bool { precedes((x.score, x.kind, x.id), (y.score, y.kind, y.id)) }
        var heap: [Candidate] = []
        heap.reserveCapacity(query.limit + 1)
        for c in all {
            if heap.count < query.limit {
                heap.append(c)
                var i = heap.count - 1
                while i > 0 { let p = (i - 1) / 2; if before(heap[p], heap[i]) { heap.swapAt(p, i); i = p } else { break } }
            } else if let worst = heap.first, before(c, worst) {
                heap[0] = c
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < heap.count && before(heap[m], heap[l]) { m = l }
                    if r < heap.count && before(heap[m], heap[r]) { m = r }
                    if m == i { break }
                    heap.swapAt(i, m)
                    i = m
                }
            }
        }
        let page = heap.sorted(by: before)
        let remaining = all.count - page.count
        let hits = page.map { c -> SearchHit in
            if c.kind == 0 {
                let e = events[c.position]
                return hit(.event, id: e.id, title: e.title, score: c.score, fields: e.searchFields, q: query.q, index: eventSearch)
            }
            let s = sources[c.position]
            return hit(.source, id: s.id, title: s.title, score: c.score, fields: s.searchFields, q: query.q, index: sourceSearch)
        }
        var next: String?
        if remaining > 0, let last = page.last {
            next = Cursor.encode(["se1", String(last.score.bitPattern, radix: 16), String(last.kind), last.id], version: version)
        }
        return Page(items: hits, total: total, limit: query.limit, nextCursor: next)
    }

    /// The hit for one record: the field with the most matches (the first such, in field order) and a
    /// snippet of about 200 scalars around its first match, cut at spaces.
    func hit(_ kind: SearchHit.Kind, id: String, title: String, score: Double,
             fields: [(name: String, text: String)], q: TextQuery, index: TextIndex) -> SearchHit {
        var best: (name: String, text: String, spans: [TextSpan])?
        for f in fields {
            let spans = index.matchSpans(q, in: f.text)
            if spans.count > (best?.spans.count ?? 0) { best = (f.name, f.text, spans) }
        }
        let chosen = best ?? (fields.first?.name ?? "title", fields.first?.text ?? title, [])
        let scalars = Array(chosen.text.unicodeScalars)
        let first = chosen.spans.first ?? TextSpan(start: 0, end: 0)
        var a = max(0, first.start - 60)
        if a > 0 {
            var k = a
            while k < first.start && !scalars[k - 1].properties.isWhitespace { k += 1 }
            a = k
        }
        var b = min(scalars.count, max(first.end, a + 200))
        if b < scalars.count {
            var k = b
            while k > first.end && !scalars[k].properties.isWhitespace { k -= 1 }
            b = k
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[a..<b])
        let highlights = chosen.spans.filter { $0.start >= a && $0.end <= b }.map { TextSpan(start: $0.start - a, end: $0.end - a) }
        return SearchHit(kind: kind, id: id, title: title, score: score, field: chosen.name,
                         snippet: .init(text: String(text), start: a, end: b, highlights: highlights), matches: chosen.spans)
    }
}
