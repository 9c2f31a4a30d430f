import Dispatch
import Glibc
import Synchronization
@testable import TiesHTTP

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A response as read off the wire.
struct RawResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A blocking TCP client speaking raw bytes, so tests control exactly what goes on the wire. Reads time out
/// after 10 s so a server bug fails a test instead of hanging the run.
/// `send` touches only the fd and reads only the buffer, so one thread may write while another reads.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 10) throws {
        let v6 = host.contains(":")
        fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc: Int32
        if v6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &a.sin6_addr)
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &a.sin_addr)
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard rc == 0 else {
            // No close here: a class initializer that throws once every property is set still runs deinit,
            // which closes the fd; closing it here too closed whatever another thread had opened under that
            // number meanwhile (seen as EBADF reading a dataset file in a concurrent test).
            throw TestFailure("connect: errno \(errno)")
        }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestFailure("send failed: errno \(errno)") }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; false on EOF.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        if n == 0 { return false }
        guard n > 0 else { throw TestFailure("recv failed: errno \(errno)") }
        buffer += chunk[0..<n]
        return true
    }

    private func readLine() throws -> String {
        while true {
            if let i = buffer.firstIndex(of: 10), i > 0, buffer[i - 1] == 13 {
                let line = String(decoding: buffer[0..<(i - 1)], as: UTF8.self)
                buffer.removeFirst(i + 1)
                return line
            }
            guard try fill() else { throw TestFailure("EOF inside a line") }
        }
    }

    private func readExactly(_ n: Int) throws -> [UInt8] {
        while buffer.count < n { guard try fill() else { throw TestFailure("EOF inside a body") } }
        let out = Array(buffer[0..<n])
        buffer.removeFirst(n)
        return out
    }

    /// Reads one response. `bodyless` for a response to HEAD; interim 1xx responses are returned too.
    func readResponse(bodyless: Bool = false) throws -> RawResponse {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else { throw TestFailure("bad status line \(statusLine)") }
        var headers: [(name: String, value: String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw TestFailure("bad header \(line)") }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " ")))
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        if bodyless || status < 200 || status == 204 || status == 304 { return response }
        if let cl = response.header("Content-Length") {
            response.body = try readExactly(Int(cl)!)
        } else if response.header("Transfer-Encoding") == "chunked" {
            while true {
                let size = Int(try readLine().split(separator: ";")[0], radix: 16)!
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                response.body += try readExactly(size)
                guard try readLine().isEmpty else { throw TestFailure("chunk not followed by CRLF") }
            }
        } else {
            response.body = try readToEOF()
        }
        return response
    }

    func readToEOF() throws -> [UInt8] {
        while try fill() {}
        defer { buffer.removeAll() }
        return buffer
    }

    /// True when the server closed: EOF (or a reset) with nothing unread.
    func isClosedByServer() -> Bool {
        guard buffer.isEmpty else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) <= 0
    }

    /// Waits up to `milliseconds` for something to read.
    func readable(within milliseconds: Int32) -> Bool {
        if !buffer.isEmpty { return true }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, milliseconds) > 0
    }

    func resetOnClose() {
        var l = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}

/// A server on 127.0.0.1 with an ephemeral port, shut down when the test ends.
final class TestServer: Sendable {
    let server: HTTPServer
    var port: Int { server.port }

    init(host: String = "127.0.0.1", _ configure: (inout ServerConfiguration) -> Void = { _ in },
         responder: any HTTPResponder = TestResponder()) throws {
        var config = ServerConfiguration()
        config.host = host
        config.port = 0
        config.workerCount = 2
        // Shedding answers 503 to a request that waited half a second: on a loaded CI machine that would fail
        // tests about something else. LoadSheddingTests turn it on with a bound of their own.
        config.shedding.maxQueueDelaySeconds = 0
        configure(&config)
        server = HTTPServer(configuration: config, responder: responder)
        try server.start()
    }

    func client() throws -> RawClient { try RawClient(port: port) }

    /// Polls (it is not a timing assertion: a generous bound only keeps a broken server from hanging the run).
    func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    deinit { server.shutdown(gracePeriod: .seconds(2)) }
}

/// Routes used by the live tests.
struct TestResponder: HTTPResponder {
    let slowStarted: DispatchSemaphore?
    let handled: Counter?
    /// `/block` waits on this until the test releases it.
    let gate: DispatchSemaphore?

    init(slowStarted: DispatchSemaphore? = nil, handled: Counter? = nil, gate: DispatchSemaphore? = nil) {
        self.slowStarted = slowStarted
        self.handled = handled
        self.gate = gate
    }

    static let bigBodies = Mutex<[Int: [UInt8]]>([:])

    func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        switch request.path {
        case "/echo":
            let text = "\(request.method) \(request.path) body=\(request.body.count) query=\(request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&")) id=\(context.requestID)"
            return HTTPResponse(headers: ["Content-Type": "text/plain"], body: .bytes(Array(text.utf8)))
        case "/big":
            let n = Int(request.query("n") ?? "") ?? 100_000
            let body = TestResponder.bigBodies.withLock { cache in
                if let b = cache[n] { return b }
                let b = (0..<n).map { UInt8(truncatingIfNeeded: $0 % 251) }
                cache[n] = b
                return b
            }
            return HTTPResponse(body: .bytes(body))
        case "/stream":
            let chunks = Int(request.query("chunks") ?? "") ?? 3
            return HTTPResponse(body: .stream(ResponseStream(chunks: (0..<chunks).map { Array("chunk\($0);".utf8) })))
        case "/infinite":
            return HTTPResponse(body: .stream(ResponseStream { { [UInt8](repeating: 120, count: 65536) } }))
        case "/slow":
            slowStarted?.signal()
            usleep(300_000)
            return HTTPResponse(body: .bytes(Array("slow done".utf8)))
        case "/block":
            slowStarted?.signal()
            gate?.wait()
            return HTTPResponse(body: .bytes(Array("unblocked".utf8)))
        case "/counted":
            handled?.increment()
            return HTTPResponse(status: .noContent)
        case "/invalid-header":
            return HTTPResponse(headers: ["X-Bad": "a\r\nInjected: yes"])
        default:
            return .error(HTTPError(.notFound, detail: "no test route \(request.path)"))
        }
    }
}

/// Open sockets of this process with `port` at either end (the server's listening and accepted sockets,
/// and its clients'), from /proc/self/fd and /proc/net/tcp{,6}: other test targets in the same process open
/// sockets of their own at the same time, so a count of all sockets would not be this server's.
func openSocketCount(port: Int) -> Int {
    var inodes = Set<String>()
    let hexPort = String(format: "%04X", port)
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        guard let file = fopen(table, "r") else { continue }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), file) != nil {
            let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            guard fields.count > 9, fields[0] != "sl" else { continue }
            let local = fields[1].split(separator: ":").last, remote = fields[2].split(separator: ":").last
            if (local == Substring(hexPort) || remote == Substring(hexPort)) && fields[9] != "0" { inodes.insert(String(fields[9])) }
        }
    }
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var count = 0
    var target = [CChar](repeating: 0, count: 256)
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let n = readlink("/proc/self/fd/" + name, &target, target.count - 1)
        guard n > 0 else { continue }
        let link = String(decoding: target[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if link.hasPrefix("socket:["), inodes.contains(String(link.dropFirst(8).dropLast())) { count += 1 }
    }
    return count
}

final class Counter: Sendable {
    private let storage = Atomic<Int>(0)
    func increment() { storage.add(1, ordering: .relaxed) }
    var value: Int { storage.load(ordering: .relaxed) }
}
