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

/// The deflate variant made from the gzip one is byte for byte what zlib makes compressing again, for bodies
/// of every kind a snapshot prepares (repetitive, varied, non-ASCII, binary, tiny, 200 KB).
@Test func theZlibFormOfAGzipBodyIsWhatZlibMakes() throws {
    var state: UInt64 = 7
    func byte() -> UInt8 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
    let bodies: [[UInt8]] = [
        [], [0x41], Array("{}".utf8),
        Array(String(repeating: "Japan and Malaysia agreed to bolster security ties. ", count: 100).utf8),
        Array(String(repeating: "Anwar Ibrahim, 石破茂, Perdana Menteri — “strategic partnership” ", count: 40).utf8),
        (0..<5_000).map { _ in byte() },
        (0..<200_000).map { i in i % 7 == 0 ? byte() : UInt8(0x61 + i % 13) },
    ]
    for body in bodies {
        let gzip = try #require(ContentCoding.gzip.compress(body))
        let derived = try #require(ContentCoding.zlibForm(ofGzip: gzip, body: body))
        #expect(derived == ContentCoding.deflate.compress(body), "\(body.count) bytes")
        #expect(ContentCoding.deflate.decompress(derived) == body)
    }
    // Not a gzip member from zlib: no zlib form is made from it.
    #expect(ContentCoding.zlibForm(ofGzip: Array("not gzip at all, but long enough".utf8), body: []) == nil)
}
