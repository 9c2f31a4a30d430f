import Foundation
import Testing

/// HEAD, conditional GET and compression as a client sees them: HEAD answers the GET's headers with no body,
/// `If-None-Match` with the ETag answers 304, and the gzip variant is another representation with its own tag.
@Suite struct CachingTests {
    let c = TestServer.shared.client()

    static let paths = ["/api/v1", "/api/v1/events", "/api/v1/events?leader=anwar-ibrahim&limit=2", "/api/v1/events/2025-01-10-ishiba-anwar-summit",
                        "/api/v1/leaders/anwar-ibrahim", "/api/v1/partnership-levels/current", "/api/v1/sources/mofa-2024-05-23-japan-malaysia-summit-meeting/text",
                        "/api/v1/timeline", "/api/v1/search?q=anwar", "/openapi.json"]

    @Test(arguments: paths)
    func headAnswersTheGetHeadersWithoutABody(path: String) throws {
        let get = try c.request(path)
        let head = try c.request(path, method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(get.body.count), "\(path): HEAD's Content-Length is the GET body's")
        for name in ["ETag", "Content-Type", "Cache-Control", "Vary", "Link", "Access-Control-Allow-Origin"] {
            #expect(head.header(name) == get.header(name), "\(path): \(name)")
        }
    }

    @Test(arguments: paths)
    func theETagRevalidatesWithA304(path: String) throws {
        let get = try c.request(path)
        let tag = try #require(get.header("ETag"))
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"), "\(path): a strong tag")
        #expect(get.header("Cache-Control") == "max-age=60")
        let again = try c.request(path, headers: ["If-None-Match: \(tag)"])
        #expect(again.status == 304, "\(path)")
        #expect(again.body.isEmpty)
        #expect(again.header("ETag") == tag)
        #expect(try c.request(path, headers: ["If-None-Match: \"other\", \(tag)"]).status == 304, "\(path): a list of tags")
        #expect(try c.request(path, headers: ["If-None-Match: *"]).status == 304, "\(path): *")
        #expect(try c.request(path, headers: ["If-None-Match: \"stale\""]).status == 200, "\(path): another tag gets the body")
    }

    @Test func theSameRepresentationHasTheSameTagAndAnotherQueryAnother() throws {
        let a = try c.request("/api/v1/events?limit=2&sort=date").header("ETag")
        let b = try c.request("/api/v1/events?sort=date&limit=2").header("ETag")
        let other = try c.request("/api/v1/events?limit=3&sort=date").header("ETag")
        #expect(a == b, "parameter order does not change the representation")
        #expect(a != other)
        #expect(a?.contains(TestServer.state.served.version) == true, "derived from the dataset version")
    }

    @Test(arguments: ["/api/v1/events", "/api/v1/events?type=summit", "/api/v1/sources/mofa-2024-05-23-japan-malaysia-summit-meeting/text", "/openapi.json"])
    func gzipIsDecodedToTheSameBytesUnderItsOwnTag(path: String) throws {
        let plain = try c.request(path)
        let packed = try c.request(path, decodeContent: true)
        #expect(packed.header("Content-Encoding") == "gzip", "\(path): libcurl asks for gzip first")
        #expect(packed.body == plain.body, "\(path): decoded, the same bytes")
        let plainTag = try #require(plain.header("ETag")), packedTag = try #require(packed.header("ETag"))
        #expect(packedTag != plainTag, "\(path): a different byte sequence needs a different strong tag")
        #expect(packedTag == String(plainTag.dropLast()) + "-gzip\"")
        #expect(packed.header("Vary")?.contains("Accept-Encoding") == true)
        let revalidated = try c.request(path, headers: ["If-None-Match: \(packedTag)"], decodeContent: true)
        #expect(revalidated.status == 304, "\(path): the gzip tag revalidates the gzip variant")
        #expect(try c.request(path, headers: ["If-None-Match: \(plainTag)"], decodeContent: true).status == 200,
                "\(path): the identity tag does not match the gzip variant")
    }

    @Test func errorsAndOperationsRoutesAreNotCached() throws {
        #expect(try c.request("/api/v1/events/nope").header("Cache-Control") == "no-store")
        #expect(try c.request("/healthz").header("Cache-Control") == "no-store")
        #expect(try c.request("/metrics").header("Cache-Control") == "no-store")
        #expect(try c.request("/healthz").header("ETag") == nil)
    }
}
