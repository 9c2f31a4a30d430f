import Dispatch
import Glibc
import Testing
@testable import TiesHTTP

/// Load shedding on a real server with one worker: a handler held on a gate saturates it, so requests that
/// arrive meanwhile wait in their sockets. No assertion is about time: the gate is held until the waiting
/// requests are past the bound by construction (the test sleeps three bounds), and they are then answered
/// either way, by the handler or by a 503.
@Suite(.serialized) struct LoadSheddingTests {
    static let bound = 0.1

    func server(gate: DispatchSemaphore, started: DispatchSemaphore, handled: Counter) throws -> TestServer {
        try TestServer({ c in
            c.workerCount = 1
            c.shedding.maxQueueDelaySeconds = Self.bound
            c.shedding.retryAfterSeconds = 2
            c.shedding.exemptPaths = ["/echo"]
        }, responder: TestResponder(slowStarted: started, handled: handled, gate: gate))
    }

    @Test func requestsThatWaitedPastTheBoundGetA503AtOnceAndTheOneBeingAnsweredFinishes() throws {
        let gate = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0), handled = Counter()
        let s = try server(gate: gate, started: started, handled: handled)
        // Connections adopted by the worker before it is busy (an exchange each proves it).
        let waiting = try (0..<4).map { _ in try s.client() }
        let probe = try s.client()
        for c in waiting + [probe] {
            try c.send(LiveServerTests.get)
            #expect(try c.readResponse().status == 200)
        }
        let busy = try s.client()
        try busy.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        for c in waiting { try c.send("GET /counted HTTP/1.1\r\nHost: t\r\n\r\n") }
        try probe.send(LiveServerTests.get)
        usleep(useconds_t(Self.bound * 3 * 1e6))
        gate.signal()

        let blocked = try busy.readResponse()
        #expect(blocked.status == 200 && blocked.text == "unblocked", "the request being answered is never shed")
        for c in waiting {
            let r = try c.readResponse()
            #expect(r.status == 503)
            #expect(r.header("Retry-After") == "2")
            #expect(r.text.contains("overloaded"), "\(r.text)")
            #expect(r.header("Connection") == nil, "the connection stays open for the retry")
        }
        #expect(handled.value == 0, "no shed request reached the handler")
        #expect(try probe.readResponse().status == 200, "an exempt path (a probe) is answered however long it waited")
        #expect(s.server.stats.shedRequests == 4)

        // Once the worker keeps up, the same connections are served again.
        for c in waiting {
            try c.send("GET /counted HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().status == 204)
        }
        #expect(handled.value == 4)
    }

    /// The kernel's receive time is read when the bytes may have waited: on a connection's first read, or
    /// once an eighth of the bound has passed since a read last emptied its socket. Sooner, the read's own
    /// start stands in, at most that much late.
    @Test func theKernelIsAskedWhenTheBytesMayHaveWaited() {
        let precision: Int64 = 62_500_000, t: Int64 = 1_700_000_000_000_000_000
        #expect(ReceiveTime.needsKernelTime(drainedAt: 0, readStart: t, precision: precision))
        #expect(!ReceiveTime.needsKernelTime(drainedAt: t, readStart: t + precision - 1, precision: precision))
        #expect(ReceiveTime.needsKernelTime(drainedAt: t, readStart: t + precision, precision: precision))
        #expect(ReceiveTime.needsKernelTime(drainedAt: t, readStart: t + 300_000_000, precision: precision))
    }

    @Test func aZeroBoundNeverSheds() throws {
        let gate = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0), handled = Counter()
        let s = try TestServer({ c in
            c.workerCount = 1
            c.shedding.maxQueueDelaySeconds = 0
        }, responder: TestResponder(slowStarted: started, handled: handled, gate: gate))
        let waiting = try s.client()
        try waiting.send(LiveServerTests.get)
        #expect(try waiting.readResponse().status == 200)
        let busy = try s.client()
        try busy.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        try waiting.send("GET /counted HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(300_000)
        gate.signal()
        #expect(try busy.readResponse().status == 200)
        #expect(try waiting.readResponse().status == 204)
        #expect(s.server.stats.shedRequests == 0)
    }
}
