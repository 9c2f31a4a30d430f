import Foundation
import Testing

/// Paging through every page of every paginated list, with every page size from 1 to the list's length: the
/// ids collected are the whole list in order, none twice, none missing; `links.next`, `meta.nextCursor` and
/// the `Link` header agree on every page, and the last page has none.
@Suite struct PaginationTests {
    static let licenceLink = "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\""
    let c = TestServer.shared.client()

    struct Walk {
        var ids: [String] = []
        var pages = 0
    }

    /// Follows `links.next` from `first` to the end, checking each page's envelope and headers.
    func walk(_ first: String, limit: Int) throws -> Walk {
        var walk = Walk()
        var next: String? = first
        var total: Int?
        while let target = next {
            let r = try c.request(target)
            try #require(r.status == 200, "\(target): \(r.status) \(r.text.prefix(200))")
            let body = try r.jsonObject()
            let meta = try #require(body.object("meta"))
            let links = try #require(body.object("links"))
            let page = try r.records()
            #expect(page.count <= limit, "\(target): at most limit records")
            #expect(meta.int("limit") == limit)
            if let total { #expect(meta.int("total") == total, "total is the same on every page") }
            total = meta.int("total")
            #expect(links.string("self") == target, "links.self is the URL asked for")
            walk.ids += page.map(\.id)
            walk.pages += 1
            next = links.string("next")
            if let next {
                let cursor = try #require(meta.string("nextCursor"))
                #expect(next.contains("cursor=" + cursor), "links.next carries meta.nextCursor")
                #expect(r.header("Link") == "<\(next)>; rel=\"next\"", "the Link header is links.next")
                #expect(page.count == limit, "only the last page is short")
            } else {
                #expect(meta.isNull("nextCursor"))
                #expect(!r.headerValues("Link").contains { $0.contains("rel=\"next\"") }, "no next Link on the last page")
            }
            try #require(walk.pages <= 1000, "paging does not end")
        }
        #expect(walk.ids.count == total, "\(first): collected as many as meta.total")
        return walk
    }

    func everything(_ path: String) throws -> [String] {
        let r = try c.request(path + (path.contains("?") ? "&" : "?") + "limit=500")
        return try r.records().map(\.id)
    }

    /// `base` paged at every limit from 1 to its length (and past it): the same ids, in the same order.
    func checkEveryPageSize(_ base: String) throws {
        let expected = try everything(base)
        #expect(!expected.isEmpty, "\(base) has records")
        #expect(Set(expected).count == expected.count, "\(base): ids are unique")
        for limit in 1...(expected.count + 1) {
            let w = try walk(base + (base.contains("?") ? "&" : "?") + "limit=\(limit)", limit: limit)
            #expect(w.ids == expected, "\(base) at limit \(limit): \(w.ids.count) ids")
            #expect(w.pages == max(1, (expected.count + limit - 1) / limit), "\(base) at limit \(limit): pages")
        }
    }

    @Test(arguments: ["/api/v1/events", "/api/v1/events?sort=date", "/api/v1/leaders", "/api/v1/sources",
                      "/api/v1/sources?sort=date", "/api/v1/leaders/anwar-ibrahim/events", "/api/v1/events?country=MY&sort=date",
                      "/api/v1/search?q=japan", "/api/v1/search?q=malaysia&type=source"])
    func everyPageSizeWalksTheWholeListOnce(list: String) throws {
        try checkEveryPageSize(list)
    }

    @Test func theDefaultPageSizeIsFiftyAndTheFirstPageNeedsNoCursor() throws {
        let r = try c.request("/api/v1/events")
        #expect(try r.jsonObject().object("meta")?.int("limit") == 50)
        #expect(try r.jsonObject().object("links")?.string("self") == "/api/v1/events")
    }

    @Test func aCursorIsStableAndWorksOnlyInItsOwnListAndOrder() throws {
        let first = try c.request("/api/v1/events?limit=5").jsonObject()
        let cursor = try #require(first.object("meta")?.string("nextCursor"))
        let a = try c.request("/api/v1/events?limit=5&cursor=\(cursor)").records().map(\.id)
        let b = try c.request("/api/v1/events?cursor=\(cursor)&limit=5").records().map(\.id)
        #expect(a == b && !a.isEmpty, "the same cursor gives the same page, whatever the parameter order")
        let otherOrder = try c.request("/api/v1/events?sort=date&limit=5&cursor=\(cursor)")
        #expect(otherOrder.status == 400)
        #expect(try otherOrder.problemParameters() == ["cursor"])
        let otherList = try c.request("/api/v1/sources?limit=5&cursor=\(cursor)")
        #expect(otherList.status == 400)
        #expect(try otherList.problemParameters() == ["cursor"])
    }

    @Test func wholeCollectionsSayTheyAreNotPaged() throws {
        for path in ["/api/v1/partnership-levels", "/api/v1/topics", "/api/v1/countries", "/api/v1/timeline"] {
            let r = try c.request(path)
            let meta = try #require(try r.jsonObject().object("meta"))
            #expect(meta.isNull("limit") && meta.isNull("nextCursor"), "\(path)")
            #expect(r.headerValues("Link") == [Self.licenceLink], "\(path): no next page, only the licence")
        }
    }
}
