import Foundation
import Testing

/// Cross-origin reads as a browser makes them: preflights answered 204 with the allow headers, and
/// `Access-Control-Allow-Origin` on every response, `*` by default or the origin when origins are listed.
@Suite struct CORSTests {
    @Test(arguments: ["/api/v1/events", "/api/v1/events/2025-01-10-ishiba-anwar-summit", "/api/v1/sources/mofa-2024-05-23-japan-malaysia-summit-meeting/text", "/openapi.json"])
    func aPreflightIsAnswered204WithTheAllowHeaders(path: String) throws {
        let c = TestServer.shared.client()
        let r = try c.request(path, method: "OPTIONS", headers: [
            "Origin: https://newsroom.example", "Access-Control-Request-Method: GET",
            "Access-Control-Request-Headers: If-None-Match, X-Request-Id, X-Secret",
        ])
        #expect(r.status == 204)
        #expect(r.body.isEmpty)
        #expect(r.header("Access-Control-Allow-Origin") == "*")
        #expect(r.header("Access-Control-Allow-Methods") == "GET, HEAD")
        #expect(r.header("Access-Control-Allow-Headers") == "if-none-match, x-request-id", "only the headers the API reads")
        #expect(r.header("Access-Control-Max-Age") == "86400")
        #expect(r.header("Allow") == "GET, HEAD, OPTIONS")
    }

    @Test func aPlainOptionsListsTheMethodsAndAnUnknownPathIs404() throws {
        let c = TestServer.shared.client()
        let r = try c.request("/api/v1/leaders", method: "OPTIONS")
        #expect(r.status == 204)
        #expect(r.header("Allow") == "GET, HEAD, OPTIONS")
        #expect(r.header("Access-Control-Allow-Methods") == nil)
        #expect(try c.request("/api/v1/nothing", method: "OPTIONS").status == 404)
    }

    @Test func aPreflightForAWriteIsNotAllowed() throws {
        let r = try TestServer.shared.client().request("/api/v1/events", method: "OPTIONS", headers: ["Origin: https://x.example", "Access-Control-Request-Method: DELETE"])
        #expect(r.status == 204)
        #expect(r.header("Access-Control-Allow-Methods") == nil, "only GET and HEAD are offered cross-origin")
    }

    @Test(arguments: ["/api/v1/events", "/api/v1/events/nope", "/healthz", "/nowhere"])
    func everyResponseAllowsAnyOriginByDefault(path: String) throws {
        let r = try TestServer.shared.client().request(path, headers: ["Origin: https://newsroom.example"])
        #expect(r.header("Access-Control-Allow-Origin") == "*", "\(path)")
        #expect(r.header("Access-Control-Expose-Headers")?.contains("ETag") == true, "\(path): scripts may read ETag and Link")
        #expect(r.header("Access-Control-Expose-Headers")?.contains("Link") == true)
    }

    @Test func listedOriginsAreEchoedAndOthersGetNoAllowOrigin() throws {
        let c = TestServer.listedOrigins.client()
        let allowed = try c.request("/api/v1/events", headers: ["Origin: https://newsroom.example"])
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://newsroom.example")
        #expect(allowed.header("Vary")?.contains("Origin") == true, "caches key on Origin when the answer depends on it")
        let other = try c.request("/api/v1/events", headers: ["Origin: https://elsewhere.example"])
        #expect(other.status == 200)
        #expect(other.header("Access-Control-Allow-Origin") == nil)
        #expect(other.header("Vary")?.contains("Origin") == true)
        let preflight = try c.request("/api/v1/events", method: "OPTIONS", headers: ["Origin: https://elsewhere.example", "Access-Control-Request-Method: GET"])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == nil && preflight.header("Access-Control-Allow-Methods") == nil)
    }

    @Test func engineErrorsWithListedOriginsVaryOnOriginAndEchoNone() throws {
        // A 431 is answered before the Origin field is trusted as read, so no origin is echoed; caches still key on it.
        let c = TestServer.listedOrigins.client()
        let r = try c.request("/api/v1/events", headers: ["Origin: https://newsroom.example", "X-Padding: " + String(repeating: "p", count: 40_000)])
        #expect(r.status == 431)
        #expect(r.header("Access-Control-Allow-Origin") == nil)
        #expect(r.header("Vary") == "Origin")
        #expect(r.mediaType == "application/problem+json")
    }
}
