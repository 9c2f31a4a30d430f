import Foundation
import Testing
import TiesCore
@testable import TiesAPI
@testable import TiesHTTP

/// `?knownAt=DATE` through the real responder: every endpoint, filter, format, cursor and ETag.
@Suite struct KnownAtResponseTests {
    let api: InProcessAPI
    init() throws { api = try InProcessAPI() }

    func ids(_ target: String) throws -> [String] {
        let a = try api.get(target)
        #expect(a.status == 200, "\(target): \(a.text)")
        return try a.json()["data"]?.array?.compactMap { $0["id"]?.string } ?? []
    }

    @Test func theCurrentLevelFollowsWhatHadBeenReported() throws {
        for (date, level) in [("2023-12-10", "strategic-partnership"), ("2023-12-17", "comprehensive-strategic-partnership")] {
            let a = try api.get("/api/v1/partnership-levels/current?knownAt=\(date)")
            #expect(a.status == 200)
            #expect(try a.json()["data"]?["level"]?["id"]?.string == level, "\(date)")
            #expect(try a.json()["meta"]?["knownAt"]?["date"]?.string == date)
        }
        // With asOf too: the level on a day, as the sources published by another day tell it.
        let a = try api.get("/api/v1/partnership-levels/current?asOf=2024-06-01&knownAt=2023-12-10")
        #expect(try a.json()["data"]?["level"]?["id"]?.string == "strategic-partnership")
    }

    @Test func beforeTheEarliestSourceListsAreEmptyNotErrors() throws {
        for list in ["events", "leaders", "sources", "partnership-levels", "timeline"] {
            let a = try api.get("/api/v1/\(list)?knownAt=2000-01-01")
            #expect(a.status == 200, "\(list)")
            #expect(try a.json()["data"]?.array?.isEmpty == true, "\(list)")
            #expect(try a.json()["meta"]?["total"]?.int == 0, "\(list)")
        }
        let current = try api.get("/api/v1/partnership-levels/current?knownAt=2000")
        #expect(current.status == 200)
        #expect(try current.json()["data"]?["level"] == .null)
    }

    @Test func aRecordReportedLaterIsA404ThatSaysWhen() throws {
        let id = "2024-05-23-kishida-anwar-summit"
        for path in ["/api/v1/events/\(id)", "/api/v1/events/\(id)/citation"] {
            let a = try api.get(path + "?knownAt=2024-01")
            #expect(a.status == 404)
            let p = try a.json()
            #expect(p["type"]?.string == "/problems/not-yet-reported", "\(path)")
            #expect(p["firstReported"]?.string == "2024-05-23")
            #expect(p["firstReportedBy"]?.string == "mofa-2024-05-23-japan-malaysia-summit-meeting")
            #expect(p["detail"]?.string?.contains("knownAt=2024-01") == true)
        }
        let later = try api.get("/api/v1/sources/japan-news-2025-01-10-japan-malaysia-boost-security-cooperation?knownAt=2024")
        #expect(try later.json()["type"]?.string == "/problems/not-yet-reported")
        // An id that exists in no version is still plain not-found.
        #expect(try api.get("/api/v1/events/no-such-event?knownAt=2024").json()["type"]?.string == "/problems/not-found")
        #expect(try api.get("/api/v1/events/\(id)?knownAt=2024-05-23").status == 200)
    }

    @Test func recordsAreTrimmedToTheSourcesKnownThen() throws {
        // The 2015 summit is reported again by later sources; in 2016 only the 2015 Reuters report is known.
        let a = try api.get("/api/v1/events?knownAt=2016&limit=500")
        let data = try #require(try a.json()["data"]?.array)
        #expect(!data.isEmpty)
        for e in data {
            #expect(e["sourceIds"]?.array?.map { $0.string } == ["reuters-2015-05-25-japan-malaysia-defense-ties"])
            #expect(e["corroboration"]?.int == 1)
        }
        let meta = try #require(try a.json()["meta"]?["knownAt"])
        #expect(meta["sources"]?.array?.count == 1)
    }

    @Test func partialPublicationDatesAreLeftOutAndNamed() throws {
        let meta = try #require(try api.get("/api/v1/sources?knownAt=2025-01-20").json()["meta"]?["knownAt"])
        #expect(meta["possiblyPublished"]?.array?.map { $0.string } == ["summary-2025-01-japan-malaysia-enhance-security-cooperation"])
        #expect(meta["sources"]?.array?.contains { $0.string == "summary-2025-01-japan-malaysia-enhance-security-cooperation" } == false)
        let end = try #require(try api.get("/api/v1/sources?knownAt=2025-01-31").json()["meta"]?["knownAt"])
        #expect(end["possiblyPublished"]?.array?.isEmpty == true)
    }

    @Test func filtersCombineWithKnownAt() throws {
        let whole = try ids("/api/v1/events?country=MY&limit=500")
        let then = try ids("/api/v1/events?country=MY&knownAt=2023-12-16&limit=500")
        #expect(!then.isEmpty && then.count < whole.count && Set(then).isSubset(of: Set(whole)))
        let leader = try ids("/api/v1/leaders/anwar-ibrahim/events?knownAt=2024-05-23")
        #expect(leader.contains("2024-05-23-kishida-anwar-summit") && !leader.contains("2025-01-10-ishiba-anwar-summit"))
        #expect(try ids("/api/v1/search?q=Ishiba&knownAt=2024").isEmpty)
        let reuters2015 = "reuters-2015-05-25-japan-malaysia-defense-ties"
        let citedIn2015 = InProcessAPI.state.served.snapshot.leaders
            .filter { l in (l.citations + l.offices.flatMap(\.citations)).contains { $0.sourceId == reuters2015 } }.map(\.id)
        #expect(!citedIn2015.isEmpty)
        #expect(try ids("/api/v1/leaders?knownAt=2016") == citedIn2015)
        #expect(try api.get("/api/v1/leaders/anwar-ibrahim?knownAt=2016").status == 404)
    }

    @Test func everyFormatAnswersFromTheView() throws {
        let late = "2025-01-10-ishiba-anwar-summit"
        for format in ["csv", "ndjson", "ics", "atom", "jsonld"] {
            let now = try api.get("/api/v1/events?format=\(format)").text
            let then = try api.get("/api/v1/events?format=\(format)&knownAt=2024-06").text
            #expect(now.contains(late), "\(format)")
            #expect(!then.contains(late), "\(format)")
            #expect(then.contains("2024-05-23-kishida-anwar-summit"), "\(format)")
        }
    }

    @Test func linksCursorsAndETagsCarryKnownAt() throws {
        let first = try api.get("/api/v1/events?knownAt=2024-06&limit=2&sort=date")
        let body = try first.json()
        #expect(body["links"]?["self"]?.string == "/api/v1/events?limit=2&sort=date&knownAt=2024-06")
        let next = try #require(body["links"]?["next"]?.string)
        #expect(next.contains("knownAt=2024-06"))
        // Walking the view's pages gives exactly the view's list.
        var seen: [String] = []
        var target: String? = "/api/v1/events?knownAt=2024-06&limit=2&sort=date"
        while let t = target {
            let page = try api.get(t).json()
            seen += page["data"]?.array?.compactMap { $0["id"]?.string } ?? []
            target = page["links"]?["next"]?.string
        }
        #expect(seen == (try ids("/api/v1/events?knownAt=2024-06&limit=500&sort=date")))
        // A view's document never passes for the whole dataset's, nor for another date's.
        let tags = try ["", "?knownAt=2024-06", "?knownAt=2024-07"].map { try api.get("/api/v1/events/2015-05-25-abe-najib-summit" + $0).headers["ETag"] }
        #expect(Set(tags).count == 3)
        let tag = try #require(tags[1])
        #expect(try api.get("/api/v1/events/2015-05-25-abe-najib-summit?knownAt=2024-06", headers: [("If-None-Match", tag)]).status == 304)
    }

    @Test func badKnownAtValuesAreNamed() throws {
        for (query, message) in [("knownAt=yesterday", "knownAt"), ("knownAt=2024-13", "knownAt"), ("knownAt=2024&knownAt=2025", "more than once")] {
            let a = try api.get("/api/v1/events?" + query)
            #expect(a.status == 400, "\(query)")
            #expect(try a.json()["errors"]?[0]?["parameter"]?.string == "knownAt")
            #expect(a.text.contains(message), "\(query)")
        }
    }

    @Test func viewsAreKeptPerDateAndBounded() throws {
        let served = InProcessAPI.state.served
        let a = try served.known(at: PartialDate.parse("2024-02-02"))
        let b = try served.known(at: PartialDate.parse("2024-02-02"))
        #expect(a === b)
        for d in 1...(KnownAtViews.capacity + 5) { _ = served.known(at: PartialDate(year: 1900 + d)!) }
        #expect(served.views.count == KnownAtViews.capacity)
    }
}
