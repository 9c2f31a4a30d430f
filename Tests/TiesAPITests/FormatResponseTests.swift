import Foundation
import Testing
import TiesCore
@testable import TiesAPI
@testable import TiesHTTP

/// The shipped dataset behind the API's real responder, loaded once for every test here.
private enum Fixture {
    static let state: ServingState = try! ServingState(source: .embedded)
    static let responder: any HTTPResponder = try! API(state: state, options: APIOptions()).responder()
    static let configured: any HTTPResponder = {
        var options = APIOptions()
        options.publicBaseURL = "https://ties.example/news/"
        return try! API(state: state, options: options).responder()
    }()
}

private func get(_ target: String, _ headers: [(String, String)] = [], host: String = "api.test:8080",
                 responder: any HTTPResponder = Fixture.responder) throws -> HTTPResponse {
    let request = try HTTPRequest(method: .get, target: target, headers: HTTPHeaders([("Host", host)] + headers))
    return responder.respond(to: request, context: RequestContext(requestID: "t"))
}

/// The body as bytes, reading a stream to its end.
private func body(_ response: HTTPResponse) -> [UInt8] {
    switch response.body {
    case .empty: return []
    case .bytes(let b): return b
    case .stream(let s):
        let next = s.makeNext()
        var out: [UInt8] = []
        while let chunk = next() { out += chunk }
        return out
    }
}

private func text(_ response: HTTPResponse) -> String { String(decoding: body(response), as: UTF8.self) }

private func jsonTotal(_ target: String) throws -> Int {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(body(try get(target)))) as? [String: Any])
    return try #require((object["meta"] as? [String: Any])?["total"] as? Int)
}

private var events: [Event] { Fixture.state.served.snapshot.events }

// MARK: - Negotiation and routes

@Test func acceptAndFormatChooseEveryEventFormat() throws {
    let types: [(String, String)] = [("csv", "text/csv"), ("ndjson", "application/x-ndjson"), ("ics", "text/calendar"),
                                     ("atom", "application/atom+xml"), ("jsonld", "application/ld+json")]
    for (name, type) in types {
        let byQuery = try get("/api/v1/events?format=\(name)")
        let byAccept = try get("/api/v1/events", [("Accept", type)])
        #expect(byQuery.status == .ok)
        #expect(byQuery.headers["Content-Type"]?.hasPrefix(type) == true, "\(name)")
        #expect(byAccept.headers["Content-Type"]?.hasPrefix(type) == true, "\(name)")
        #expect(byAccept.headers["Vary"]?.contains("Accept") == true)
        #expect(body(byQuery) == body(byAccept))
    }
}

@Test func plainCalendarAndFeedURLsIgnoreAcceptAndTakeTheEventFilters() throws {
    let ics = try get("/api/v1/events.ics?topic=asean", [("Accept", "application/json")])
    #expect(ics.status == .ok)
    #expect(ics.headers["Content-Type"] == "text/calendar; charset=utf-8")
    #expect(ics.headers["Vary"] == "Accept-Encoding")
    let asean = try jsonTotal("/api/v1/events?topic=asean")
    #expect(text(ics).components(separatedBy: "BEGIN:VEVENT").count - 1 == asean)
    let atom = try get("/api/v1/events.atom?topic=asean")
    #expect(atom.headers["Content-Type"] == "application/atom+xml; charset=utf-8")
    #expect(text(atom).components(separatedBy: "<entry>").count - 1 == asean)
    #expect(try get("/api/v1/events.ics?format=csv").status == .badRequest)
    #expect(try get("/api/v1/events.atom?type=parade").status == .badRequest)
}

@Test func formatsAListDoesNotHaveAreRefused() throws {
    let refused = try get("/api/v1/leaders", [("Accept", "text/calendar")])
    #expect(refused.status == .notAcceptable)
    #expect(text(refused).contains("application/ld+json"))
    #expect(try get("/api/v1/topics?format=atom").status == .badRequest)
    #expect(try get("/api/v1/events/\(events[0].id)?format=csv").status == .badRequest)
    #expect(try get("/api/v1/sources/nope?format=jsonld").status == .notFound)
}

// MARK: - Pagination

@Test func exportsAreTheWholeFilteredCollectionUnlessLimitIsGiven() throws {
    let csv = text(try get("/api/v1/events?format=csv&country=MY"))
    #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1 + (try jsonTotal("/api/v1/events?country=MY")))
    #expect(try get("/api/v1/events?format=csv").headers.values(for: "Link").allSatisfy { !$0.contains("rel=\"next\"") })

    let first = try get("/api/v1/events?format=ndjson&limit=5")
    #expect(text(first).split(separator: "\n").count == 5)
    let link = try #require(first.headers["Link"])
    #expect(link.hasPrefix("</api/v1/events?limit=5&cursor="))
    #expect(link.hasSuffix("&format=ndjson>; rel=\"next\""))
    let next = String(link.dropFirst().prefix { $0 != ">" })
    let second = text(try get(next))
    #expect(second.split(separator: "\n").count == 5)
    #expect(!text(first).contains(String(second.prefix(40))), "the next page starts after the first")
}

@Test func aLargeCollectionIsCollectedPastTheMaximumPageSize() throws {
    // The shipped dataset is small; the collector's loop is exercised with pages of one record.
    let call = Call(catalog: Fixture.state.served.catalog, path: "/api/v1/events", query: [], parameters: PathParameters(), format: .csv)
    let export = Export(call)
    var pages = 0
    let all = try export.collect(EventQuery(limit: 1), limit: \.limit, cursor: \.cursor) { q throws(QueryError) in
        pages += 1
        var one = q
        one.limit = 1
        return try Fixture.state.served.snapshot.events(one)
    }
    #expect(all.items.map(\.id) == events.reversed().map(\.id))
    #expect(pages == events.count)
    #expect(all.nextCursor == nil)
}

// MARK: - CSV

@Test func csvIsAnAttachmentNamedForTheListAndVersion() throws {
    let version = Fixture.state.served.version
    #expect(try get("/api/v1/events?format=csv").headers["Content-Disposition"] == "attachment; filename=\"ties-events-\(version).csv\"")
    #expect(try get("/api/v1/leaders/anwar-ibrahim/events?format=csv").headers["Content-Disposition"]
            == "attachment; filename=\"ties-leaders-anwar-ibrahim-events-\(version).csv\"")
    #expect(try get("/api/v1/events.ics").headers["Content-Disposition"] == "attachment; filename=\"ties-events-\(version).ics\"")
}

@Test func csvByteOrderMarkIsOptInAndChangesTheTag() throws {
    let plain = try get("/api/v1/events?format=csv")
    let marked = try get("/api/v1/events?format=csv&bom=1")
    #expect(Array(body(marked).prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(Array(body(marked).dropFirst(3)) == body(plain))
    #expect(plain.headers["ETag"] != marked.headers["ETag"])
    #expect(try get("/api/v1/events?format=csv&bom=yes").status == .badRequest)
    #expect(try get("/api/v1/events?bom=1").status == .badRequest, "bom belongs to CSV only")
}

// MARK: - iCalendar

@Test func icsSpansTheWholePeriodOfAPartialDateAndSaysSo() throws {
    let ics = text(try get("/api/v1/events.ics"))
    let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
    let vevents = unfolded.components(separatedBy: "BEGIN:VEVENT").dropFirst()
    #expect(vevents.count == events.count)
    for e in events {
        let block = try #require(vevents.first { $0.contains("UID:\(e.id)@ties\r\n") })
        #expect(block.contains("DTSTART;VALUE=DATE:\(DatasetTime.icsDate(day: e.firstDay))\r\n"))
        #expect(block.contains("DTEND;VALUE=DATE:\(DatasetTime.icsDate(day: e.lastDay + 1))\r\n"))
        #expect(block.contains("X-TIES-PRECISION:\(e.date.precision.rawValue)\r\n"))
        #expect(block.contains("STATUS:\(e.status == .scheduled ? "TENTATIVE" : "CONFIRMED")\r\n"))
        if e.date.precision != .day, e.date.qualifier == nil {
            #expect(block.contains("sometime in \(DatasetTime.words(e.date))"), "\(e.id)")
        }
    }
    let month = try #require(events.first { $0.date.precision == .month && $0.endDate == nil })
    #expect(month.lastDay + 1 - month.firstDay == CivilDays.daysInMonth(year: month.date.year, month: month.date.month!))
}

@Test func icsIsTheSameBytesOnEveryRequestOfADatasetVersion() throws {
    let a = try get("/api/v1/events.ics")
    let b = try get("/api/v1/events.ics")
    #expect(body(a) == body(b))
    #expect(a.headers["ETag"] == b.headers["ETag"])
    let newest = DatasetTime.icsDateTime(DatasetTime.newest(Fixture.state.served.snapshot))
    #expect(text(a).contains("DTSTAMP:\(newest)\r\n"))
    let revalidated = try get("/api/v1/events.ics", [("If-None-Match", try #require(a.headers["ETag"]))])
    #expect(revalidated.status == .notModified)
}

// MARK: - Absolute links

@Test func absoluteLinksUseTheRequestHostOrTheConfiguredBase() throws {
    let id = events[0].id
    let fromHost = text(try get("/api/v1/events/\(id)?format=jsonld", host: "newsroom.test"))
    #expect(fromHost.contains("\"@id\":\"http://newsroom.test/api/v1/events/\(id)\""))
    let configured = text(try get("/api/v1/events/\(id)?format=jsonld", host: "internal:9000", responder: Fixture.configured))
    #expect(configured.contains("\"@id\":\"https://ties.example/news/api/v1/events/\(id)\""))
    #expect(!configured.contains("internal:9000"))
    let a = try get("/api/v1/events.atom", host: "one.test")
    let b = try get("/api/v1/events.atom", host: "two.test")
    #expect(a.headers["ETag"] != b.headers["ETag"], "different bytes, different strong tags")
    // NDJSON carries relative links only, so its tag does not depend on the host.
    #expect(try get("/api/v1/events?format=ndjson", host: "one.test").headers["ETag"]
            == (try get("/api/v1/events?format=ndjson", host: "two.test").headers["ETag"]))
}

@Test func atomIdsDoNotDependOnTheHost() throws {
    let a = text(try get("/api/v1/events.atom", host: "one.test"))
    let b = text(try get("/api/v1/events.atom", host: "two.test"))
    func ids(_ s: String) -> [Substring] { s.split(separator: "\n").filter { $0.contains("<id>") } }
    #expect(ids(a) == ids(b))
    #expect(ids(a).first?.contains("<id>urn:ties:feed:events</id>") == true)
    #expect(ids(a).count == events.count + 1)
}

// MARK: - Compression

@Test func everyExportCompressesAndRoundTrips() throws {
    let targets = ["/api/v1/events?format=csv", "/api/v1/events.ics", "/api/v1/events.atom", "/api/v1/events?format=jsonld",
                   "/api/v1/events?format=ndjson", "/api/v1/leaders?format=csv&country=JP", "/api/v1/timeline?format=ndjson"]
    for target in targets {
        let identity = body(try get(target))
        for coding in ContentCoding.allCases {
            let response = try get(target, [("Accept-Encoding", coding.rawValue)])
            #expect(response.headers["Content-Encoding"] == coding.rawValue, "\(target)")
            #expect(response.headers["Vary"]?.contains("Accept-Encoding") == true)
            #expect(response.headers["ETag"]?.hasSuffix("-\(coding.rawValue)\"") == true)
            #expect(coding.decompress(body(response)) == identity, "\(target) \(coding)")
        }
    }
}

@Test func defaultExportsAreMadeOnceAndKeptCompressed() throws {
    let cache = ExportCache()
    var builds = 0
    let big = Array(String(repeating: "BEGIN:VEVENT\r\n", count: 200).utf8)
    for _ in 0..<3 {
        let doc = try cache.document("ics|x") { () throws(Problem) -> Document in
            builds += 1
            return Document(mediaType: Format.ics.mediaType, bytes: big, etag: "\"t\"")
        }
        #expect(doc.gzip.flatMap { ContentCoding.gzip.decompress($0) } == big, "kept with its gzip variant made once")
        #expect(doc.deflate.flatMap { ContentCoding.deflate.decompress($0) } == big)
    }
    #expect(builds == 1)
    // A stream cannot be replayed from memory: it is built every time and not kept.
    for _ in 0..<2 {
        _ = try cache.document("ndjson|x") { () throws(Problem) -> Document in
            builds += 1
            return Document(mediaType: Format.ndjson.mediaType, stream: NDJSON.stream([]), etag: "\"n\"")
        }
    }
    #expect(builds == 3)
    #expect(cache.count == 1)
}

@Test func onlyExportsOfURLsWithoutAQueryAreKept() throws {
    let state = try ServingState(source: .embedded)
    let responder = try API(state: state, options: APIOptions()).responder()
    let cache = state.served.catalog.exports
    _ = try get("/api/v1/events?format=jsonld&topic=asean", responder: responder)
    _ = try get("/api/v1/events.ics?leader=anwar-ibrahim", responder: responder)
    #expect(cache.count == 0)
    let first = try get("/api/v1/events.ics", [("Accept-Encoding", "gzip")], responder: responder)
    let second = try get("/api/v1/events.ics", [("Accept-Encoding", "gzip")], responder: responder)
    #expect(cache.count == 1)
    #expect(body(first) == body(second))
}

@Test func exportCacheIsBoundedWhateverHostsClientsSend() throws {
    for i in 0..<(ExportCache.capacity + 10) {
        _ = try get("/api/v1/events.ics", host: "h\(i).test")
    }
    #expect(Fixture.state.served.catalog.exports.count <= ExportCache.capacity)
}

// MARK: - NDJSON and JSON-LD through the API

@Test func ndjsonStreamsTheSameRecordsAsTheJSONList() throws {
    let response = try get("/api/v1/events?format=ndjson&country=MY")
    guard case .stream = response.body else { Issue.record("NDJSON must be streamed"); return }
    let lines = text(response).split(separator: "\n")
    #expect(lines.count == (try jsonTotal("/api/v1/events?country=MY")))
    let catalog = Fixture.state.served.catalog
    let ids = try lines.map { line in
        try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String)
    }
    #expect(lines.map { Array($0.utf8) } == ids.map { catalog.eventJSON[$0] ?? [] })
}

@Test func jsonldDescribesEventsPeopleAndSourcesWithSchemaOrgTypes() throws {
    let list = try #require(try JSONSerialization.jsonObject(with: Data(body(try get("/api/v1/events?format=jsonld")))) as? [String: Any])
    #expect(list["@context"] as? String == "https://schema.org")
    #expect(list["@type"] as? String == "ItemList")
    let items = try #require(list["itemListElement"] as? [[String: Any]])
    #expect(items.count == events.count)
    let summit = try #require(items.compactMap { $0["item"] as? [String: Any] }.first { $0["identifier"] as? String == "2025-01-10-ishiba-anwar-summit" })
    #expect(summit["@type"] as? String == "Event")
    #expect((summit["location"] as? [String: Any])?["@type"] as? String == "Place")
    #expect((summit["attendee"] as? [[String: Any]])?.allSatisfy { $0["@type"] as? String == "Person" } == true)
    let cited = try #require(summit["citation"] as? [[String: Any]])
    #expect(cited.contains { $0["@type"] as? String == "NewsArticle" && ($0["publisher"] as? [String: Any])?["name"] as? String == "The Japan News" })
    let person = try #require(try JSONSerialization.jsonObject(with: Data(body(try get("/api/v1/leaders/anwar-ibrahim", [("Accept", "application/ld+json")])))) as? [String: Any])
    #expect(person["@type"] as? String == "Person")
    #expect(person["jobTitle"] as? String == "Prime Minister of Malaysia")
    let mofa = try #require(try JSONSerialization.jsonObject(with: Data(body(try get("/api/v1/sources/mofa-2024-05-23-japan-malaysia-summit-meeting?format=jsonld")))) as? [String: Any])
    #expect(mofa["@type"] as? String == "Report")
    #expect((mofa["publisher"] as? [String: Any])?["@type"] as? String == "GovernmentOrganization")
}
