import Testing
@testable import TiesAPI

private let offered = ["application/json", "text/csv", "application/x-ndjson"]

/// The type `Negotiation.preferred` picks, for readable expectations.
private func mediaType(accept: String?, offered: [String]) -> String? {
    Negotiation.preferred(accept: accept, offered: offered).map { offered[$0] }
}

@Test func noAcceptHeaderMeansJSON() {
    #expect(mediaType(accept: nil, offered: offered) == "application/json")
    #expect(mediaType(accept: "  ", offered: offered) == "application/json")
}

@Test func exactTypeWinsOverWildcards() {
    #expect(mediaType(accept: "text/csv", offered: offered) == "text/csv")
    #expect(mediaType(accept: "text/*;q=0.5, application/x-ndjson;q=0.9", offered: offered) == "application/x-ndjson")
    #expect(mediaType(accept: "*/*", offered: offered) == "application/json")
}

@Test func zeroQualityExcludesEvenUnderAWildcard() {
    #expect(mediaType(accept: "*/*, application/json;q=0", offered: offered) == "text/csv")
}

@Test func nothingAcceptableGivesNil() {
    #expect(mediaType(accept: "image/png", offered: offered) == nil)
    #expect(mediaType(accept: "text/csv;q=abc", offered: offered) == nil)
}

@Test func matchingIsCaseInsensitive() {
    #expect(mediaType(accept: "TEXT/CSV", offered: offered) == "text/csv")
}

@Test func gzipPreferredThenDeflateThenIdentity() {
    #expect(Negotiation.contentCoding(acceptEncoding: "gzip, deflate, br") == .gzip)
    #expect(Negotiation.contentCoding(acceptEncoding: "deflate") == .deflate)
    #expect(Negotiation.contentCoding(acceptEncoding: "gzip;q=0.5, deflate") == .deflate)
    #expect(Negotiation.contentCoding(acceptEncoding: "br") == nil)
    #expect(Negotiation.contentCoding(acceptEncoding: "*") == .gzip)
    #expect(Negotiation.contentCoding(acceptEncoding: "*, gzip;q=0") == .deflate)
    #expect(Negotiation.contentCoding(acceptEncoding: nil) == nil)
}

@Test func compressionRoundTrips() throws {
    let text = Array(String(repeating: "Japan and Malaysia agreed to bolster security ties. ", count: 100).utf8)
    for coding in ContentCoding.allCases {
        let packed = try #require(coding.compress(text))
        #expect(packed.count < text.count / 4)
        #expect(coding.decompress(packed) == text)
    }
    // gzip magic number, and the zlib header for deflate (RFC 1950: CMF 0x78).
    #expect(ContentCoding.gzip.compress(text)?.prefix(2) == [0x1f, 0x8b])
    // Prepared variants live as long as the snapshot: the worst-case buffer is not kept with them.
    for coding in ContentCoding.allCases {
        let packed = try #require(coding.compress(text))
        #expect(packed.capacity < packed.count + 64, "\(coding): \(packed.capacity) for \(packed.count) bytes")
    }
    #expect(ContentCoding.deflate.compress(text)?.first == 0x78)
}
