import Glibc

/// `ties --probe [URL]`: one GET over a plain socket, exit 0 on a 2xx answer and 1 otherwise. It is the
/// container's HEALTHCHECK and a Kubernetes exec probe where the image holds nothing but this binary (no
/// curl, no shell). Without a URL it asks `/healthz` on the port the server itself would use (config.json,
/// `PORT`, `--port`), so a changed `PORT` needs no changed HEALTHCHECK.
enum Probe {
    struct Target: Equatable, CustomStringConvertible {
        var host: String
        var port: Int
        var path: String
        var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)" }
    }

    static let defaultPath = "/healthz"
    /// Connect, send and read each get this long; a health check that waits longer is a failed one anyway.
    static let timeoutMilliseconds: Int32 = 3_000

    /// The URL to ask: `nil` or a path (`/readyz`) means this server's own address; otherwise an
    /// `http://host[:port]/path` URL with a numeric or resolvable host.
    static func target(_ spec: String?, config: Config) -> Result<Target, ConfigProblem> {
        let local = localHost(config.host)
        guard let spec, !spec.isEmpty else { return .success(Target(host: local, port: config.port, path: defaultPath)) }
        if spec.hasPrefix("/") { return .success(Target(host: local, port: config.port, path: spec)) }
        guard spec.hasPrefix("http://") else {
            return .failure(ConfigProblem(location: "--probe", message: "must be a path such as /readyz or an http:// URL, got \"\(spec)\""))
        }
        let rest = spec.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let path = rest.dropFirst(authority.count)
        var host = String(authority)
        var port = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                return .failure(ConfigProblem(location: "--probe", message: "unclosed [ in \"\(spec)\""))
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65_535).contains(p) else {
                    return .failure(ConfigProblem(location: "--probe", message: "bad port in \"\(spec)\""))
                }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(p) else {
                return .failure(ConfigProblem(location: "--probe", message: "bad port in \"\(spec)\""))
            }
            port = p
        }
        guard !host.isEmpty else { return .failure(ConfigProblem(location: "--probe", message: "no host in \"\(spec)\"")) }
        return .success(Target(host: host, port: port, path: path.isEmpty ? "/" : String(path)))
    }

    /// A wildcard listen address is reached through loopback; a specific one is asked directly.
    static func localHost(_ host: String) -> String {
        switch host {
        case "", "::", "0.0.0.0": "127.0.0.1"
        default: host
        }
    }

    struct Outcome: Equatable {
        var healthy: Bool
        var message: String
    }

    /// Asks once; never throws, never waits longer than about three timeouts.
    static func run(_ target: Target, timeoutMilliseconds: Int32 = timeoutMilliseconds) -> Outcome {
        let fd: Int32
        switch connect(host: target.host, port: target.port, timeoutMilliseconds: timeoutMilliseconds) {
        case .success(let s): fd = s
        case .failure(let error): return Outcome(healthy: false, message: "\(target): \(error.text)")
        }
        defer { close(fd) }
        let hostHeader = target.host.contains(":") ? "[\(target.host)]:\(target.port)" : "\(target.host):\(target.port)"
        let request = Array("GET \(target.path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: ties-probe\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return Outcome(healthy: false, message: "\(target): send failed (\(String(cString: strerror(errno))))") }
            sent += n
        }
        // Only the status line matters; read until its end.
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while !head.contains(0x0A) && head.count < 8192 {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 { break }
            guard n > 0 else {
                let reason = errno == EAGAIN || errno == EWOULDBLOCK ? "no answer within \(timeoutMilliseconds) ms" : String(cString: strerror(errno))
                return Outcome(healthy: false, message: "\(target): \(reason)")
            }
            head += chunk[0..<n]
        }
        let line = String(decoding: head.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            return Outcome(healthy: false, message: "\(target): not an HTTP answer (\"\(line.prefix(80))\")")
        }
        return Outcome(healthy: (200..<300).contains(status), message: "\(target): \(line)")
    }

    /// A connected blocking socket with send/receive timeouts, trying each resolved address in turn.
    private static func connect(host: String, port: Int, timeoutMilliseconds: Int32) -> Result<Int32, ProbeError> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else { return .failure(ProbeError("cannot resolve \(host) (\(String(cString: gai_strerror(rc))))")) }
        defer { freeaddrinfo(list) }
        var last = ProbeError("no address for \(host)")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let a = entry {
            entry = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), a.pointee.ai_protocol)
            guard fd >= 0 else { last = ProbeError("socket: \(String(cString: strerror(errno)))"); continue }
            if Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) != 0 && errno != EINPROGRESS {
                last = ProbeError("connect: \(String(cString: strerror(errno)))")
                close(fd)
                continue
            }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&p, 1, timeoutMilliseconds)
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            guard ready == 1, soError == 0 else {
                last = ProbeError(ready == 0 ? "connect: no answer within \(timeoutMilliseconds) ms" : "connect: \(String(cString: strerror(soError)))")
                close(fd)
                continue
            }
            // Back to blocking, bounded by timeouts, for the one exchange.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            var tv = timeval(tv_sec: Int(timeoutMilliseconds / 1000), tv_usec: Int(timeoutMilliseconds % 1000) * 1000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            return .success(fd)
        }
        return .failure(last)
    }

    struct ProbeError: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}
