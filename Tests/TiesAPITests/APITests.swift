import Foundation
import Testing
@testable import TiesAPI
import TiesCore
import TiesHTTP

/// The API driven in-process through its responder: no sockets, the same code path as a live request.
struct Harness {
    static let shared: Harness = {
        do { return try Harness() } catch { fatalError("the embedded dataset must load: \(error)") }
    }()

    let api: API
    let responder: any HTTPResponder

    init(options: APIOptions = APIOptions()) throws {
        api = API(state: try ServingState(source: .embedded), options: options)
        responder = try api.responder()
    }

    func get(_ target: String, _ headers: [(String, String)] = [], method: HTTPMethod = .get) throws -> HTTPResponse {
        var h = HTTPHeaders([("Host", "ties.test")])
        for (n, v) in headers { h.add(n, v) }
        let request = try HTTPRequest(method: method, target: target, headers: h)
        return responder.respond(to: request, context: RequestContext(requestID: "test")).renderingError(with: Problem.render)
    }
}

extension HTTPResponse {
    var bodyBytes: [UInt8] {
        if case .bytes(let b) = body { return b }
        return []
    }
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bodyBytes))) as? [String: Any] ?? [:]
    }
}

@Test func preparedAndComputedAnswersAreIdentical() throws {
    let h = Harness.shared
    let served = h.api.state.served
    #expect(served.prepared.count > 40)
    // Compute every prepared document again through the endpoint code and compare bytes and tags.
    for endpoint in API.endpoints {
        for (path, id) in endpoint.fixedPaths(served.snapshot) {
            let parameters = endpoint.parameters(id: id)
            let call = Call(catalog: served.catalog, path: path, query: [], parameters: parameters, format: .json)
            let computed = try endpoint.compute(call)
            let prepared = try #require(served.prepared.document(for: path)?.document, "no prepared document for \(path)")
            #expect(prepared.bytes == computed.bytes, "\(path)")
            #expect(prepared.etag == computed.etag, "\(path)")
            // Kept for the snapshot's life, so held without spare capacity.
            #expect((prepared.bytes?.capacity ?? 0) < (prepared.bytes?.count ?? 0) + 64, "\(path)")
        }
    }
}

@Test func aDefaultListIsServedWithTheContractEnvelope() throws {
    let r = try Harness.shared.get("/api/v1/events")
    #expect(r.status == .ok)
    #expect(r.headers["Content-Type"] == "application/json; charset=utf-8")
    let meta = try #require(r.json["meta"] as? [String: Any])
    #expect(meta["total"] as? Int == Harness.shared.api.state.served.snapshot.events.count)
    #expect(meta["limit"] as? Int == 50)
    #expect(meta["nextCursor"] is NSNull)
    #expect(meta["datasetVersion"] as? String == Harness.shared.api.state.served.version)
    let links = try #require(r.json["links"] as? [String: Any])
    #expect(links["self"] as? String == "/api/v1/events")
    // Newest first by default.
    let dates = (r.json["data"] as? [[String: Any]] ?? []).compactMap { ($0["date"] as? [String: Any])?["date"] as? String }
    #expect(dates.first == "2025-01-11")
}

@Test func pagesLinkToTheNextOneInBodyAndHeader() throws {
    let r = try Harness.shared.get("/api/v1/events?limit=5&sort=date")
    let links = try #require(r.json["links"] as? [String: Any])
    let next = try #require(links["next"] as? String)
    #expect(next.hasPrefix("/api/v1/events?limit=5&sort=date&cursor="))
    #expect(r.headers["Link"] == "<\(next)>; rel=\"next\"")
    let second = try Harness.shared.get(next)
    #expect(second.status == .ok)
    let first = (r.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    let then = (second.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    #expect(first.count == 5 && then.count == 5)
    #expect(Set(first).isDisjoint(with: then))
}

@Test func ifNoneMatchGivesNotModifiedWithTheSameTag() throws {
    let first = try Harness.shared.get("/api/v1/leaders/anwar-ibrahim")
    let tag = try #require(first.headers["ETag"])
    #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
    let again = try Harness.shared.get("/api/v1/leaders/anwar-ibrahim", [("If-None-Match", "\"other\", \(tag)")])
    #expect(again.status == .notModified)
    #expect(again.headers["ETag"] == tag)
    #expect(again.bodyBytes.isEmpty)
    let stale = try Harness.shared.get("/api/v1/leaders/anwar-ibrahim", [("If-None-Match", "\"stale\"")])
    #expect(stale.status == .ok)
}

@Test func computedListsHaveStableTagsThatDependOnTheQuery() throws {
    let a = try Harness.shared.get("/api/v1/events?topic=maritime-security&limit=3")
    let b = try Harness.shared.get("/api/v1/events?limit=3&topic=maritime-security")
    let c = try Harness.shared.get("/api/v1/events?topic=maritime-security&limit=4")
    #expect(a.headers["ETag"] == b.headers["ETag"])
    #expect(a.headers["ETag"] != c.headers["ETag"])
}

@Test func gzipIsNegotiatedAndTaggedAsItsOwnVariant() throws {
    let plain = try Harness.shared.get("/api/v1/events")
    let packed = try Harness.shared.get("/api/v1/events", [("Accept-Encoding", "gzip, deflate")])
    #expect(packed.headers["Content-Encoding"] == "gzip")
    #expect(packed.headers["Vary"]?.contains("Accept-Encoding") == true)
    #expect(packed.headers["ETag"] != plain.headers["ETag"])
    #expect(ContentCoding.gzip.decompress(packed.bodyBytes) == plain.bodyBytes)
    let deflated = try Harness.shared.get("/api/v1/events?limit=20", [("Accept-Encoding", "deflate")])
    let identity = try Harness.shared.get("/api/v1/events?limit=20")
    #expect(deflated.headers["Content-Encoding"] == "deflate")
    #expect(ContentCoding.deflate.decompress(deflated.bodyBytes) == identity.bodyBytes)
    // Small bodies are not worth it.
    let small = try Harness.shared.get("/api/v1/partnership-levels/current?asOf=2014", [("Accept-Encoding", "gzip")])
    #expect(small.headers["Content-Encoding"] == nil)
}

@Test func unacceptableFormatsGet406ListingWhatIsOffered() throws {
    let r = try Harness.shared.get("/api/v1/leaders/anwar-ibrahim", [("Accept", "image/png")])
    #expect(r.status == .notAcceptable)
    #expect(r.headers["Content-Type"] == "application/problem+json; charset=utf-8")
    #expect((r.json["detail"] as? String)?.contains("application/json") == true)
}

@Test func badParametersAreAllNamedInOneProblem() throws {
    let r = try Harness.shared.get("/api/v1/events?from=2023-13&limit=0&colour=red")
    #expect(r.status == .badRequest)
    #expect(r.json["type"] as? String == "/problems/invalid-parameters")
    let names = Set((r.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["parameter"] as? String })
    #expect(names == ["from", "limit", "colour"])
    #expect(r.headers["Cache-Control"] == "no-store")
}

@Test func unknownIdsAre404Problems() throws {
    for path in ["/api/v1/events/nope", "/api/v1/leaders/nope", "/api/v1/sources/nope", "/api/v1/sources/nope/text",
                 "/api/v1/topics/nope", "/api/v1/countries/ZZ", "/api/v1/partnership-levels/nope", "/api/v1/leaders/nope/events"] {
        let r = try Harness.shared.get(path)
        #expect(r.status == .notFound, "\(path)")
        #expect(r.json["status"] as? Int == 404, "\(path)")
    }
}

@Test func unknownPathsAndMethodsUseTheProblemShapeToo() throws {
    let missing = try Harness.shared.get("/api/v1/nothing-here")
    #expect(missing.status == .notFound)
    #expect(missing.headers["Content-Type"] == "application/problem+json; charset=utf-8")
    let wrong = try Harness.shared.get("/api/v1/events", method: .delete)
    #expect(wrong.status == .methodNotAllowed)
    #expect(wrong.headers["Allow"] == "GET, HEAD")
}

@Test func resourcesWithoutParametersRefuseAnyQuery() throws {
    let r = try Harness.shared.get("/api/v1/events/2025-01-10-ishiba-anwar-summit?verbose=1")
    #expect(r.status == .badRequest)
    #expect((r.json["errors"] as? [[String: Any]])?.first?["parameter"] as? String == "verbose")
}

@Test func theFormatParameterIsValidated() throws {
    let r = try Harness.shared.get("/api/v1/leaders?format=xml")
    #expect(r.status == .badRequest)
    #expect((r.json["errors"] as? [[String: Any]])?.first?["parameter"] as? String == "format")
    let json = try Harness.shared.get("/api/v1/leaders?format=json")
    #expect(json.status == .ok)
}

@Test func sourceTextIsPlainTextWhateverTheAcceptHeader() throws {
    let id = Harness.shared.api.state.served.snapshot.sources[0].id
    let r = try Harness.shared.get("/api/v1/sources/\(id)/text", [("Accept", "application/json")])
    #expect(r.status == .ok)
    #expect(r.headers["Content-Type"] == "text/plain; charset=utf-8")
    #expect(String(decoding: r.bodyBytes, as: UTF8.self) == Harness.shared.api.state.served.snapshot.sourceText(id: id))
}

@Test func theCurrentLevelDependsOnTheDate() throws {
    let before = try Harness.shared.get("/api/v1/partnership-levels/current?asOf=2014")
    let data = try #require(before.json["data"] as? [String: Any])
    #expect(data["level"] is NSNull)
    let mid = try Harness.shared.get("/api/v1/partnership-levels/current?asOf=2020-06")
    #expect(((mid.json["data"] as? [String: Any])?["level"] as? [String: Any])?["id"] as? String == "strategic-partnership")
    let now = try Harness.shared.get("/api/v1/partnership-levels/current")
    #expect(((now.json["data"] as? [String: Any])?["level"] as? [String: Any])?["id"] as? String == "comprehensive-strategic-partnership")
}

@Test func corsAllowsAnyOriginByDefaultAndAnswersPreflights() throws {
    let r = try Harness.shared.get("/api/v1/topics", [("Origin", "https://newsroom.example")])
    #expect(r.headers["Access-Control-Allow-Origin"] == "*")
    let pre = try Harness.shared.get("/api/v1/events", [("Origin", "https://newsroom.example"),
                                                        ("Access-Control-Request-Method", "GET"),
                                                        ("Access-Control-Request-Headers", "If-None-Match, X-Evil")], method: .options)
    #expect(pre.status == .noContent)
    #expect(pre.headers["Access-Control-Allow-Methods"] == "GET, HEAD")
    #expect(pre.headers["Access-Control-Allow-Headers"] == "if-none-match")
    #expect(pre.headers["Access-Control-Max-Age"] == "86400")
    let plain = try Harness.shared.get("/api/v1/events", method: .options)
    #expect(plain.status == .noContent)
    #expect(plain.headers["Allow"] == "GET, HEAD, OPTIONS")
}

@Test func corsWithAnOriginListEchoesOnlyListedOrigins() throws {
    var options = APIOptions()
    options.corsAllowedOrigins = ["https://desk.example"]
    let h = try Harness(options: options)
    let ok = try h.get("/api/v1/topics", [("Origin", "https://desk.example")])
    #expect(ok.headers["Access-Control-Allow-Origin"] == "https://desk.example")
    #expect(ok.headers["Vary"]?.contains("Origin") == true)
    let other = try h.get("/api/v1/topics", [("Origin", "https://elsewhere.example")])
    #expect(other.headers["Access-Control-Allow-Origin"] == nil)
    #expect(other.headers["Vary"]?.contains("Origin") == true)
}

@Test func engineErrorsRenderAsProblems() throws {
    let r = Problem.render(HTTPError(.requestHeaderFieldsTooLarge, detail: "header section over 32768 bytes", target: "/x", requestID: "abc"))
    #expect(r.status.code == 431)
    #expect(r.json["title"] as? String == "Request Header Fields Too Large")
    #expect(r.json["detail"] as? String == "header section over 32768 bytes")
    #expect(r.json["instance"] as? String == "/x")
}

@Test func healthAndReadinessAnswer() throws {
    let health = try Harness.shared.get("/healthz")
    #expect(String(decoding: health.bodyBytes, as: UTF8.self) == #"{"status":"ok"}"#)
    let ready = try Harness.shared.get("/readyz")
    #expect(ready.json["status"] as? String == "ready")
    #expect((ready.json["lastReload"] as? [String: Any])?["result"] as? String == "success")
}

@Test func theAdminReloadRouteExistsOnlyWithAToken() throws {
    let without = try Harness.shared.get("/admin/reload", method: .post)
    #expect(without.status == .notFound)
    var options = APIOptions()
    options.reloadToken = "0123456789abcdef0123"
    let h = try Harness(options: options)
    let denied = try h.get("/admin/reload", [("Authorization", "Bearer wrong")], method: .post)
    #expect(denied.status == .unauthorized)
    #expect(denied.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
    let done = try h.get("/admin/reload", [("Authorization", "Bearer 0123456789abcdef0123")], method: .post)
    #expect(done.status == .ok)
    #expect(done.json["result"] as? String == "success")
}

@Test func todaysLevelIsNotCachedPastMidnight() throws {
    var options = APIOptions()
    options.cacheMaxAgeSeconds = 7 * 86_400
    let h = try Harness(options: options)
    let now = try h.get("/api/v1/partnership-levels/current")
    let maxAge = try #require(now.headers["Cache-Control"]?.split(separator: "=").last.flatMap { Int($0) })
    #expect(maxAge <= 86_400)
    // A fixed date is the same answer forever: the configured max-age applies.
    let fixed = try h.get("/api/v1/partnership-levels/current?asOf=2024")
    #expect(fixed.headers["Cache-Control"] == "max-age=604800")
}

@Test func theIndexIsTheSameBytesAfterAReloadOfTheSameData() throws {
    let h = try Harness()
    let before = try h.get("/api/v1")
    h.api.reload()
    let after = try h.get("/api/v1")
    #expect(before.bodyBytes == after.bodyBytes)
    #expect(before.headers["ETag"] == after.headers["ETag"])
}
