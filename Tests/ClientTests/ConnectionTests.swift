import Foundation
import Testing

/// What one client connection sees: libcurl keeps one connection for many requests (errors included), and
/// every response carries an `X-Request-Id`, the client's when it is sane.
@Suite struct ConnectionTests {
    @Test func oneConnectionServesManyRequestsIncludingErrors() throws {
        let c = TestServer.shared.client()
        let paths = ["/api/v1", "/api/v1/events", "/api/v1/events/nope", "/api/v1/events?limit=0", "/api/v1/leaders", "/healthz",
                     "/api/v1/search?q=anwar", "/openapi.json", "/nowhere", "/api/v1/timeline"]
        var opened: [Int] = []
        for (i, path) in (paths + paths).enumerated() {
            let r = try c.request(path, method: i == 3 ? "HEAD" : "GET")
            #expect(r.status != 0)
            opened.append(r.newConnections)
        }
        #expect(opened.first == 1, "the first request opens the connection")
        #expect(opened.dropFirst().allSatisfy { $0 == 0 }, "every later one reuses it: \(opened)")
    }

    @Test func aFreshClientOpensItsOwnConnection() throws {
        let a = TestServer.shared.client(), b = TestServer.shared.client()
        #expect(try a.request("/healthz").newConnections == 1)
        #expect(try b.request("/healthz").newConnections == 1)
        #expect(try a.request("/healthz").newConnections == 0)
    }

    @Test(arguments: ["abc-123", "req.2025-01-10:42", String(repeating: "a", count: 128)])
    func aSaneRequestIdIsEchoed(id: String) throws {
        let r = try TestServer.shared.client().request("/api/v1/events?limit=1", headers: ["X-Request-Id: \(id)"])
        #expect(r.header("X-Request-Id") == id)
    }

    @Test(arguments: ["has space", "semi;colon", String(repeating: "a", count: 129), "quote\"d", "ünïcode"])
    func anInsaneRequestIdIsReplaced(id: String) throws {
        let r = try TestServer.shared.client().request("/api/v1/events?limit=1", headers: ["X-Request-Id: \(id)"])
        let given = try #require(r.header("X-Request-Id"))
        #expect(given != id)
        #expect(given.range(of: "^[A-Za-z0-9._:-]{1,128}$", options: .regularExpression) != nil)
    }

    @Test func everyResponseHasAnIdAndGeneratedOnesDiffer() throws {
        let c = TestServer.shared.client()
        let ids = try ["/api/v1", "/api/v1/events/nope", "/api/v1/events?bad=1", "/healthz"].map { try #require(try c.request($0).header("X-Request-Id")) }
        #expect(Set(ids).count == ids.count)
        let problem = try c.request("/api/v1/events", method: "DELETE")
        let instance = try problem.jsonObject().string("instance")
        #expect(instance != nil)
    }
}
