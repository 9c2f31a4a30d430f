import Testing
@testable import TiesHTTP

@Suite struct IPAddressTests {
    @Test func parsesBothFamiliesAndMapsIPv4() throws {
        let v4 = try #require(IPAddress("192.0.2.7"))
        #expect(v4.isIPv4 && v4.description == "192.0.2.7")
        #expect(IPAddress("::ffff:192.0.2.7") == v4, "a dual-stack socket reports IPv4 peers mapped")
        let v6 = try #require(IPAddress("2001:db8::1"))
        #expect(!v6.isIPv4 && v6.description == "2001:db8::1")
        for bad in ["", "1.2.3", "1.2.3.256", "01.2.3.4x", "2001:db8::1::2", "unknown", "[::1]", "::1%lo"] {
            #expect(IPAddress(bad) == nil, "\(bad) is not an address")
        }
    }

    @Test func readsPeersAndForwardingNodes() {
        #expect(IPAddress(hostAndPort: "127.0.0.1:54321") == IPAddress("127.0.0.1"))
        #expect(IPAddress(hostAndPort: "[::1]:8080") == IPAddress("::1"))
        #expect(IPAddress(hostAndPort: "[2001:db8::17]") == IPAddress("2001:db8::17"))
        #expect(IPAddress(hostAndPort: "2001:db8::17") == IPAddress("2001:db8::17"), "a bare IPv6 has no port to strip")
        #expect(IPAddress(hostAndPort: "[::1") == nil)
    }

    @Test func cidrsContainTheirNetworkOnly() throws {
        let ten = try #require(CIDR("10.0.0.0/8"))
        #expect(ten.contains(IPAddress("10.255.1.2")!) && !ten.contains(IPAddress("11.0.0.1")!))
        #expect(ten.description == "10.0.0.0/8")
        let doc = try #require(CIDR("2001:db8::/32"))
        #expect(doc.contains(IPAddress("2001:db8:ffff::1")!) && !doc.contains(IPAddress("2001:db9::1")!))
        #expect(!doc.contains(IPAddress("10.0.0.1")!), "an IPv6 network holds no IPv4 address")
        let host = try #require(CIDR("203.0.113.9"))
        #expect(host.contains(IPAddress("203.0.113.9")!) && !host.contains(IPAddress("203.0.113.10")!))
        #expect(CIDR("0.0.0.0/0")!.contains(IPAddress("198.51.100.1")!))
        for bad in ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "::/129", "10.0.0.0/8/8", "ten/8", "10.0.0.0/+8"] {
            #expect(CIDR(bad) == nil, "\(bad) is not a CIDR")
        }
    }
}

@Suite struct ClientAddressResolverTests {
    static let proxy = IPAddress("10.0.0.5")!
    static let stranger = IPAddress("198.51.100.20")!
    let resolver = ClientAddressResolver(trustedProxies: [CIDR("10.0.0.0/8")!, CIDR("2001:db8:1::/48")!])

    func headers(_ fields: (String, String)...) -> HTTPHeaders { HTTPHeaders(fields) }

    @Test func ignoresForwardingFromAnUntrustedPeer() {
        // A client that writes its own X-Forwarded-For must not choose its bucket.
        let spoofed = headers(("X-Forwarded-For", "203.0.113.1"))
        #expect(resolver.client(peer: Self.stranger, headers: spoofed) == Self.stranger)
        #expect(ClientAddressResolver().client(peer: Self.proxy, headers: spoofed) == Self.proxy,
                "with no trusted proxies every client is its peer")
    }

    @Test func takesTheFirstUntrustedHopFromTheRight() {
        // client-written junk, the real client, then two trusted proxies of ours.
        let h = headers(("X-Forwarded-For", "6.6.6.6, 203.0.113.1"), ("X-Forwarded-For", "10.1.1.1"))
        #expect(resolver.client(peer: Self.proxy, headers: h) == IPAddress("203.0.113.1"))
    }

    @Test func allTrustedHopsGiveTheLeftmost() {
        let h = headers(("X-Forwarded-For", "10.9.9.9, 10.1.1.1"))
        #expect(resolver.client(peer: Self.proxy, headers: h) == IPAddress("10.9.9.9"))
        #expect(resolver.client(peer: Self.proxy, headers: headers()) == Self.proxy, "no header: the proxy itself")
    }

    @Test func aHopThatIsNotAnAddressStopsAtTheProxyThatReportedIt() {
        let h = headers(("X-Forwarded-For", "203.0.113.1, unknown, 10.1.1.1"))
        #expect(resolver.client(peer: Self.proxy, headers: h) == IPAddress("10.1.1.1"))
    }

    @Test func readsRFC7239ForwardedWhenConfigured() {
        var r = resolver
        r.header = .forwarded
        let h = headers(("Forwarded", #"for=198.51.100.9;proto=https, For="[2001:db8:1::7]:4711";by=10.0.0.1"#),
                        ("X-Forwarded-For", "6.6.6.6"))
        // The IPv6 hop is a trusted proxy; the next one left is the client. X-Forwarded-For is not read.
        #expect(r.client(peer: Self.proxy, headers: h) == IPAddress("198.51.100.9"))
        #expect(resolver.client(peer: Self.proxy, headers: h) == IPAddress("6.6.6.6"), "and the other way round")
        #expect(ClientAddressResolver.forwardedFor(#"for="_hidden""#) == nil)
        #expect(ClientAddressResolver.forwardedFor("proto=http") == nil)
    }
}
