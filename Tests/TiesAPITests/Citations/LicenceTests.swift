import Foundation
import Testing
import TiesCore
@testable import TiesAPI
@testable import TiesHTTP

/// "Can I publish this?" answered by the API alone: the licence on every response and in every envelope, and
/// each source's rights.
@Suite struct LicenceTests {
    static let state: ServingState = try! ServingState(source: .embedded)
    static let api = API(state: state, options: APIOptions())
    static let responder: any HTTPResponder = try! api.responder()
    static let link = "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\""

    func get(_ target: String) throws -> HTTPResponse {
        let request = try HTTPRequest(method: .get, target: target, headers: HTTPHeaders([("Host", "api.test")]))
        return Self.responder.respond(to: request, context: RequestContext(requestID: "t")).renderingError(with: Self.api.errorResponder)
    }

    func json(_ r: HTTPResponse) throws -> [String: Any] {
        guard case .bytes(let b) = r.body else { return [:] }
        return try #require(try JSONSerialization.jsonObject(with: Data(b)) as? [String: Any])
    }

    @Test func everyResponseLinksTheLicence() throws {
        for target in ["/api/v1", "/api/v1/events", "/api/v1/events?format=csv", "/api/v1/events?limit=2",
                       "/api/v1/sources/reuters-2015-05-25-japan-malaysia-defense-ties/text", "/api/v1/events/nope",
                       "/api/v1/events?limit=0", "/api/v1/events/2024-05-23-kishida-anwar-summit/citation", "/nothing/here"] {
            let r = try get(target)
            #expect(r.headers.values(for: "Link").filter { $0 == Self.link }.count == 1, "\(target): \(r.headers.values(for: "Link"))")
        }
        // Errors the engine answers itself carry it too.
        let engine = Self.api.errorResponder(HTTPError(.requestHeaderFieldsTooLarge, detail: "too large"))
        #expect(engine.headers.values(for: "Link") == [Self.link])
    }

    @Test func everyEnvelopeSaysTheLicence() throws {
        for target in ["/api/v1/events", "/api/v1/topics", "/api/v1/events/2024-05-23-kishida-anwar-summit", "/api/v1/partnership-levels/current"] {
            let licence = try #require((try json(try get(target))["meta"] as? [String: Any])?["licence"] as? [String: Any], "\(target)")
            #expect(licence["name"] as? String == "CC BY 4.0" && licence["url"] as? String == "https://creativecommons.org/licenses/by/4.0/")
            #expect((licence["text"] as? String)?.contains("not for republication") == true)
        }
    }

    @Test func eachSourceSaysItsTextIsNotForRepublication() throws {
        let list = try #require(try json(try get("/api/v1/sources"))["data"] as? [[String: Any]])
        #expect(list.count == 5)
        for source in list {
            let rights = try #require(source["rights"] as? [String: Any])
            #expect(rights["fullTextRedistributable"] as? Bool == false)
            #expect((rights["fullText"] as? String)?.contains("not licensed for republication") == true)
        }
        let holders = Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as! String, ($0["rights"] as! [String: Any])["holder"] as! String) })
        #expect(holders["reuters-2015-05-25-japan-malaysia-defense-ties"] == "Reuters (wire copy; the outlet that published it is not known)")
        #expect(holders["japan-news-2025-01-10-japan-malaysia-boost-security-cooperation"] == "The Japan News (publisher inferred)")
        let text = try get("/api/v1/sources/reuters-2015-05-25-japan-malaysia-defense-ties/text")
        #expect(text.headers["X-Robots-Tag"] == "noindex", "a publisher's text is not for search engines to index here")
    }
}
