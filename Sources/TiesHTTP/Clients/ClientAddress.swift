/// Who a request comes from, for per-client limits: the peer, or — only when the peer is a proxy the operator
/// trusts — the address that proxy reports.
///
/// Forwarding headers are lists the client can start: `X-Forwarded-For: <anything the client wrote>, <what
/// each proxy saw>`. Only the entries appended by trusted proxies can be believed, so the list is read from the
/// right, skipping trusted hops; the first untrusted hop is the client (nginx's `real_ip_recursive`). A header
/// from a peer that is not trusted is ignored whole, so a client cannot choose its own bucket.
public struct ClientAddressResolver: Sendable {
    /// Which field the trusted proxies write. One is read, never both: a proxy that appends to
    /// `X-Forwarded-For` passes a client's own `Forwarded` through untouched.
    public enum Header: String, Sendable, CaseIterable {
        case xForwardedFor = "X-Forwarded-For"
        /// RFC 7239 `Forwarded: for=…`.
        case forwarded = "Forwarded"
    }

    public var trustedProxies: [CIDR]
    public var header: Header

    public init(trustedProxies: [CIDR] = [], header: Header = .xForwardedFor) {
        self.trustedProxies = trustedProxies
        self.header = header
    }

    public func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// The client of a request from `peer` carrying `headers`. A hop that is not an address (`unknown`, an
    /// obfuscated identifier, garbage) ends the walk at the trusted proxy that reported it: its clients
    /// share its bucket rather than pick one.
    public func client(peer: IPAddress, headers: HTTPHeaders) -> IPAddress {
        guard !trustedProxies.isEmpty, isTrusted(peer) else { return peer }
        var current = peer
        for hop in hops(in: headers).reversed() {
            guard let address = hop else { return current }
            current = address
            if !isTrusted(address) { return address }
        }
        return current
    }

    /// The addresses a forwarding header lists, left (first client) to right (last proxy); nil for an
    /// entry that is not an address. Repeated fields are one list in order (RFC 9110 §5.3).
    func hops(in headers: HTTPHeaders) -> [IPAddress?] {
        var out: [IPAddress?] = []
        for line in headers.values(for: header.rawValue) {
            for element in line.split(separator: ",") {
                let entry = element.trimmingASCIISpaces()
                if entry.isEmpty { continue }
                switch header {
                case .xForwardedFor: out.append(IPAddress(hostAndPort: entry))
                case .forwarded: out.append(ClientAddressResolver.forwardedFor(entry))
                }
            }
        }
        return out
    }

    /// The `for=` node of one `Forwarded` element (`for=192.0.2.60;proto=http`, `for="[2001:db8::17]:4711"`).
    static func forwardedFor(_ element: Substring) -> IPAddress? {
        for pair in element.split(separator: ";") {
            let p = pair.trimmingASCIISpaces()
            guard let eq = p.firstIndex(of: "="), p[..<eq].lowercased() == "for" else { continue }
            var value = p[p.index(after: eq)...]
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = value.dropFirst().dropLast() }
            return IPAddress(hostAndPort: value)
        }
        return nil
    }
}

extension Substring {
    func trimmingASCIISpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
