import Dispatch
import Glibc
import Testing
import TiesHTTP
@testable import ties

/// `ties --probe`: the container health check that needs no curl.
@Suite struct ProbeTests {
    @Test func defaultsToHealthzOnTheServersOwnPortThroughLoopback() throws {
        var config = Config()
        config.port = 9123
        #expect(try Probe.target(nil, config: config).get() == Probe.Target(host: "127.0.0.1", port: 9123, path: "/healthz"))
        #expect(try Probe.target("/readyz", config: config).get() == Probe.Target(host: "127.0.0.1", port: 9123, path: "/readyz"))
        config.host = "::1"
        #expect(try Probe.target(nil, config: config).get().host == "::1")
    }

    @Test func parsesHTTPURLsWithIPv6AndDefaultPorts() throws {
        let config = Config()
        #expect(try Probe.target("http://[::1]:8081/readyz", config: config).get() == Probe.Target(host: "::1", port: 8081, path: "/readyz"))
        #expect(try Probe.target("http://10.1.2.3", config: config).get() == Probe.Target(host: "10.1.2.3", port: 80, path: "/"))
        #expect(try Probe.target("http://example.test:99/x?y=1", config: config).get() == Probe.Target(host: "example.test", port: 99, path: "/x?y=1"))
    }

    @Test func refusesWhatIsNotAPathOrAnHTTPURL() {
        let config = Config()
        for bad in ["https://x/healthz", "healthz", "http://:80/", "http://h:0/", "http://[::1/"] {
            guard case .failure(let problem) = Probe.target(bad, config: config) else {
                Issue.record("accepted \(bad)")
                continue
            }
            #expect(problem.location == "--probe")
        }
    }

    @Test func flagTakesAnOptionalURLAndReadsThePortLikeTheServer() throws {
        let bare = try Options.resolve(arguments: ["--probe"], environment: ["PORT": "9000"], workingDirectory: "/w", readFile: { _ in nil })
        #expect(bare.mode == .probe && bare.probeTarget == nil && bare.config.port == 9000)
        let path = try Options.resolve(arguments: ["--probe", "/readyz", "--port", "9001"], environment: [:], workingDirectory: "/w", readFile: { _ in nil })
        #expect(path.mode == .probe && path.probeTarget == "/readyz" && path.config.port == 9001)
        let inline = try Options.resolve(arguments: ["--probe=http://h:1/x"], environment: [:], workingDirectory: "/w", readFile: { _ in nil })
        #expect(inline.probeTarget == "http://h:1/x")
    }

    @Test func healthyOnlyFor2xxAnswers() throws {
        let server = HTTPServer(configuration: Self.loopback, responder: ClosureResponder { request, _ in
            request.path == "/healthz" ? HTTPResponse(status: .ok) : HTTPResponse(status: .serviceUnavailable)
        })
        try server.start()
        defer { server.shutdown(gracePeriod: .seconds(2)) }
        let ok = Probe.run(Probe.Target(host: "127.0.0.1", port: server.port, path: "/healthz"))
        #expect(ok.healthy)
        #expect(ok.message.hasSuffix("HTTP/1.1 200 OK"))
        let draining = Probe.run(Probe.Target(host: "127.0.0.1", port: server.port, path: "/readyz"))
        #expect(!draining.healthy)
        #expect(draining.message.contains("503"))
    }

    @Test func unhealthyWhenNothingListens() throws {
        // A port that was just free: bound, read, closed.
        let server = HTTPServer(configuration: Self.loopback, responder: ClosureResponder { _, _ in HTTPResponse(status: .ok) })
        try server.start()
        let port = server.port
        server.shutdown(gracePeriod: .seconds(1))
        let outcome = Probe.run(Probe.Target(host: "127.0.0.1", port: port, path: "/healthz"))
        #expect(!outcome.healthy)
        #expect(outcome.message.contains("connect"))
    }

    @Test func unhealthyWhenThePeerDoesNotSpeakHTTP() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        listen(fd, 4)
        _ = withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = Int(UInt16(bigEndian: a.sin_port))
        DispatchQueue.global().async {
            let conn = accept(fd, nil, nil)
            var buffer = [UInt8](repeating: 0, count: 1024)
            _ = recv(conn, &buffer, buffer.count, 0)
            let reply = Array("SSH-2.0-OpenSSH\r\n".utf8)
            _ = reply.withUnsafeBytes { send(conn, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(conn)
        }
        let outcome = Probe.run(Probe.Target(host: "127.0.0.1", port: port, path: "/healthz"))
        #expect(!outcome.healthy)
        #expect(outcome.message.contains("not an HTTP answer"))
    }

    static var loopback: ServerConfiguration {
        var c = ServerConfiguration()
        c.host = "127.0.0.1"
        c.port = 0
        c.workerCount = 1
        return c
    }
}
