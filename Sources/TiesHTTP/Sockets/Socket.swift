import Glibc

/// A failed system call, with its errno.
public struct SocketError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32

    public var description: String { "\(operation): \(String(cString: strerror(code))) (errno \(code))" }
}

/// The few socket system calls the server makes, wrapped once (lesson 1: the HTTP code never calls libc
/// for sockets). Every socket is non-blocking and close-on-exec; writes use MSG_NOSIGNAL.
enum Socket {
    enum AcceptResult {
        case accepted(Int32, sockaddr_storage)
        case wouldBlock
        /// Out of file descriptors or kernel memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): back off.
        case exhausted(Int32)
        /// A connection that died in the queue (ECONNABORTED, EPROTO, EINTR…): try the next one.
        case retry
        case failed(Int32)
    }

    /// A closed peer must never kill the process: writes use MSG_NOSIGNAL, and SIGPIPE is ignored for any
    /// other path (a library writing to a dead pipe).
    static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Raises the soft limit on open files to the hard limit, so `maxConnections` is not capped by a
    /// distribution's default of 1,024.
    @discardableResult
    static func raiseFileLimit() -> Int {
        var rl = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &rl) == 0 else { return -1 }
        if rl.rlim_cur < rl.rlim_max {
            rl.rlim_cur = rl.rlim_max
            _ = setrlimit(resource, &rl)
            _ = getrlimit(resource, &rl)
        }
        return Int(clamping: rl.rlim_cur)
    }

    /// Binds and listens. `::` asks for a dual-stack socket and falls back to `0.0.0.0` when the host has
    /// no IPv6. Returns the listening fd and the port actually bound (for port 0).
    static func listen(host: String, port: Int, backlog: Int) throws(SocketError) -> (fd: Int32, port: Int) {
        guard port >= 0 && port <= 65535 else { throw SocketError(operation: "bind (port \(port))", code: EINVAL) }
        var addresses = try resolve(host: host, port: port)
        if host == "::" || host.isEmpty {
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            addresses.append(storage(of: v4))
        }
        var lastError = SocketError(operation: "listen on \(host)", code: EADDRNOTAVAIL)
        for address in addresses {
            do throws(SocketError) {
                return try listen(on: address, dualStack: host == "::" || host.isEmpty, backlog: backlog)
            } catch {
                lastError = error
                // Only an address family the host lacks justifies the fallback to IPv4.
                if error.code != EAFNOSUPPORT && error.code != EADDRNOTAVAIL { throw error }
            }
        }
        throw lastError
    }

    private static func listen(on address: sockaddr_storage, dualStack: Bool, backlog: Int) throws(SocketError) -> (fd: Int32, port: Int) {
        let family = Int32(address.ss_family)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", code: errno) }
        var one: Int32 = 1
        var zero: Int32 = 0
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 && dualStack {
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = address
        let length = family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
        }
        guard bound == 0 else {
            let e = errno
            Glibc.close(fd)
            throw SocketError(operation: "bind", code: e)
        }
        guard Glibc.listen(fd, Int32(clamping: backlog)) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw SocketError(operation: "listen", code: e)
        }
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        return (fd, port(of: actual))
    }

    private static func resolve(host: String, port: Int) throws(SocketError) -> [sockaddr_storage] {
        let h = host.isEmpty ? "::" : host
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, h, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            return [storage(of: v6)]
        }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, h, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            return [storage(of: v4)]
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(h, String(port), &hints, &list)
        guard rc == 0, let first = list else { throw SocketError(operation: "resolve \(host)", code: EADDRNOTAVAIL) }
        defer { freeaddrinfo(list) }
        var out: [sockaddr_storage] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let ai = cursor {
            var s = sockaddr_storage()
            withUnsafeMutableBytes(of: &s) { dst in
                dst.copyMemory(from: UnsafeRawBufferPointer(start: ai.pointee.ai_addr, count: Int(ai.pointee.ai_addrlen)))
            }
            out.append(s)
            cursor = ai.pointee.ai_next
        }
        return out
    }

    private static func storage<T>(of address: T) -> sockaddr_storage {
        var s = sockaddr_storage()
        withUnsafeMutableBytes(of: &s) { dst in
            withUnsafeBytes(of: address) { dst.copyMemory(from: $0) }
        }
        return s
    }

    private typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// accept4 is a GNU extension the Glibc module does not export; resolved from libc like epoll, with
    /// accept + two fcntls as the fallback.
    private static let accept4: Accept4? = {
        guard let libc = dlopen(nil, RTLD_NOW), let f = dlsym(libc, "accept4") else { return nil }
        return unsafeBitCast(f, to: Accept4.self)
    }()

    static func accept(_ listener: Int32) -> AcceptResult {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                if let accept4 { return accept4(listener, a, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)) }
                let fd = Glibc.accept(listener, a, &length)
                if fd >= 0 {
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                }
                return fd
            }
        }
        if fd >= 0 { return .accepted(fd, address) }
        let e = errno
        switch e {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted(e)
        case EINTR, ECONNABORTED, EPROTO, EPERM, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH,
             EOPNOTSUPP, ENETUNREACH:
            return .retry
        default: return .failed(e)
        }
    }

    /// Responses are written whole with one sendmsg, so Nagle only delays the last segment of each
    /// (nginx sets tcp_nodelay on keep-alive connections for the same reason).
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func port(of a: sockaddr_storage) -> Int {
        var a = a
        switch Int32(a.ss_family) {
        case AF_INET: return withUnsafeBytes(of: &a) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in.self).sin_port)) }
        case AF_INET6: return withUnsafeBytes(of: &a) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in6.self).sin6_port)) }
        default: return 0
        }
    }

    /// `a.b.c.d:port` or `[v6]:port`; IPv4-mapped IPv6 addresses (from a dual-stack socket) as IPv4.
    static func describe(_ a: sockaddr_storage) -> String {
        var a = a
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(a.ss_family) {
        case AF_INET:
            var v4 = withUnsafeBytes(of: &a) { $0.load(as: sockaddr_in.self) }
            inet_ntop(AF_INET, &v4.sin_addr, &text, socklen_t(text.count))
            return "\(cString(text)):\(UInt16(bigEndian: v4.sin_port))"
        case AF_INET6:
            var v6 = withUnsafeBytes(of: &a) { $0.load(as: sockaddr_in6.self) }
            let bytes = withUnsafeBytes(of: &v6.sin6_addr) { Array($0) }
            let port = UInt16(bigEndian: v6.sin6_port)
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15]):\(port)"
            }
            inet_ntop(AF_INET6, &v6.sin6_addr, &text, socklen_t(text.count))
            return "[\(cString(text))]:\(port)"
        default:
            return "unknown"
        }
    }

    private static func cString(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Facts about the machine the server sizes itself by.
public enum System {
    /// CPUs this process may run on (its affinity mask, so `taskset -c 0` gives 1), at least 1.
    public static var usableCPUCount: Int {
        // sched_getaffinity is not exported by the Glibc module; the kernel prints the same mask here.
        if let status = readSmallFile("/proc/self/status") {
            for line in status.split(separator: UInt8(ascii: "\n")) where line.starts(with: "Cpus_allowed:".utf8) {
                let n = line.dropFirst(13).reduce(0) { count, c in count + (ASCII.hexValue(c)?.nonzeroBitCount ?? 0) }
                if n > 0 { return n }
            }
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    static func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            out += buffer[0..<n]
        }
        return out
    }
}
