import Foundation
import Testing
import TiesAPI
import TiesHTTP

/// The per-client rate limit on the real server, with clients on their own loopback addresses (127.0.0.0/8
/// is all this host's, so each is a different peer to the server). Loops are bounded by count and by a few
/// seconds of wall time; nothing asserts a duration.
@Suite(.serialized) struct RateLimitUnderFloodTests {
    static func limit(requestsPerSecond: Double, burst: Int) -> RateLimitOptions {
        var options = RateLimitOptions()
        options.requestsPerSecond = requestsPerSecond
        options.burst = burst
        return options
    }

    @Test func aFlooderIsToldToWaitWhilePoliteClientsNoticeNothing() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path, rateLimit: Self.limit(requestsPerSecond: 20, burst: 10))
        let port = live.port
        let floodOver = Flag()
        let politeStatuses = Locked<[Int: Int]>([:])
        let politeFailures = Locked<[String]>([])
        let flood = Locked<(ok: Int, limited: Int, last429: WireResponse?, problems: [String])>((0, 0, nil, []))

        var bodies: [@Sendable () -> Void] = (0..<8).map { i in
            {
                // 5 requests a second, a quarter of the limit, for as long as the flood lasts.
                let client = KeepAliveClient(port: port, source: "127.0.0.\(10 + i)")
                var sent = 0
                while !floodOver.isSet && sent < 40 {
                    do {
                        let r = try client.request(i % 2 == 0 ? "/api/v1/events" : "/api/v1/leaders/anwar-ibrahim")
                        politeStatuses.withLock { $0[r.status, default: 0] += 1 }
                    } catch {
                        politeFailures.withLock { $0.append("client \(i): \(error)") }
                    }
                    sent += 1
                    usleep(200_000)
                }
            }
        }
        bodies.append {
            let client = KeepAliveClient(port: port, source: "127.0.0.2")
            let end = Date().addingTimeInterval(3)
            var n = 0
            while Date() < end && n < 200_000 {
                n += 1
                do {
                    let r = try client.request("/api/v1/events")
                    flood.withLock { f in
                        if r.status == 200 { f.ok += 1 }
                        else if r.status == 429 { f.limited += 1; f.last429 = r }
                        else { f.problems.append("status \(r.status)") }
                    }
                } catch {
                    flood.withLock { $0.problems.append("\(error)") }
                }
            }
            floodOver.set()
        }
        runThreads(bodies)

        let polite = politeStatuses.value
        #expect(politeFailures.value.isEmpty, "\(politeFailures.value)")
        #expect(polite.keys.sorted() == [200], "polite clients saw only 200s: \(polite)")
        #expect(polite[200, default: 0] >= 8, "every polite client was answered")

        let f = flood.value
        #expect(f.problems.isEmpty, "\(f.problems.prefix(3))")
        #expect(f.limited > 0 && f.ok >= 10, "the flooder had its burst, then 429s: \(f.ok) ok, \(f.limited) limited")
        let last = try #require(f.last429)
        let problem = try JSONSerialization.jsonObject(with: Data(last.body)) as? [String: Any]
        #expect(last.header("Content-Type") == "application/problem+json; charset=utf-8")
        #expect(problem?["type"] as? String == "/problems/rate-limited" && problem?["status"] as? Int == 429)
        #expect((problem?["detail"] as? String)?.contains("127.0.0.2") == true, "the problem names the client it limited")
        let wait = try #require(last.header("Retry-After").flatMap { Int($0) })
        #expect(wait >= 1)
        #expect(last.header("RateLimit") == "\"per-client\";r=0;t=\(wait)")

        // Honouring Retry-After succeeds.
        sleep(UInt32(wait))
        let again = try KeepAliveClient(port: port, source: "127.0.0.2").request("/api/v1/events")
        #expect(again.status == 200)

        // Both are counted: the 429s in the rate-limit counter and among the responses by status.
        let metrics = try KeepAliveClient(port: port).request("/metrics").text
        #expect(metrics.contains("ties_http_rate_limited_total \(f.limited)\n"), "metrics count every 429")
        let by429 = metrics.split(separator: "\n").filter { $0.hasPrefix("ties_http_requests_total{") && $0.contains("status=\"429\"") }
        #expect(by429.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +) == f.limited)
        let oks = metrics.split(separator: "\n").filter { $0.hasPrefix("ties_http_requests_total{route=\"/api/v1/") && $0.contains("status=\"200\"") }
        #expect(oks.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +) == f.ok + polite[200, default: 0] + 1)
    }

    @Test func theFieldsFollowTheDraftSyntaxOnEveryLimitedResponse() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path, rateLimit: Self.limit(requestsPerSecond: 4, burst: 8))
        let client = KeepAliveClient(port: live.port, source: "127.0.0.3")
        // sf-list of one sf-string item with sf-integer parameters (RFC 9651 §3.1, draft-ietf-httpapi-ratelimit-headers-10 §3, §4).
        let policy = try Regex(#"^"per-client";q=8;w=2$"#)
        let current = try Regex(#"^"per-client";r=(0|[1-9][0-9]*);t=(0|[1-9][0-9]*)$"#)
        var remaining: [Int] = []
        for target in ["/api/v1/events", "/api/v1/events/no-such-event", "/no/such/page", "/api/v1/events?limit=x"] {
            let r = try client.request(target)
            #expect(r.header("RateLimit-Policy")?.wholeMatch(of: policy) != nil, "\(target): \(r.header("RateLimit-Policy") ?? "none")")
            let field = try #require(r.header("RateLimit"))
            #expect(field.wholeMatch(of: current) != nil, "\(target): \(field)")
            remaining.append(Int(field.split(separator: "r=")[1].prefix { $0.isNumber }) ?? -1)
            #expect(r.header("Access-Control-Expose-Headers")?.contains("RateLimit-Policy") == true)
        }
        #expect(remaining == [7, 6, 5, 4], "errors count too: a scanner of 404s is limited like anyone")
        // Probes and metrics are exempt: no bucket taken, no fields.
        for probe in ["/healthz", "/readyz", "/metrics"] {
            let r = try client.request(probe)
            #expect(r.status == 200 && r.header("RateLimit") == nil, "\(probe)")
        }
        #expect(try client.request("/api/v1/events").header("RateLimit")?.contains("r=3;") == true)
    }

    @Test func aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() throws {
        let data = try DatasetCopy()
        var options = Self.limit(requestsPerSecond: 1, burst: 2)
        options.trustedProxies = [CIDR("127.0.0.5")!]
        let live = try LiveAPI(dataDirectory: data.path, rateLimit: options)
        // An untrusted peer rotating X-Forwarded-For still spends its own bucket.
        let direct = KeepAliveClient(port: live.port, source: "127.0.0.4")
        let statuses = try (0..<4).map { i in try direct.request("/api/v1/leaders", headers: [("X-Forwarded-For", "203.0.113.\(i)")]).status }
        #expect(statuses == [200, 200, 429, 429])
        // The trusted proxy's clients each have their own bucket, named in the 429.
        let proxy = KeepAliveClient(port: live.port, source: "127.0.0.5")
        let viaProxy = try (0..<3).map { _ in try proxy.request("/api/v1/leaders", headers: [("X-Forwarded-For", "6.6.6.6, 198.51.100.7")]) }
        #expect(viaProxy.map(\.status) == [200, 200, 429])
        #expect(viaProxy[2].text.contains("198.51.100.7"))
        #expect(try proxy.request("/api/v1/leaders", headers: [("X-Forwarded-For", "198.51.100.8")]).status == 200)
    }
}
