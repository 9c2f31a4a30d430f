import Foundation
import Testing
import TiesAPI
import TiesCore

/// A cursor made on one dataset version, followed after a reload to another: 409 naming both versions and
/// the fresh first page, never a page that skips or repeats records.
@Suite struct CursorAcrossVersionsTests {
    @Test func aCursorFromTheOldVersionGets409WithTheFirstPageOfTheNewOne() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path)
        let http = live.client()
        let first = try http.request("/api/v1/events?limit=3&sort=date&country=MY")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])
        let next = try #require((body["links"] as? [String: Any])?["next"] as? String)
        let old = live.state.served.version
        // On its own version the cursor pages on.
        #expect(try http.request(next).status == 200)

        try data.writeRevision(1)
        #expect(live.api.reload().succeeded)
        let new = live.state.served.version
        #expect(new != old)

        let refused = try http.request(next)
        #expect(refused.status == 409)
        #expect(refused.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        let problem = try #require(try JSONSerialization.jsonObject(with: Data(refused.body)) as? [String: Any])
        #expect(problem["type"] as? String == "/problems/cursor-from-another-version")
        #expect(problem["cursorVersion"] as? String == old)
        #expect(problem["datasetVersion"] as? String == new)
        let fresh = try #require(problem["first"] as? String)
        #expect(fresh == "/api/v1/events?limit=3&sort=date&country=MY")
        let again = try http.request(fresh)
        #expect(again.status == 200)
        #expect(again.text.contains("\"datasetVersion\":\"\(new)\""))
    }
}
