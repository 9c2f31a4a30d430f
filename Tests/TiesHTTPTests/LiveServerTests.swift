import Dispatch
import Glibc
import Synchronization
import Testing
@testable import TiesHTTP

/// A real server on an ephemeral port, driven over raw sockets. Serialized: the fd test counts this
/// process's sockets. No assertion is about time; waits are bounded only so a bug cannot hang the run.
@Suite(.serialized) struct LiveServerTests {
    static let get = "GET /echo HTTP/1.1\r\nHost: t\r\n\r\n"

    @Test func servesManyRequestsOnOneKeptAliveConnection() throws {
        let s = try TestServer()
        let c = try s.client()
        for i in 0..<5 {
            try c.send("GET /echo?i=\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text.hasPrefix("GET /echo body=0 query=i=\(i)"))
            #expect(r.header("Connection") == nil)
        }
        #expect(s.server.stats.acceptedConnections == 1)
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        let s = try TestServer()
        let c = try s.client()
        let requests = (0..<20).map { i in
            i % 3 == 0 ? "POST /echo?i=\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: \(i)\r\n\r\n" + String(repeating: "b", count: i)
                       : "GET /echo?i=\(i) HTTP/1.1\r\nHost: t\r\n\r\n"
        }
        try c.send(requests.joined())
        for i in 0..<20 {
            let r = try c.readResponse()
            #expect(r.text.contains("query=i=\(i) "), "response \(i): \(r.text)")
            if i % 3 == 0 { #expect(r.text.contains("body=\(i) ")) }
        }
    }

    @Test func closesAfterConnectionClose() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.header("Connection") == "close")
        #expect(c.isClosedByServer(), "the pipelined request after close must not be answered")
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let first = try c.readResponse()
        #expect(first.status == 200 && first.header("Connection") == "keep-alive")
        try c.send("GET /echo HTTP/1.0\r\n\r\n")
        let second = try c.readResponse()
        #expect(second.header("Connection") == "close")
        #expect(c.isClosedByServer())
    }

    @Test func headGetsContentLengthAndNoBody() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("HEAD /big?n=5000 HTTP/1.1\r\nHost: t\r\n\r\n" + Self.get)
        let head = try c.readResponse(bodyless: true)
        #expect(head.status == 200 && head.header("Content-Length") == "5000")
        // Had a body been sent, this would read its bytes instead of a status line.
        let next = try c.readResponse()
        #expect(next.status == 200 && next.text.hasPrefix("GET /echo"))
    }

    @Test func streamsChunkedToHTTP11AndCloseDelimitedToHTTP10() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /stream?chunks=4 HTTP/1.1\r\nHost: t\r\n\r\n" + Self.get)
        let chunked = try c.readResponse()
        #expect(chunked.header("Transfer-Encoding") == "chunked")
        #expect(chunked.text == "chunk0;chunk1;chunk2;chunk3;")
        #expect(try c.readResponse().status == 200)
        let old = try s.client()
        try old.send("GET /stream?chunks=2 HTTP/1.0\r\n\r\n")
        let delimited = try old.readResponse()
        #expect(delimited.header("Content-Length") == nil && delimited.header("Connection") == "close")
        #expect(delimited.text == "chunk0;chunk1;")
    }

    @Test func readsAndDiscardsABodyTheHandlerIgnores() throws {
        let s = try TestServer()
        let c = try s.client()
        let body = String(repeating: "x", count: 100_000)
        try c.send("POST /counted HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body + Self.get)
        #expect(try c.readResponse().status == 204)
        #expect(try c.readResponse().text.hasPrefix("GET /echo"))
        try c.send("POST /counted HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" + Self.get)
        #expect(try c.readResponse().status == 204)
        #expect(try c.readResponse().status == 200)
    }

    @Test func sendsContinueOnlyForABodyItWillAccept() throws {
        let s = try TestServer { $0.limits.maxBodyBytes = 1000 }
        let c = try s.client()
        try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        let interim = try c.readResponse()
        #expect(interim.status == 100)
        try c.send("hello")
        let final = try c.readResponse()
        #expect(final.status == 200 && final.text.contains("body=5"))

        let refused = try s.client()
        try refused.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
        let r = try refused.readResponse()
        #expect(r.status == 413)
        #expect(r.header("Connection") == "close")
    }

    @Test func cutsOffAHeaderTrickleWith408() throws {
        let s = try TestServer { $0.timeouts.headerReadSeconds = 0.5 }
        let c = try s.client()
        try c.send("GET /echo HTTP/1.1\r\n")
        var cutOff = false
        for _ in 0..<400 {  // one header byte every 25 ms; the server must stop this
            if c.readable(within: 25) { cutOff = true; break }
            do { try c.send("X") } catch { cutOff = true; break }
        }
        #expect(cutOff)
        let r = try c.readResponse()
        #expect(r.status == 408)
        #expect(r.header("Connection") == "close")
        #expect(r.header("X-Request-Id") != nil)
    }

    @Test func cutsOffASlowBodyWith408() throws {
        let s = try TestServer { $0.timeouts.bodyReadSeconds = 0.3 }
        let c = try s.client()
        try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly a part")
        let r = try c.readResponse()
        #expect(r.status == 408)
        #expect(r.header("Connection") == "close")
    }

    @Test func closesIdleKeepAliveConnectionSilently() throws {
        let s = try TestServer { $0.timeouts.idleSeconds = 0.3 }
        let c = try s.client()
        try c.send(Self.get)
        #expect(try c.readResponse().status == 200)
        #expect(c.readable(within: 10_000))
        #expect(c.isClosedByServer())
    }

    /// The idle timeout bounds the wait between requests, not the connection's life: a client that keeps
    /// asking on one connection for longer than `idleSeconds` is never cut off between two requests.
    @Test func aBusyKeepAliveConnectionIsNotIdle() throws {
        let s = try TestServer { $0.timeouts.idleSeconds = 1 }
        let c = try s.client()
        for _ in 0..<10 {
            try c.send(Self.get)
            #expect(try c.readResponse().status == 200)
            usleep(250_000)
        }
        #expect(s.server.stats.openConnections == 1)
        #expect(c.readable(within: 10_000))
        #expect(c.isClosedByServer())
    }

    @Test func dropsAClientThatStopsReading() throws {
        let s = try TestServer { $0.timeouts.writeSeconds = 0.3 }
        let c = try s.client()
        try c.send("GET /infinite HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(c.readable(within: 10_000), "the response started")
        #expect(s.server.stats.openConnections == 1)
        #expect(s.waitUntil { s.server.stats.openConnections == 0 })
        withExtendedLifetime(c) {}
    }

    @Test func survivesAClientVanishingMidResponse() throws {
        let s = try TestServer()
        for _ in 0..<10 {
            let c = try s.client()
            try c.send("GET /infinite HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(c.readable(within: 10_000))
            c.resetOnClose()
        }
        #expect(s.waitUntil { s.server.stats.openConnections == 0 })
        let c = try s.client()
        try c.send(Self.get)
        #expect(try c.readResponse().status == 200)
    }

    @Test func refusesOversizedPartsAndCloses() throws {
        let s = try TestServer { $0.limits.maxBodyBytes = 1000 }
        let cases: [(String, Int)] = [
            ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 40_000) + "\r\n\r\n", 431),
            ("GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: "X: 1\r\n", count: 101) + "\r\n", 431),
            ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n", 413),
            ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + String(repeating: "c", count: 2048) + "\r\n0\r\n\r\n", 413),
            ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
            ("BREW / HTTP/1.1\r\nHost: t\r\n\r\n", 501),
            ("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ]
        for (request, status) in cases {
            let c = try s.client()
            try c.send(request)
            let r = try c.readResponse()
            #expect(r.status == status, "expected \(status) for \(request.prefix(40))")
            #expect(r.header("Connection") == "close")
            #expect(r.header("X-Request-Id") != nil)
            #expect(c.isClosedByServer())
        }
    }

    @Test func rendersEngineErrorsThroughTheErrorResponder() throws {
        let seen = Mutex<[HTTPError]>([])
        let s = try TestServer { config in
            config.errorResponder = { error in
                seen.withLock { $0.append(error) }
                let body = "{\"status\":\(error.status.code),\"detail\":\"\(error.detail)\",\"instance\":\"\(error.requestID ?? "")\"}"
                return HTTPResponse(status: error.status, headers: ["Content-Type": "application/problem+json"], body: .bytes(Array(body.utf8)))
            }
        }
        let c = try s.client()
        try c.send("GET /echo HTTP/1.1\r\nHost : t\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == 400)
        #expect(r.header("Content-Type") == "application/problem+json")
        #expect(r.text.contains("\"instance\":\"\(r.header("X-Request-Id") ?? "missing")\""))
        let notFound = try s.client()
        try notFound.send("GET /missing?x=1 HTTP/1.1\r\nHost: t\r\nX-Request-Id: client-42\r\n\r\n")
        let r404 = try notFound.readResponse()
        #expect(r404.status == 404 && r404.header("X-Request-Id") == "client-42")
        #expect(r404.header("Content-Type") == "application/problem+json")
        let errors = seen.withLock { $0 }
        #expect(errors.last?.method == .get && errors.last?.target == "/missing?x=1" && errors.last?.requestID == "client-42")
    }

    @Test func answers400ForBadQueryEncodingBeforeTheHandler() throws {
        let handled = Counter()
        let s = try TestServer(responder: TestResponder(handled: handled))
        let c = try s.client()
        try c.send("GET /counted?q=%FF HTTP/1.1\r\nHost: t\r\n\r\nGET /counted?q=%C3%A9 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().status == 400)
        #expect(try c.readResponse().status == 204, "a bad query keeps the connection: its framing was fine")
        #expect(handled.value == 1)
    }

    @Test func replacesAHandlerResponseThatWouldSplitHeadersWith500() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /invalid-header HTTP/1.1\r\nHost: t\r\n\r\n" + Self.get)
        let r = try c.readResponse()
        #expect(r.status == 500)
        #expect(r.header("Injected") == nil)
        #expect(try c.readResponse().status == 200)
    }

    @Test func echoesSaneRequestIDsAndReplacesOthers() throws {
        let s = try TestServer()
        let c = try s.client()
        try c.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Request-Id: abc-123.x:y_z\r\n\r\n")
        #expect(try c.readResponse().header("X-Request-Id") == "abc-123.x:y_z")
        try c.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Request-Id: <script>\r\n\r\n")
        let generated = try c.readResponse().header("X-Request-Id")
        #expect(generated != nil && generated != "<script>" && generated?.utf8.count == 15)
    }

    @Test func reportsEachExchangeOnce() throws {
        let exchanges = Mutex<[CompletedExchange]>([])
        var builder = Router.Builder()
        builder.add(.get, "/items/{id}") { _, _ in HTTPResponse(body: .bytes([1, 2, 3])) }
        let s = try TestServer({ $0.onResponse = { e in exchanges.withLock { $0.append(e) } } }, responder: try builder.build())
        let c = try s.client()
        try c.send("GET /items/7 HTTP/1.1\r\nHost: t\r\n\r\nHEAD /items/8 HTTP/1.1\r\nHost: t\r\n\r\nGET /zzz HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try c.readResponse()
        _ = try c.readResponse(bodyless: true)
        _ = try c.readResponse()
        #expect(s.waitUntil { exchanges.withLock { $0.count } == 3 })
        let e = exchanges.withLock { $0 }
        #expect(e.map(\.status.code) == [200, 200, 404])
        #expect(e.map(\.route) == ["/items/{id}", "/items/{id}", nil])
        #expect(e.map(\.bodyBytes)[0...1] == [3, 0])
        #expect(e.map(\.path) == ["/items/7", "/items/8", "/zzz"])
        #expect(e.allSatisfy { $0.remoteAddress.hasPrefix("127.0.0.1:") && $0.elapsedNanoseconds >= 0 })
    }

    @Test func closesAfterTheRequestCap() throws {
        let s = try TestServer { $0.limits.maxRequestsPerConnection = 3 }
        let c = try s.client()
        try c.send(String(repeating: Self.get, count: 4))
        #expect(try c.readResponse().header("Connection") == nil)
        #expect(try c.readResponse().header("Connection") == nil)
        #expect(try c.readResponse().header("Connection") == "close")
        #expect(c.isClosedByServer())
    }

    @Test func appliesBackpressureAndStillAnswersEverythingInOrder() throws {
        let s = try TestServer { $0.limits.maxOutputBufferBytes = 64 * 1024 }
        let c = try s.client()
        let count = 300
        let writer = DispatchQueue(label: "writer")
        let done = DispatchSemaphore(value: 0)
        let failed = Mutex(false)
        // 300 × 100 KB of replies: far more than socket buffers, so the server must stop reading while the
        // client is busy writing.
        writer.async {
            do {
                for i in 0..<count { try c.send("GET /big?n=100000 HTTP/1.1\r\nHost: t\r\nX-Request-Id: r\(i)\r\n\r\n") }
            } catch { failed.withLock { $0 = true } }
            done.signal()
        }
        usleep(200_000)
        for i in 0..<count {
            let r = try c.readResponse()
            #expect(r.status == 200 && r.body.count == 100_000 && r.header("X-Request-Id") == "r\(i)")
        }
        done.wait()
        #expect(!failed.withLock { $0 })
    }

    @Test func answers503AboveTheConnectionCap() throws {
        let s = try TestServer { $0.limits.maxConnections = 2 }
        let a = try s.client(), b = try s.client()
        for c in [a, b] {
            try c.send(Self.get)
            #expect(try c.readResponse().status == 200)
        }
        let third = try s.client()
        let r = try third.readResponse()
        #expect(r.status == 503)
        #expect(r.header("Connection") == "close" && r.header("X-Request-Id") != nil)
        #expect(third.isClosedByServer())
        #expect(s.server.stats.rejectedConnections == 1)
        try a.send("GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        _ = try a.readResponse()
        #expect(s.waitUntil { s.server.stats.openConnections == 1 })
        let fourth = try s.client()
        try fourth.send(Self.get)
        #expect(try fourth.readResponse().status == 200)
    }

    @Test func leavesNoSocketsBehindAfterTwoThousandConnections() throws {
        var port = 0
        do {
            let s = try TestServer()
            port = s.port
            for batch in 0..<10 {
                let clients = try (0..<200).map { _ in try s.client() }
                for (i, c) in clients.enumerated() {
                    if i % 4 == 0 { continue }  // a quarter just connect and leave
                    try c.send(i % 2 == 0 ? Self.get : "GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                }
                for (i, c) in clients.enumerated() where i % 4 != 0 {
                    #expect(try c.readResponse().status == 200, "batch \(batch) client \(i)")
                }
            }
            #expect(s.waitUntil { s.server.stats.openConnections == 0 })
            #expect(s.server.stats.acceptedConnections == 2000)
            #expect(openSocketCount(port: port) >= 1, "the listening socket is counted")
        }
        #expect(TestServer.waitUntil { openSocketCount(port: port) == 0 }, "sockets left on port \(port): \(openSocketCount(port: port))")
        #expect(TestServer.waitUntil { Connection.live.load(ordering: .relaxed) == 0 })
    }

    @Test func shutsDownGracefullyLettingInFlightRequestsFinish() throws {
        let started = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let s = try TestServer(responder: TestResponder(slowStarted: started, gate: gate))
        let busy = try s.client()
        let idle = try s.client()
        try idle.send(Self.get)
        #expect(try idle.readResponse().status == 200)
        try busy.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            s.server.shutdown(gracePeriod: .seconds(5))
            stopped.signal()
        }
        // The handler finishes only once shutdown has begun (the listener refuses): no race with when the
        // global queue runs the shutdown, which other tests in the process can delay.
        #expect(s.waitUntil { (try? RawClient(port: s.port)) == nil })
        gate.signal()
        let r = try busy.readResponse()
        #expect(r.status == 200 && r.text == "unblocked")
        #expect(r.header("Connection") == "close")
        #expect(idle.isClosedByServer())
        stopped.wait()
        s.server.waitUntilStopped()
        #expect(s.server.stats.openConnections == 0)
        #expect(throws: TestFailure.self) { try RawClient(port: s.port) }
    }

    @Test func aBlockedHandlerStallsNeitherTheAcceptorNorOtherQueues() throws {
        let started = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let s = try TestServer({ $0.workerCount = 2 }, responder: TestResponder(slowStarted: started, gate: gate))
        let blocked = try s.client()  // connections go to the workers in turn: this one to worker 0
        try blocked.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        // If worker 1 or the acceptor waited on worker 0, these reads would time out: the gate opens only after.
        let other = try s.client()
        try other.send(Self.get)
        #expect(try other.readResponse().status == 200)
        let extra = (0..<4).compactMap { _ in try? s.client() }
        #expect(s.waitUntil { s.server.stats.acceptedConnections == 6 })
        gate.signal()
        #expect(try blocked.readResponse().text == "unblocked")
        withExtendedLifetime(extra) {}
    }

    @Test func bindsDualStackOnIPv6Any() throws {
        let s: TestServer
        do { s = try TestServer(host: "::") } catch {
            Issue.record("binding :: failed: \(error)")
            return
        }
        let v4 = try RawClient(port: s.port, host: "127.0.0.1")
        try v4.send(Self.get)
        #expect(try v4.readResponse().status == 200)
        if let v6 = try? RawClient(port: s.port, host: "::1") {  // absent on hosts without IPv6 loopback
            try v6.send(Self.get)
            #expect(try v6.readResponse().status == 200)
        }
    }
}

extension TestServer {
    static func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}
