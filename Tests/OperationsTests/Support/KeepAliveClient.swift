import Glibc

/// A response as read off the wire.
struct WireResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why a request got no complete response.
enum ClientFailure: Error, CustomStringConvertible, Equatable {
    /// No connection could be made (the listener is closed).
    case refused
    /// A kept-alive connection closed before a single byte of the response, and the retry on a new connection
    /// was refused: the server never started this request (RFC 9112 §9.3.1 lets a client retry it).
    case closedThenRefused
    /// A new connection closed or reset before a single byte of the response: what a client sees when its
    /// connection completed in the listening socket's backlog as the server closed it (the kernel resets
    /// those), or when a server drops a connection it accepted (the tests tell the two apart by whether the
    /// request reached the responder).
    case closedOnNewConnection(String)
    /// Anything else: an error after part of a response, a malformed response, a timeout.
    case broken(String)

    var description: String {
        switch self {
        case .refused: "connection refused"
        case .closedThenRefused: "kept-alive connection closed before the response, retry refused"
        case .closedOnNewConnection(let why): "new connection closed before the response: \(why)"
        case .broken(let why): why
        }
    }
}

/// A blocking HTTP/1.1 client over one kept-alive connection, reconnecting when the server closes it. It
/// retries a request once on a new connection when a reused connection closed before any byte of the
/// response — what curl and browsers do — and reports every other failure. Reads time out after 20 s so a
/// server bug fails a test instead of hanging it. Used from one thread at a time.
final class KeepAliveClient {
    let port: Int
    /// The loopback address to connect from (127.0.0.0/8 is all this host's): another client, to the server.
    let source: String?
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var requestsOnConnection = 0
    private(set) var connections = 0

    init(port: Int, source: String? = nil) {
        self.port = port
        self.source = source
    }
    deinit { disconnect() }

    func request(_ target: String, method: String = "GET", headers: [(String, String)] = [], body: [UInt8] = []) throws(ClientFailure) -> WireResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        for attempt in 0..<2 {
            if fd < 0 { try connect() }
            let reused = requestsOnConnection > 0
            requestsOnConnection += 1
            do throws(Exchange) {
                let response = try exchange(bytes, headOnly: method == "HEAD")
                if response.header("Connection")?.lowercased() == "close" { disconnect() }
                return response
            } catch {
                disconnect()
                switch error {
                case .nothingReceived(let why) where reused && attempt == 0:
                    // The server closed the idle connection as we sent: retry once on a fresh one.
                    do throws(ClientFailure) { try connect() } catch {
                        throw error == .refused ? .closedThenRefused : error
                    }
                    _ = why
                    continue
                case .nothingReceived(let why):
                    throw .closedOnNewConnection(attempt == 0 ? why : "\(why), on the retry")
                case .partial(let why):
                    throw .broken(why)
                }
            }
        }
        throw .broken("unreachable")
    }

    /// Opens the connection without sending anything.
    func connectNow() throws(ClientFailure) { try connect() }

    func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        buffer.removeAll()
        requestsOnConnection = 0
    }

    private func connect() throws(ClientFailure) {
        disconnect()
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw .broken("socket: errno \(errno)") }
        var tv = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0 else { close(s); throw .broken("bind \(source): errno \(errno)") }
        }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else {
            let e = errno
            close(s)
            // A reset during the handshake: the listener closed with this connection in its backlog.
            throw e == ECONNREFUSED ? .refused : e == ECONNRESET ? .closedOnNewConnection("reset during connect") : .broken("connect: errno \(e)")
        }
        fd = s
        connections += 1
    }

    private enum Exchange: Error {
        case nothingReceived(String)
        case partial(String)
    }

    private func exchange(_ request: [UInt8], headOnly: Bool) throws(Exchange) -> WireResponse {
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw .nothingReceived("send: errno \(errno)") }
            sent += n
        }
        var received = 0
        func fill() throws(Exchange) {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n > 0 {
                buffer += chunk[0..<n]
                received += n
                return
            }
            let why = n == 0 ? "EOF" : "recv: errno \(errno)"
            if received == 0 { throw .nothingReceived(why) }
            throw .partial("\(why) after \(received) bytes of a response")
        }
        func line() throws(Exchange) -> String {
            while true {
                if let i = buffer.firstIndex(of: 10), i > 0, buffer[i - 1] == 13 {
                    let text = String(decoding: buffer[0..<(i - 1)], as: UTF8.self)
                    buffer.removeFirst(i + 1)
                    return text
                }
                try fill()
            }
        }
        func exactly(_ n: Int) throws(Exchange) -> [UInt8] {
            while buffer.count < n { try fill() }
            let out = Array(buffer[0..<n])
            buffer.removeFirst(n)
            return out
        }
        let status = try line()
        let parts = status.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let code = Int(parts[1]) else { throw .partial("bad status line \(status)") }
        var response = WireResponse(status: code, headers: [], body: [])
        while true {
            let l = try line()
            if l.isEmpty { break }
            guard let colon = l.firstIndex(of: ":") else { throw .partial("bad header \(l)") }
            response.headers.append((String(l[..<colon]), String(l[l.index(after: colon)...]).drop { $0 == " " }.description))
        }
        if headOnly || code == 204 || code == 304 { return response }
        if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            response.body = try exactly(length)
        } else if response.header("Transfer-Encoding") == "chunked" {
            while true {
                guard let size = Int(try line().split(separator: ";")[0], radix: 16) else { throw .partial("bad chunk size") }
                if size == 0 { while try !line().isEmpty {}; break }
                response.body += try exactly(size)
                guard try line().isEmpty else { throw .partial("chunk not followed by CRLF") }
            }
        } else {
            throw .partial("response without Content-Length or chunked framing")
        }
        return response
    }
}

extension ClientFailure {
    /// The ways a server that stopped listening turns a client away without having read its request.
    var isRefusal: Bool {
        switch self {
        case .refused, .closedThenRefused, .closedOnNewConnection: true
        case .broken: false
        }
    }
}

/// Whether a TCP connection to the port is refused now (the listener is closed). Sends nothing, so it never
/// waits on a busy worker.
func connectionRefused(port: Int) -> Bool {
    let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard s >= 0 else { return false }
    defer { close(s) }
    var a = sockaddr_in()
    a.sin_family = sa_family_t(AF_INET)
    a.sin_port = in_port_t(UInt16(port).bigEndian)
    a.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    return rc != 0 && errno == ECONNREFUSED
}
