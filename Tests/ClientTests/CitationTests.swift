import Foundation
import Testing

/// Every citation the API serves slices back to its quote in `GET /sources/{id}/text`, with `start`/`end` as
/// Unicode scalar offsets: the citations of events (their own, their outcomes' and locations'), of leaders
/// and their offices, of partnership levels, and every citation listed under its source. Mentions and search
/// snippets of source text hold to the same offsets.
@Suite struct CitationTests {
    let c = TestServer.shared.client()

    /// Source texts by id, fetched once per test.
    final class Texts {
        let client: CurlClient
        var cache: [String: ScalarText] = [:]
        init(_ client: CurlClient) { self.client = client }
        func text(_ sourceId: String) throws -> ScalarText {
            if let t = cache[sourceId] { return t }
            let r = try client.request("/api/v1/sources/\(sourceId)/text")
            try #require(r.status == 200, "text of \(sourceId): \(r.status)")
            let t = ScalarText(r.text)
            cache[sourceId] = t
            return t
        }
    }

    struct Cited {
        let owner: String
        let citation: Record
    }

    /// A whole collection: paginated lists in one page of 500, the others as they come.
    func records(_ path: String) throws -> [Record] {
        let paged = ["/api/v1/events", "/api/v1/leaders", "/api/v1/sources"].contains(path)
        return try c.request(path + (paged ? "?limit=500" : "")).records()
    }

    /// Every citation a record kind carries, named by where it is.
    func citations() throws -> [Cited] {
        var out: [Cited] = []
        for e in try records("/api/v1/events") {
            out += e.objects("citations").map { Cited(owner: "event \(e.id)", citation: $0) }
            for (i, o) in e.objects("outcomes").enumerated() {
                out += o.objects("citations").map { Cited(owner: "event \(e.id) outcomes[\(i)]", citation: $0) }
            }
            out += (e.object("location")?.objects("citations") ?? []).map { Cited(owner: "event \(e.id) location", citation: $0) }
        }
        for l in try records("/api/v1/leaders") {
            out += l.objects("citations").map { Cited(owner: "leader \(l.id)", citation: $0) }
            for (i, o) in l.objects("offices").enumerated() {
                out += o.objects("citations").map { Cited(owner: "leader \(l.id) offices[\(i)]", citation: $0) }
            }
        }
        for p in try records("/api/v1/partnership-levels") {
            out += p.objects("citations").map { Cited(owner: "level \(p.id)", citation: $0) }
        }
        return out
    }

    func check(_ cited: Cited, _ texts: Texts, sourceId: String? = nil) throws {
        let c = cited.citation
        let source = try #require(sourceId ?? c.string("sourceId"), "\(cited.owner): no sourceId")
        let quote = try #require(c.string("quote")), start = try #require(c.int("start")), end = try #require(c.int("end"))
        let slice = try texts.text(source).slice(start, end)
        #expect(slice == quote, "\(cited.owner): [\(start), \(end)) of \(source) is \(slice.map { "'\($0)'" } ?? "out of range"), not '\(quote)'")
    }

    @Test func everyRecordCitationSlicesToItsQuote() throws {
        let texts = Texts(c)
        let all = try citations()
        for cited in all { try check(cited, texts) }
        let kinds = Set(all.map { String($0.owner.split(separator: " ")[0]) + ($0.owner.contains("[") || $0.owner.hasSuffix("location") ? "+" : "") })
        #expect(kinds.isSuperset(of: ["event", "event+", "leader+", "level"]), "events, outcomes/locations, offices and levels all cite: \(kinds)")
        let counts = try c.request("/api/v1").record().object("counts")
        #expect(all.count == counts?.int("citations"), "every citation the index counts was checked")
    }

    @Test func everyCitationListedUnderItsSourceSlicesToItsQuoteAndPointsBackToItsRecord() throws {
        let texts = Texts(c)
        var listed = 0
        for source in try records("/api/v1/sources") {
            let detail = try c.request("/api/v1/sources/\(source.id)").record()
            for sc in detail.objects("citations") {
                listed += 1
                #expect(sc.string("sourceId") == source.id)
                try check(Cited(owner: "source \(source.id) ← \(sc.string("recordId") ?? "?").\(sc.string("field") ?? "?")", citation: sc), texts)
                // The record and field it names hold this very citation.
                let kind = sc.string("recordType") ?? ""
                let collection = ["event": "events", "outcome": "events", "location": "events", "leader": "leaders", "office": "leaders",
                                  "partnership-level": "partnership-levels"][kind]
                let path = try #require(collection.map { "/api/v1/\($0)/\(sc.string("recordId") ?? "")" }, "unknown recordType \(kind)")
                let owner = try c.request(path).record()
                let target = try #require(navigate(owner, sc.string("field") ?? ""), "\(path): no \(sc.string("field") ?? "")")
                for key in ["sourceId", "quote", "start", "end"] {
                    #expect((target[key] as? NSObject) == (sc[key] as? NSObject), "\(path) \(sc.string("field") ?? ""): \(key)")
                }
            }
        }
        let counts = try c.request("/api/v1").record().object("counts")
        #expect(listed == counts?.int("citations"), "the sources list every citation once")
    }

    @Test func everyMentionSpanSlicesToItsText() throws {
        let texts = Texts(c)
        var owners: [(String, [Record])] = []
        owners += try records("/api/v1/leaders").map { ("leader \($0.id)", $0.objects("mentions")) }
        owners += try records("/api/v1/countries").map { ("country \($0.id)", $0.objects("mentions")) }
        owners += try records("/api/v1/partnership-levels").map { ("level \($0.id)", $0.objects("mentions")) }
        var spans = 0
        for (owner, mentions) in owners {
            for m in mentions {
                let source = try #require(m.string("sourceId"))
                #expect(m.int("count") == m.objects("spans").count, "\(owner): count")
                for span in m.objects("spans") {
                    spans += 1
                    let slice = try texts.text(source).slice(span.int("start") ?? -1, span.int("end") ?? -1)
                    #expect(slice == span.string("text"), "\(owner) in \(source): \(span)")
                }
            }
        }
        #expect(spans == (try c.request("/api/v1").record().object("counts")?.int("mentions")), "every mention counted was checked")
    }

    @Test(arguments: ["anwar", "maritime", "japan", "%22security%20cooperation%22"])
    func searchSnippetsOfSourceTextUseTheSameOffsets(q: String) throws {
        let texts = Texts(c)
        let hits = try c.request("/api/v1/search?q=\(q)&type=source").records()
        #expect(!hits.isEmpty)
        for hit in hits where hit.string("field") == "text" {
            let text = try texts.text(hit.id)
            let snippet = try #require(hit.object("snippet"))
            #expect(text.slice(snippet.int("start") ?? -1, snippet.int("end") ?? -1) == snippet.string("text"), "\(hit.id) snippet")
            for m in hit.objects("matches") {
                let word = text.slice(m.int("start") ?? -1, m.int("end") ?? -1)?.lowercased() ?? ""
                #expect(q.lowercased().replacingOccurrences(of: "%20", with: " ").contains(word) && !word.isEmpty, "\(hit.id) match '\(word)'")
            }
        }
    }

    /// `outcomes[2].citations[1]` → that citation object inside `record`.
    func navigate(_ record: Record, _ field: String) -> Record? {
        var node: Any = record
        for part in field.split(separator: ".") {
            var name = Substring(part)
            var index: Int?
            if let open = part.firstIndex(of: "["), part.hasSuffix("]") {
                name = part[..<open]
                index = Int(part[part.index(after: open)..<part.index(before: part.endIndex)])
            }
            guard let object = node as? Record, let child = object[String(name)] else { return nil }
            if let index {
                guard let list = child as? [Any], list.indices.contains(index) else { return nil }
                node = list[index]
            } else {
                node = child
            }
        }
        return node as? Record
    }
}
