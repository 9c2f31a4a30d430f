import Foundation
import Testing

/// Every endpoint and every filter, end to end through libcurl, with values from the shipped dataset. Filter
/// results are checked against the records themselves (each returned record satisfies the filter, and no
/// record satisfying it is missing), not against counts copied from today's data.
@Suite struct EndpointTests {
    let c = TestServer.shared.client()

    func ok(_ path: String) throws -> CurlClient.Response {
        let r = try c.request(path)
        try #require(r.status == 200, "\(path) answered \(r.status): \(r.text.prefix(300))")
        return r
    }

    /// Every record of a list (one page of up to 500).
    func all(_ path: String) throws -> [Record] {
        let r = try ok(path + (path.contains("?") ? "&" : "?") + "limit=500")
        #expect(r.mediaType == "application/json")
        let records = try r.records()
        #expect(try r.jsonObject().object("meta")?.int("total") == records.count, "\(path): one page holds everything")
        return records
    }

    func ids(_ records: [Record]) -> [String] { records.map(\.id) }

    var events: [Record] { get throws { try all("/api/v1/events") } }

    // MARK: - Index

    @Test func indexCountsEveryCollectionAndLinksToEach() throws {
        let index = try ok("/api/v1").record()
        let counts = try #require(index.object("counts"))
        #expect(try all("/api/v1/events").count == counts.int("events"))
        #expect(try all("/api/v1/leaders").count == counts.int("leaders"))
        #expect(try all("/api/v1/sources").count == counts.int("sources"))
        #expect(try ok("/api/v1/partnership-levels").records().count == counts.int("partnershipLevels"))
        #expect(try ok("/api/v1/topics").records().count == counts.int("topics"))
        #expect(try ok("/api/v1/countries").records().count == counts.int("countries"))
        #expect(index.strings("subjectCountries") == ["JP", "MY"])
        #expect(try ok("/api/v1").jsonObject().object("meta")?.string("datasetVersion") == index.string("datasetVersion"))
        for (name, link) in index.object("links") ?? [:] {
            guard let link = link as? String, !link.contains("{"), name != "dashboard" else { continue }
            #expect(try c.request(link).status == 200, "index link \(name): \(link)")
        }
    }

    // MARK: - Events

    @Test func eventsAreNewestFirstAndDateSortIsTheExactReverse() throws {
        let newest = try all("/api/v1/events")
        let oldest = try all("/api/v1/events?sort=date")
        #expect(ids(newest) == ids(oldest).reversed())
        let explicit = try all("/api/v1/events?sort=-date")
        #expect(ids(explicit) == ids(newest))
        let firsts = oldest.map { Period(event: $0).first }
        #expect(firsts == firsts.sorted(), "sort=date orders by first day")
        #expect(newest.count >= 20)
    }

    @Test(arguments: ["anwar-ibrahim", "shigeru-ishiba", "fumio-kishida"])
    func eventsOfALeaderAreExactlyThoseTheyTakePartIn(leader: String) throws {
        let everything = try events
        let expected = everything.filter { $0.objects("participants").contains { $0.string("leaderId") == leader } }
        let filtered = try all("/api/v1/events?leader=\(leader)")
        #expect(ids(filtered) == ids(expected))
        #expect(!filtered.isEmpty)
        #expect(ids(try all("/api/v1/leaders/\(leader)/events")) == ids(expected))
        let record = try ok("/api/v1/leaders/\(leader)").record()
        #expect(Set(record.strings("eventIds")) == Set(ids(expected)))
    }

    @Test func eventsOfACountryInAnyCaseAreThoseInvolvingIt() throws {
        let everything = try events
        for country in try ok("/api/v1/countries").records() {
            let code = try #require(country.string("code"))
            let expected = everything.filter { $0.strings("countries").contains(code) }
            #expect(ids(try all("/api/v1/events?country=\(code)")) == ids(expected), "\(code)")
            #expect(ids(try all("/api/v1/events?country=\(code.lowercased())")) == ids(expected), "\(code) in lowercase")
            #expect(country.int("eventCount") == expected.count, "\(code).eventCount")
            let detail = try ok("/api/v1/countries/\(code)").record()
            #expect(ids(detail.objects("events")) == ids(expected), "\(code): the country's events, newest first")
        }
    }

    @Test func eventsOnATopicAreThoseTaggedWithIt() throws {
        let everything = try events
        for topic in try ok("/api/v1/topics").records() {
            let id = topic.id
            let expected = everything.filter { $0.strings("topics").contains(id) }
            #expect(ids(try all("/api/v1/events?topic=\(id)")) == ids(expected), "\(id)")
            #expect(topic.int("eventCount") == expected.count, "\(id).eventCount")
            #expect(ids(try ok("/api/v1/topics/\(id)").record().objects("events")) == ids(expected), "\(id)")
        }
    }

    @Test func eventsOfATypeAreThoseOfThatType() throws {
        let everything = try events
        let types = try ok("/api/v1").record().objects("eventTypes").compactMap { $0.string("id") }
        var seen = 0
        for type in types {
            let filtered = try all("/api/v1/events?type=\(type)")
            #expect(ids(filtered) == ids(everything.filter { $0.string("type") == type }), "\(type)")
            seen += filtered.count
        }
        #expect(seen == everything.count, "every event has one of the listed types")
    }

    @Test func eventsCitingASourceAreThoseCitingItAnywhere() throws {
        let everything = try events
        for source in try all("/api/v1/sources") {
            let id = source.id
            let expected = everything.filter { $0.strings("sourceIds").contains(id) }
            #expect(ids(try all("/api/v1/events?source=\(id)")) == ids(expected), "\(id)")
            #expect(!expected.isEmpty, "\(id) is cited by some event")
        }
    }

    @Test(arguments: [("2023", "2023"), ("2023-12-31", nil), (nil, "2015"), ("2024-05", "2025-01-10"), ("2025-01-10", "2025-01-10")] as [(String?, String?)])
    func eventsInADateRangeAreThoseWhosePeriodOverlapsIt(from: String?, to: String?) throws {
        let range = Period(first: from.map { Period($0).first } ?? "0000-01-01", last: to.map { Period($0).last } ?? "9999-12-31")
        let expected = try events.filter { Period(event: $0).overlaps(range) }
        var query: [String] = []
        if let from { query.append("from=\(from)") }
        if let to { query.append("to=\(to)") }
        let filtered = try all("/api/v1/events?" + query.joined(separator: "&"))
        #expect(ids(filtered) == ids(expected), "from \(from ?? "-") to \(to ?? "-")")
        #expect(!filtered.isEmpty)
    }

    @Test func aMonthDatedEventMatchesAnyDayOfItsMonth() throws {
        let monthDated = try events.filter { $0.object("date")?.string("precision") == "month" && $0.isNull("endDate") }
        let event = try #require(monthDated.first, "the dataset has a month-dated event")
        let month = try #require(event.object("date")?.string("date"))
        for day in ["01", "15", "31"] where !(month.hasSuffix("-02") && day == "31") {
            let r = try all("/api/v1/events?from=\(month)-\(day)&to=\(month)-\(day)")
            #expect(ids(r).contains(event.id), "\(event.id) dated \(month) is matched by \(month)-\(day)")
        }
    }

    @Test func textQueriesMatchWholeWordsCaseInsensitivelyAndPhrasesInSequence() throws {
        func text(_ e: Record) -> String {
            ([e.string("title"), e.string("summary"), e.object("location")?.string("name")].compactMap { $0 }
                + e.objects("outcomes").compactMap { $0.string("description") }).joined(separator: " ").lowercased()
        }
        let everything = try events
        let maritime = try all("/api/v1/events?q=Maritime")
        #expect(!maritime.isEmpty)
        #expect(ids(maritime) == ids(everything.filter { text($0).contains("maritime") }))
        let phrase = try all("/api/v1/events?q=%22coast%20guards%22")
        #expect(!phrase.isEmpty)
        #expect(phrase.allSatisfy { text($0).contains("coast guards") })
        let both = try all("/api/v1/events?q=maritime%20japan")
        #expect(Set(ids(both)).isSubset(of: Set(ids(maritime))))
    }

    @Test func filtersCombineWithAnd() throws {
        let leader = Set(ids(try all("/api/v1/events?leader=anwar-ibrahim")))
        let summits = Set(ids(try all("/api/v1/events?type=summit")))
        let both = try all("/api/v1/events?leader=anwar-ibrahim&type=summit")
        #expect(Set(ids(both)) == leader.intersection(summits))
        #expect(!both.isEmpty)
        let empty = try ok("/api/v1/events?leader=anwar-ibrahim&to=2015")
        #expect(try empty.records().isEmpty, "no match is an empty list, not an error")
        #expect(try empty.jsonObject().object("meta")?.int("total") == 0)
    }

    @Test func eachEventByIdIsTheListedRecord() throws {
        for event in try events {
            let single = try ok("/api/v1/events/\(event.id)")
            #expect(NSDictionary(dictionary: try single.record()).isEqual(to: event), "\(event.id)")
            #expect(try single.jsonObject().object("meta")?.string("datasetVersion") != nil)
            #expect(event.int("corroboration") == event.strings("sourceIds").count)
        }
    }

    // MARK: - Leaders

    @Test func leadersAreOrderedByIdAndEachByIdIsTheListedRecord() throws {
        let leaders = try all("/api/v1/leaders")
        #expect(ids(leaders) == ids(leaders).sorted())
        for leader in leaders {
            #expect(NSDictionary(dictionary: try ok("/api/v1/leaders/\(leader.id)").record()).isEqual(to: leader), "\(leader.id)")
        }
    }

    @Test func leaderFiltersMatchCountryOfficeAndName() throws {
        let leaders = try all("/api/v1/leaders")
        #expect(ids(try all("/api/v1/leaders?country=jp")) == ids(leaders.filter { $0.string("country") == "JP" }))
        let pm = try all("/api/v1/leaders?office=PRIME%20minister")
        #expect(ids(pm) == ids(leaders.filter { $0.objects("offices").contains { ($0.string("title") ?? "").lowercased().contains("prime minister") } }))
        #expect(ids(try all("/api/v1/leaders?q=anwar")) == ["anwar-ibrahim"])
        #expect(ids(try all("/api/v1/leaders?q=KISHIDA")).contains("fumio-kishida"))
    }

    /// "Held as of", as cited: the asOf period overlaps the span from the first to the last evidence of an
    /// office (its `from`, else its earliest `citedOn`; its `to`, else its latest `citedOn`).
    @Test(arguments: ["2015", "2023-12", "2024-05", "2025-01-10"])
    func leadersAsOfADateAreThoseCitedInOfficeThen(asOf: String) throws {
        let period = Period(asOf)
        func held(_ office: Record) -> Bool {
            let cited = office.objects("citedOn").compactMap { $0.string("date") }.map(Period.init)
            guard let first = office.object("from")?.string("date").map({ Period($0).first }) ?? cited.map(\.first).min(),
                  let last = office.object("to")?.string("date").map({ Period($0).last }) ?? cited.map(\.last).max() else { return false }
            return Period(first: first, last: last).overlaps(period)
        }
        let expected = try all("/api/v1/leaders").filter { $0.objects("offices").contains(where: held) }
        #expect(ids(try all("/api/v1/leaders?asOf=\(asOf)")) == ids(expected), "asOf \(asOf)")
    }

    // MARK: - Partnership levels

    @Test func partnershipLevelsClimbInRankAndAsOfAnswersThePeriod() throws {
        let levels = try ok("/api/v1/partnership-levels").records()
        #expect(levels.compactMap { $0.int("rank") } == Array(1...levels.count))
        for level in levels {
            #expect(NSDictionary(dictionary: try ok("/api/v1/partnership-levels/\(level.id)").record()).isEqual(to: level))
            #expect(try ok("/api/v1/events/\(try #require(level.string("eventId")))").record().string("partnershipLevelId") == level.id)
        }
        let current = try ok("/api/v1/partnership-levels/current").record()
        #expect(current.object("level")?.id == levels.last?.id, "the highest level reached is in force today")
        #expect(current.isNull("possiblyReached"))

        let before = try ok("/api/v1/partnership-levels/current?asOf=2010").record()
        #expect(before.isNull("level"), "no level before the first was reached")
        let undecided = try ok("/api/v1/partnership-levels/current?asOf=2023-12-05").record()
        #expect(undecided.object("level")?.id == "strategic-partnership")
        #expect(undecided.object("possiblyReached")?.id == "comprehensive-strategic-partnership",
                "reached in 2023-12: the sources cannot say whether by the 5th")
        #expect(undecided.object("asOf")?.string("date") == "2023-12-05")
        let after = try ok("/api/v1/partnership-levels/current?asOf=2024").record()
        #expect(after.object("level")?.id == "comprehensive-strategic-partnership")
    }

    // MARK: - Sources

    @Test func sourcesAreNewestFirstAndFilterByPublisherDateAndText() throws {
        let sources = try all("/api/v1/sources")
        let dates = sources.compactMap { $0.object("published")?.string("date") }.map { Period($0).first }
        #expect(dates == dates.sorted().reversed(), "newest first")
        #expect(ids(try all("/api/v1/sources?sort=date")) == ids(sources).reversed())

        let reuters = try all("/api/v1/sources?publisher=REUTERS")
        let expected = sources.filter { s in
            ([s.object("publisher")?.string("name")].compactMap { $0 } + s.strings("wireServices")).contains { $0.lowercased().contains("reuters") }
        }
        #expect(ids(reuters) == ids(expected))
        #expect(!reuters.isEmpty)

        let in2024 = try all("/api/v1/sources?from=2024&to=2024")
        #expect(ids(in2024) == ids(sources.filter { ($0.object("published")?.string("date") ?? "").hasPrefix("2024") }))
        let anwar = try all("/api/v1/sources?q=anwar")
        #expect(!anwar.isEmpty && anwar.count < sources.count)
    }

    @Test func eachSourceByIdHasItsCitationsInOffsetOrderAndItsTextInScalars() throws {
        for source in try all("/api/v1/sources") {
            let detail = try ok("/api/v1/sources/\(source.id)").record()
            var listed = detail
            listed.removeValue(forKey: "citations")
            #expect(NSDictionary(dictionary: listed).isEqual(to: source), "\(source.id): the detail is the listed record plus citations")
            let citations = detail.objects("citations")
            #expect(citations.count == source.int("citationCount"), "\(source.id).citationCount")
            let starts = citations.compactMap { $0.int("start") }
            #expect(starts == starts.sorted(), "\(source.id): citations by offset")
            let text = try ok("/api/v1/sources/\(source.id)/text")
            #expect(text.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(text.text.unicodeScalars.count == source.int("textLength"), "\(source.id).textLength counts Unicode scalars")
        }
    }

    @Test func sourceTextIsPlainTextWhateverAcceptSays() throws {
        let id = try #require(try all("/api/v1/sources").first?.id)
        let r = try c.request("/api/v1/sources/\(id)/text", headers: ["Accept: application/json"])
        #expect(r.status == 200)
        #expect(r.mediaType == "text/plain")
    }

    // MARK: - Topics, countries, timeline, search

    @Test func topicsAndCountriesByIdAreTheListedRecordsWithTheirEvents() throws {
        for topic in try ok("/api/v1/topics").records() {
            var detail = try ok("/api/v1/topics/\(topic.id)").record()
            detail.removeValue(forKey: "events")
            #expect(NSDictionary(dictionary: detail).isEqual(to: topic), "\(topic.id)")
        }
        for country in try ok("/api/v1/countries").records() {
            var detail = try ok("/api/v1/countries/\(country.id.lowercased())").record()
            detail.removeValue(forKey: "events")
            #expect(NSDictionary(dictionary: detail).isEqual(to: country), "\(country.id), asked in lowercase")
        }
    }

    @Test func timelineHoldsEveryEventAndLevelChangeOnceByYearOldestFirst() throws {
        let r = try ok("/api/v1/timeline")
        let years = try r.records()
        let yearNumbers = years.compactMap { $0.int("year") }
        #expect(yearNumbers == yearNumbers.sorted() && Set(yearNumbers).count == yearNumbers.count)
        let entries = years.flatMap { $0.objects("entries") }
        #expect(try r.jsonObject().object("meta")?.int("total") == entries.count)
        let eventEntries = entries.filter { $0.string("kind") == "event" }.map(\.id)
        #expect(eventEntries.sorted() == ids(try events).sorted(), "each event once")
        let levelEntries = entries.filter { $0.string("kind") == "partnership-level" }.map(\.id)
        #expect(levelEntries.sorted() == ids(try ok("/api/v1/partnership-levels").records()).sorted(), "each level change once")
        for year in years {
            for entry in year.objects("entries") {
                #expect(entry.object("date")?.string("date")?.hasPrefix(String(year.int("year") ?? 0)) == true, "\(entry.id) filed under its year")
            }
        }
        let recent = try ok("/api/v1/timeline?from=2024").records()
        #expect(recent.compactMap { $0.int("year") }.allSatisfy { $0 >= 2024 })
        #expect(!recent.isEmpty)
    }

    @Test func searchRanksHitsAndHighlightsTheWords() throws {
        let r = try ok("/api/v1/search?q=Anwar")
        let hits = try r.records()
        #expect(!hits.isEmpty)
        let scores = hits.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >), "ordered by score")
        for hit in hits {
            let snippet = try #require(hit.object("snippet"))
            let text = ScalarText(snippet.string("text") ?? "")
            for h in snippet.objects("highlights") {
                #expect(text.slice(h.int("start") ?? -1, h.int("end") ?? -1)?.lowercased() == "anwar", "\(hit.id) highlight")
            }
            #expect(!snippet.objects("highlights").isEmpty)
        }
        #expect(try ok("/api/v1/search?q=anwar&type=event").records().allSatisfy { $0.string("kind") == "event" })
        #expect(try ok("/api/v1/search?q=anwar&type=source").records().allSatisfy { $0.string("kind") == "source" })
    }

    // MARK: - Operations and the document

    @Test func operationsRoutesAnswer() throws {
        #expect(try ok("/healthz").jsonObject().string("status") == "ok")
        let ready = try ok("/readyz").jsonObject()
        #expect(ready.string("status") == "ready")
        #expect(ready.string("datasetVersion") == TestServer.state.served.version)
        let metrics = try ok("/metrics")
        #expect(metrics.mediaType == "text/plain")
        #expect(metrics.text.contains("ties_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"))
        #expect(metrics.text.contains("ties_dataset_info{version=\"\(TestServer.state.served.version)\"} 1"))
        #expect(try c.request("/admin/reload", method: "POST").status == 404, "without a reload token the route does not exist")
    }

    @Test func openAPIDocumentDescribesEveryCollectionTheIndexLinks() throws {
        let doc = try ok("/openapi.json").jsonObject()
        #expect(doc.string("openapi") == "3.1.0")
        let paths = Set((doc.object("paths") ?? [:]).keys)
        for (name, link) in try ok("/api/v1").record().object("links") ?? [:] where name != "dashboard" {
            let path = String((link as? String ?? "").split(separator: "?").first ?? "")
            #expect(paths.contains(path), "\(name): \(path)")
        }
    }
}

