import Foundation
import Testing

/// Every error status the contract names, each with its RFC 9457 problem document: 400 naming each bad
/// parameter, 404 for unknown ids and paths, 405 with `Allow`, 406, and 413/414/431 for oversized request parts.
@Suite struct ErrorTests {
    let c = TestServer.shared.client()

    /// The response is a problem document with this status; returns it.
    @discardableResult
    func problem(_ r: CurlClient.Response, _ status: Int, _ context: String) throws -> [String: Any] {
        #expect(r.status == status, "\(context): \(r.status) \(r.text.prefix(300))")
        #expect(r.mediaType == "application/problem+json", "\(context)")
        #expect(r.header("Cache-Control") == "no-store", "\(context): errors are not cached")
        // The same for errors the engine answers itself (413, 414, 431, bad encoding) as for the API's own.
        #expect(r.header("Access-Control-Allow-Origin") == "*", "\(context): a page on another origin can read why")
        #expect(r.header("Access-Control-Expose-Headers")?.contains("X-Request-Id") == true, "\(context)")
        #expect(r.header("X-Request-Id")?.isEmpty == false, "\(context)")
        let body = try r.jsonObject()
        #expect(body.int("status") == status, "\(context)")
        #expect(body.string("type") != nil && body.string("title") != nil && body.string("detail") != nil, "\(context)")
        #expect(body.string("instance") != nil, "\(context)")
        return body
    }

    /// Each list's parameters, each with a bad value, one request per parameter: a 400 naming it (and only it).
    @Test(arguments: [
        ("/api/v1/events", ["from=2023-13", "to=20240", "leader=nobody", "country=FR", "topic=gardening", "type=party",
                            "source=unknown-source", "q=%21%21%21", "sort=title", "limit=0", "limit=501", "limit=ten",
                            "cursor=bm90LWEtY3Vyc29y", "colour=red", "format=xml", "leader="]),
        ("/api/v1/leaders", ["country=XX", "office=", "q=", "asOf=2024-02-30", "limit=-1", "cursor=x", "sort=date"]),
        ("/api/v1/sources", ["publisher=", "from=May", "to=2024-1", "q=%22%22", "sort=-title", "limit=1000", "cursor=abc", "leader=anwar-ibrahim"]),
        ("/api/v1/search", ["type=leader", "limit=0", "cursor=zz", "from=2023"]),
        ("/api/v1/timeline", ["from=20", "to=2025-13", "limit=5"]),
        ("/api/v1/partnership-levels/current", ["asOf=now", "from=2023"]),
        ("/api/v1/leaders/anwar-ibrahim/events", ["leader=shigeru-ishiba", "type=party", "limit=0"]),
        ("/api/v1/partnership-levels", ["limit=1"]), ("/api/v1/topics", ["q=x"]), ("/api/v1/countries", ["sort=date"]),
        ("/api/v1", ["x=1"]), ("/api/v1/events/2025-01-10-ishiba-anwar-summit", ["fields=id"]), ("/healthz", ["verbose=1"]),
        ("/readyz", ["x=1"]), ("/metrics", ["format=json"]), ("/openapi.json", ["pretty=1"]),
    ] as [(String, [String])])
    func eachBadParameterIsA400NamingIt(path: String, queries: [String]) throws {
        for query in queries {
            let name = String(query.split(separator: "=").first!)
            // /search needs its required q to reach the other parameters.
            let target = path + "?" + query + (path == "/api/v1/search" ? "&q=anwar" : "")
            let body = try problem(try c.request(target), 400, target)
            let errors = (body["errors"] as? [[String: Any]]) ?? []
            #expect(errors.map { $0.string("parameter") } == [name], "\(target): \(errors)")
            #expect(errors.allSatisfy { ($0.string("message") ?? "").count > 5 }, "\(target): a message that says what is wrong")
            #expect(body.string("type") == "/problems/invalid-parameters")
        }
    }

    @Test func everyBadParameterOfOneRequestIsNamedAtOnce() throws {
        let body = try problem(try c.request("/api/v1/events?limit=0&sort=x&from=2023-99&colour=red"), 400, "four bad parameters")
        let named = Set(((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0.string("parameter") })
        #expect(named == ["limit", "sort", "from", "colour"])
    }

    @Test func aRepeatedParameterAndAnInvertedRangeAreNamed() throws {
        let repeated = try problem(try c.request("/api/v1/events?limit=1&limit=2"), 400, "repeated")
        #expect(((repeated["errors"] as? [[String: Any]]) ?? []).compactMap { $0.string("parameter") } == ["limit"])
        let inverted = try problem(try c.request("/api/v1/events?from=2025&to=2023"), 400, "to before from")
        #expect(((inverted["errors"] as? [[String: Any]]) ?? []).compactMap { $0.string("parameter") } == ["to"])
        let required = try problem(try c.request("/api/v1/search"), 400, "q missing")
        #expect(((required["errors"] as? [[String: Any]]) ?? []).first?["value"] is NSNull, "a missing value is null")
    }

    @Test(arguments: ["/api/v1/events/no-such-event", "/api/v1/leaders/nobody", "/api/v1/leaders/nobody/events",
                      "/api/v1/partnership-levels/alliance", "/api/v1/sources/no-such-source", "/api/v1/sources/no-such-source/text",
                      "/api/v1/topics/gardening", "/api/v1/countries/FR", "/api/v1/countries/zz"])
    func anUnknownIdIsA404NamingIt(path: String) throws {
        let body = try problem(try c.request(path), 404, path)
        #expect(body.string("type") == "/problems/not-found")
        let id = String(path.split(separator: "/")[3])
        #expect(body.string("detail")?.contains("'\(id)'") == true, "\(path): the detail names the id")
        #expect(body.string("instance") == path)
    }

    @Test(arguments: ["/api/v2/events", "/api/v1/event", "/api/v1/events/2025-01-10-ishiba-anwar-summit/participants", "/favicon.ico.nope", "/api"])
    func anUnknownPathIsA404(path: String) throws {
        try problem(try c.request(path), 404, path)
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func aMethodTheRouteDoesNotServeIsA405WithAllow(method: String) throws {
        for path in ["/api/v1/events", "/api/v1/events/2025-01-10-ishiba-anwar-summit", "/openapi.json", "/healthz"] {
            let r = try c.request(path, method: method, body: method == "DELETE" ? nil : Array("{}".utf8))
            try problem(r, 405, "\(method) \(path)")
            #expect(r.header("Allow") == "GET, HEAD", "\(method) \(path)")
        }
    }

    @Test func anUnacceptableAcceptIsA406NamingTheFormatsOffered() throws {
        let r = try c.request("/api/v1/events", headers: ["Accept: image/png"])
        let body = try problem(r, 406, "Accept: image/png")
        #expect(body.string("type") == "/problems/not-acceptable")
        #expect(body.string("detail")?.contains("application/json") == true)
        #expect(try c.request("/api/v1/events", headers: ["Accept: image/png, application/*;q=0.1"]).status == 200)
        #expect(try c.request("/api/v1/events?format=json", headers: ["Accept: image/png"]).status == 200, "?format= wins over Accept")
    }

    @Test func aBodyOverTheLimitIsA413() throws {
        // Expect: 100-continue lets the server refuse before the body is sent (the 1 MiB default limit).
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 1024 * 1024 + 1)
        let r = try c.request("/api/v1/events", method: "POST", headers: ["Expect: 100-continue", "Content-Type: application/json"], body: body)
        try problem(r, 413, "1 MiB + 1 byte body")
    }

    @Test func aRequestLineOverTheLimitIsA414() throws {
        let r = try c.request("/api/v1/events?q=" + String(repeating: "a", count: 9000))
        try problem(r, 414, "9 KB request line")
    }

    @Test func headersOverTheLimitAreA431() throws {
        let big = try c.request("/api/v1/events", headers: ["X-Padding: " + String(repeating: "p", count: 40_000)])
        try problem(big, 431, "40 KB header")
        let many = try c.request("/api/v1/events", headers: (0..<120).map { "X-Header-\($0): v" })
        try problem(many, 431, "120 header fields")
    }

    @Test func aNonUTF8QueryIsA400() throws {
        try problem(try c.request("/api/v1/events?q=%FF%FE"), 400, "invalid percent-encoded UTF-8")
    }
}
