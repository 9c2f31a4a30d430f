import Glibc

/// An IPv4 or IPv6 address as 128 bits; IPv4 is held IPv4-mapped (`::ffff:a.b.c.d`), which is also how a
/// dual-stack socket reports IPv4 peers, so one comparison serves both families.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    static let mappedPrefix: UInt64 = 0x0000_FFFF_0000_0000

    /// One word into the hasher instead of two: the limiter hashes an address per request.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high &* 0x9E37_79B9_7F4A_7C15 ^ low)
    }

    public var isIPv4: Bool { high == 0 && low & 0xFFFF_FFFF_0000_0000 == IPAddress.mappedPrefix }

    /// Parses `1.2.3.4`, `2001:db8::1` or `::ffff:1.2.3.4` (no brackets, no port, no zone); nil otherwise.
    public init?(_ text: some StringProtocol) {
        var bytes = (UInt64(0), UInt64(0))
        let ok: Bool = String(text).withCString { s in
            if text.contains(":") {
                return withUnsafeMutableBytes(of: &bytes) { inet_pton(AF_INET6, s, $0.baseAddress) == 1 }
            }
            var v4 = in_addr()
            guard inet_pton(AF_INET, s, &v4) == 1 else { return false }
            let raw = UInt32(bigEndian: v4.s_addr)
            bytes = (0, (IPAddress.mappedPrefix | UInt64(raw)).bigEndian)
            return true
        }
        guard ok else { return nil }
        high = UInt64(bigEndian: bytes.0)
        low = UInt64(bigEndian: bytes.1)
    }

    /// Parses a peer as the engine describes it (`HTTPRequest.remoteAddress`): `1.2.3.4:5678` or `[::1]:5678`.
    /// Also takes a forwarding header's node forms: a bare address, `"[v6]"`, `[v6]:port` or `v4:port`.
    public init?(hostAndPort text: some StringProtocol) {
        var s = Substring(text)
        if s.hasPrefix("[") {
            guard let close = s.firstIndex(of: "]") else { return nil }
            s = s[s.index(after: s.startIndex)..<close]
        } else if let colon = s.firstIndex(of: ":"), s[s.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber }) {
            s = s[..<colon]  // IPv4 with a port; an IPv6 literal has more than one colon and non-digits after them
        }
        self.init(s)
    }

    /// The address of an accepted socket's peer (IPv4 or IPv6); nil for another family.
    init?(socketAddress a: sockaddr_storage) {
        var a = a
        switch Int32(a.ss_family) {
        case AF_INET:
            let v4 = withUnsafeBytes(of: &a) { $0.load(as: sockaddr_in.self) }
            self.init(high: 0, low: IPAddress.mappedPrefix | UInt64(UInt32(bigEndian: v4.sin_addr.s_addr)))
        case AF_INET6:
            var v6 = withUnsafeBytes(of: &a) { $0.load(as: sockaddr_in6.self) }
            let halves = withUnsafeBytes(of: &v6.sin6_addr) { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
            self.init(high: UInt64(bigEndian: halves.0), low: UInt64(bigEndian: halves.1))
        default:
            return nil
        }
    }

    /// The first `bits` bits kept, the rest zero.
    public func masked(to bits: Int) -> IPAddress {
        IPAddress(high: high & IPAddress.mask(bits), low: low & IPAddress.mask(bits - 64))
    }

    static func mask(_ bits: Int) -> UInt64 {
        bits <= 0 ? 0 : bits >= 64 ? .max : ~(UInt64.max >> UInt64(bits))
    }

    public var description: String {
        if isIPv4 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        var raw = (high.bigEndian, low.bigEndian)
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        _ = withUnsafeBytes(of: &raw) { inet_ntop(AF_INET6, $0.baseAddress, &text, socklen_t(text.count)) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`; a bare address is a /32 or /128).
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    public let network: IPAddress
    /// Prefix length over the 128-bit form (an IPv4 /8 is stored as /104).
    let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        var bits = width
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...width).contains(n), parts[1].allSatisfy(\.isNumber) else { return nil }
            bits = n
        }
        prefix = bits + (128 - width)
        network = address.masked(to: prefix)
    }

    public func contains(_ address: IPAddress) -> Bool {
        address.masked(to: prefix) == network
    }

    public var description: String {
        "\(network)/\(network.isIPv4 ? prefix - 96 : prefix)"
    }
}
