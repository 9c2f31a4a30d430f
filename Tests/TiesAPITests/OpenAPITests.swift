import Foundation
import Testing
@testable import TiesAPI
import TiesCore
@testable import TiesHTTP

/// `/openapi.json` is kept true by these tests: the router's routes and the document's paths are the same
/// set, the documented query parameters are exactly those the store reads, each endpoint's formats are its
/// response content types, and real responses (every endpoint, filters, errors) validate against the
/// document's schemas.
@Suite struct OpenAPITests {
    let api: InProcessAPI
    let document: JSON

    init() throws {
        api = try InProcessAPI()
        document = try api.get(OpenAPIDocument.path).json()
    }

    var snapshot: Snapshot { InProcessAPI.state.served.snapshot }
    var validator: SchemaValidator { SchemaValidator(document: document) }

    /// `(path, method)` → operation object.
    var operations: [(path: String, method: String, operation: JSON)] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        return paths.flatMap { path, item in item.keys.map { (path, $0, item[$0]!) } }
    }

    func operation(_ path: String, _ method: String = "get") -> JSON? { document["paths"]?[path]?[method] }

    func queryParameters(_ path: String) -> [String] {
        (operation(path)?["parameters"]?.array ?? []).compactMap { p in p["in"]?.string == "query" ? p["name"]?.string : nil }
    }

    // MARK: - The document itself

    @Test func isServedAsJSONWithAStrongETagAndRevalidates() throws {
        let first = try api.get(OpenAPIDocument.path)
        #expect(first.status == 200)
        #expect(first.contentType == "application/json")
        #expect(document["openapi"]?.string == "3.1.0")
        let tag = try #require(first.headers["ETag"])
        #expect(tag.hasPrefix("\"\(snapshot.version)-"))
        let again = try api.get(OpenAPIDocument.path, headers: [("If-None-Match", tag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let gzip = try api.get(OpenAPIDocument.path, headers: [("Accept-Encoding", "gzip")])
        #expect(gzip.headers["Content-Encoding"] == "gzip")
        #expect(gzip.headers["ETag"] != tag, "the gzip variant is another byte sequence, so another strong tag")
    }

    @Test func refusesQueryParametersNamingThem() throws {
        let answer = try api.get(OpenAPIDocument.path + "?pretty=1")
        #expect(answer.status == 400)
        #expect(try answer.json()["errors"]?[0]?["parameter"]?.string == "pretty")
    }

    @Test func isBuiltOncePerDatasetVersion() throws {
        let served = InProcessAPI.state.served
        let a = api.api.openAPI.document(served, reloadEnabled: false)
        let b = api.api.openAPI.document(served, reloadEnabled: false)
        #expect(a.etag == b.etag)
        #expect(a.bytes == b.bytes)
        #expect(a.gzip != nil, "compressed once, when built")
        #expect(document["info"]?["version"]?.string?.contains(served.version) == true)
    }

    @Test func theTagFollowsTheDocumentsContentNotOnlyTheDatasetVersion() {
        let served = InProcessAPI.state.served
        let without = OpenAPIRoute().document(served, reloadEnabled: false)
        let with = OpenAPIRoute().document(served, reloadEnabled: true)
        #expect(without.bytes != with.bytes)
        #expect(without.etag != with.etag, "another document under the same dataset version needs another tag")
        #expect(OpenAPIRoute().document(served, reloadEnabled: false).etag == without.etag, "the same document, the same tag")
    }

    // MARK: - Routes

    @Test(arguments: [nil, "a-reload-token-of-some-length"])
    func documentsEveryRouteTheRouterServesAndNoOther(reloadToken: String?) throws {
        let api = try InProcessAPI(reloadToken: reloadToken)
        let document = try api.get(OpenAPIDocument.path).json()
        let served = Set(api.router.routes.map { "\($0.method.rawValue) \($0.pattern)" })
        guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
        let documented = Set(paths.flatMap { path, item in item.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(served == documented, "served, not documented: \(served.subtracting(documented).sorted()); documented, not served: \(documented.subtracting(served).sorted())")
        #expect(documented.contains("POST /admin/reload") == (reloadToken != nil))
        #expect(served.count >= API.endpoints.count + 4)
    }

    @Test func everyEndpointHasWordsAndNoWordsAreLeftOver() {
        let table = OperationDocs.table(DatasetExamples(snapshot))
        let patterns = Set(API.endpoints.map(\.pattern))
        for pattern in patterns.sorted() { #expect(table[pattern] != nil, "\(pattern) has no entry in OperationDocs") }
        #expect(Set(table.keys).subtracting(patterns).isEmpty, "OperationDocs describes routes that do not exist")
        let ids = operations.compactMap { $0.operation["operationId"]?.string }
        #expect(ids.count == operations.count && Set(ids).count == ids.count, "every operation has a unique operationId")
        for (path, method, op) in operations {
            #expect(op["summary"]?.string?.isEmpty == false, "\(method) \(path) has no summary")
            #expect(op["description"]?.string?.isEmpty == false && op["description"]?.string != "Not described yet.", "\(method) \(path) has no description")
        }
    }

    @Test func documentedQueryParametersAreExactlyTheOnesTheStoreReads() {
        let expected: [String: Set<String>] = [
            "/api/v1/events": EventQuery.parameterNames,
            "/api/v1/leaders/{id}/events": EventQuery.parameterNames.subtracting(["leader"]),
            "/api/v1/leaders": LeaderQuery.parameterNames,
            "/api/v1/sources": SourceQuery.parameterNames,
            "/api/v1/search": SearchQuery.parameterNames,
            "/api/v1/timeline": ["from", "to"],
            "/api/v1/partnership-levels/current": ["asOf"],
            "/api/v1/events.ics": EventQuery.parameterNames,
            "/api/v1/events.atom": EventQuery.parameterNames,
            "/api/v1/events/{id}/citation": ["style"],
            "/api/v1/leaders/{id}/citation": ["style"],
            "/api/v1/partnership-levels/{id}/citation": ["style"],
            "/api/v1/changes": ChangeQuery.parameterNames,
            "/api/v1/changes.atom": ChangeQuery.parameterNames,
        ]
        for endpoint in API.endpoints {
            let documented = Set(queryParameters(endpoint.pattern))
            let own = (endpoint.formats.isEmpty ? documented : documented.subtracting(["format"])).subtracting(["knownAt"])
            #expect(own == expected[endpoint.pattern, default: []], "\(endpoint.pattern)")
            #expect(documented.contains("knownAt"), "\(endpoint.pattern): every API endpoint answers knownAt")
            #expect(documented.contains("format") == !endpoint.formats.isEmpty, "\(endpoint.pattern): format exactly where formats are offered")
        }
    }

    /// Behaviour, not lists: each documented parameter, given its documented example, is answered 200; a name
    /// the document does not list is a 400 naming it.
    @Test func everyDocumentedParameterIsAcceptedWithItsExampleAndAnUndocumentedOneIsRefused() throws {
        for (path, method, op) in operations where method == "get" && path.hasPrefix("/api/") {
            let concrete = try concretePath(path, op)
            for parameter in op["parameters"]?.array ?? [] where parameter["in"]?.string == "query" {
                let name = try #require(parameter["name"]?.string)
                var query: String
                if name == "cursor" {
                    // The calendar and the feed take the JSON list's cursors.
                    let list = concrete.hasSuffix(".ics") || concrete.hasSuffix(".atom")
                        ? String(concrete.dropLast(concrete.hasSuffix(".ics") ? 4 : 5)) : concrete
                    let first = try api.get(list + "?limit=1" + requiredQuery(op, except: name)).json()
                    guard let cursor = first["meta"]?["nextCursor"]?.string else { continue }  // a one-record list has no second page
                    query = "limit=1&cursor=" + cursor
                } else {
                    query = name + "=" + Paths.queryEscaped(try exampleValue(parameter["schema"]!, name: name))
                }
                let target = concrete + "?" + query + (try requiredQuery(op, except: name))
                let answer = try api.get(target)
                #expect(answer.status == 200, "\(target): \(answer.text.prefix(300))")
            }
            let refused = try api.get(concrete + "?undocumented=1" + requiredQuery(op, except: ""))
            #expect(refused.status == 400, "\(path)")
            let named = try refused.json()["errors"]?.array?.compactMap { $0["parameter"]?.string } ?? []
            #expect(named.contains("undocumented"), "\(path)")
        }
    }

    // MARK: - Formats

    @Test func eachEndpointsFormatsAreItsResponseContentTypes() throws {
        for endpoint in API.endpoints {
            let content = try #require(operation(endpoint.pattern)?["responses"]?["200"]?["content"])
            let fixed = ["/api/v1/events.ics": "text/calendar", "/api/v1/events.atom": "application/atom+xml",
                         "/api/v1/changes.atom": "application/atom+xml"]
            let expected = endpoint.formats.isEmpty ? [fixed[endpoint.pattern] ?? "text/plain"] : endpoint.formats.map(\.type)
            #expect(content.keys == expected, "\(endpoint.pattern)")
            let format = (operation(endpoint.pattern)?["parameters"]?.array ?? []).first { $0["name"]?.string == "format" }
            #expect(format?["schema"]?["enum"] == (endpoint.formats.isEmpty ? nil : .array(endpoint.formats.map { .string($0.rawValue) })), "\(endpoint.pattern)")
        }
    }

    /// A format added to an endpoint's list appears in the document with no other change.
    @Test func aFormatAddedToAnEndpointAppearsAsAnotherContentType() throws {
        let formats: [Format] = [.json, .csv, .ndjson, .ics, .atom, .jsonld]
        let endpoint = Endpoint("/api/v1/events", formats: formats) { call throws(Problem) in call.json([]) }
        let built = try JSON.parse(OpenAPIDocument.build(snapshot: snapshot, endpoints: [endpoint], reloadEnabled: false).serialized)
        let op = try #require(built["paths"]?["/api/v1/events"]?["get"])
        #expect(op["responses"]?["200"]?["content"]?.keys == formats.map(\.type))
        #expect(op["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["$ref"]?.string == "#/components/schemas/EventPage")
        let format = op["parameters"]?.array?.first { $0["name"]?.string == "format" }
        #expect(format?["schema"]?["enum"] == .array(formats.map { .string($0.rawValue) }))
        #expect(op["responses"]?["406"] != nil)
    }

    // MARK: - Schemas

    @Test func namesASchemaForEveryRecordAndEnvelope() {
        let names = Set(document["components"]?["schemas"]?.keys ?? [])
        for name in ["Event", "Location", "Participant", "Outcome", "Amount", "Leader", "Office", "PartnershipLevel",
                     "PartnershipLevelAsOf", "Source", "SourceDetail", "Publisher", "Published", "Citation", "SourceCitation",
                     "PartialDate", "Mentions", "MentionSpan", "Topic", "TopicDetail", "Country", "CountryDetail", "TimelineYear",
                     "TimelineEntry", "SearchHit", "Snippet", "TextSpan", "DatasetIndex", "Problem", "ParameterProblem",
                     "ListMeta", "CollectionMeta", "ListLinks", "SingleMeta", "EventPage", "EventResponse", "LeaderPage",
                     "SearchHitPage", "TimelineYearList", "TopicList", "CountryList", "PartnershipLevelList", "SourcePage",
                     "Health", "Readiness", "ReloadReport"] {
            #expect(names.contains(name), "no schema \(name)")
        }
    }

    @Test func everyReferenceResolvesAndSchemasUseOnlyKeywordsTheValidatorChecks() {
        var refs: [String] = []
        func collect(_ node: JSON) {
            switch node {
            case .object(let pairs):
                for (key, value) in pairs {
                    if key == "$ref", let r = value.string { refs.append(r) } else { collect(value) }
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(!refs.isEmpty)
        for r in Set(refs) { #expect(validator.resolve(r) != nil, "unresolvable \(r)") }

        let supported: Set = ["$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items",
                              "anyOf", "oneOf", "allOf", "minimum", "maximum", "minLength", "minItems", "pattern"]
        func check(_ schema: JSON, _ path: String) {
            guard case .object(let pairs) = schema else { return }
            for (key, value) in pairs {
                #expect(supported.contains(key) || SchemaValidator.annotations.contains(key), "\(path): keyword \(key)")
                switch key {
                case "properties": for (name, sub) in (value.keys.map { ($0, value[$0]!) }) { check(sub, "\(path).\(name)") }
                case "items", "additionalProperties": check(value, "\(path).\(key)")
                case "anyOf", "oneOf", "allOf": for sub in value.array ?? [] { check(sub, path) }
                default: break
                }
            }
        }
        for name in document["components"]?["schemas"]?.keys ?? [] { check(document["components"]!["schemas"]![name]!, name) }
    }

    /// The validator must be able to fail, or the next test proves nothing.
    @Test func validatorRejectsRecordsThatDoNotMatchTheirSchema() throws {
        let event = try #require(try api.get("/api/v1/events/2025-01-10-ishiba-anwar-summit").json()["data"])
        let schema = JSON.object([("$ref", .string("#/components/schemas/Event"))])
        #expect(validator.errors(event, schema).isEmpty, "\(validator.errors(event, schema))")
        guard case .object(var pairs) = event else { Issue.record("event is not an object"); return }
        let extra = JSON.object(pairs + [("extra", .bool(true))])
        #expect(validator.errors(extra, schema).contains { $0.contains("'extra'") })
        let missing = JSON.object(pairs.filter { $0.0 != "summary" })
        #expect(validator.errors(missing, schema).contains { $0.contains("'summary'") })
        pairs[pairs.firstIndex { $0.0 == "status" }!].1 = .string("rumoured")
        #expect(validator.errors(.object(pairs), schema).contains { $0.contains("$.status") })
        pairs[pairs.firstIndex { $0.0 == "status" }!].1 = .string("happened")
        pairs[pairs.firstIndex { $0.0 == "title" }!].1 = .null
        #expect(validator.errors(.object(pairs), schema).contains { $0.contains("$.title") })
        pairs[pairs.firstIndex { $0.0 == "title" }!].1 = .string("t")
        pairs[pairs.firstIndex { $0.0 == "corroboration" }!].1 = .number(1.5, integral: false)
        #expect(validator.errors(.object(pairs), schema).contains { $0.contains("$.corroboration") })
    }

    // MARK: - Real responses

    @Test func realResponsesValidateAgainstTheDocument() throws {
        let s = snapshot
        var ok = [
            "/api/v1", "/api/v1/timeline", "/api/v1/timeline?from=2023&to=2025-01", "/api/v1/search?q=anwar",
            "/api/v1/search?q=maritime&type=source&limit=1", "/api/v1/search?q=%22coast%20guard%22&type=event",
            "/api/v1/events", "/api/v1/events?limit=1", "/api/v1/events?sort=date&limit=3", "/api/v1/events?from=2023-12-31&to=2024",
            "/api/v1/events?leader=anwar-ibrahim", "/api/v1/events?country=my&topic=maritime-security", "/api/v1/events?type=summit",
            "/api/v1/events?source=\(s.sources[0].id)", "/api/v1/events?q=coast%20guard", "/api/v1/events?format=json",
            "/api/v1/leaders", "/api/v1/leaders?country=JP&limit=2", "/api/v1/leaders?office=prime%20minister&asOf=2024-05",
            "/api/v1/leaders?q=anwar", "/api/v1/leaders/shigeru-ishiba/events?from=2025&sort=date",
            "/api/v1/partnership-levels", "/api/v1/partnership-levels/current", "/api/v1/partnership-levels/current?asOf=2023-12-05",
            "/api/v1/partnership-levels/current?asOf=2010", "/api/v1/sources", "/api/v1/sources?publisher=reuters&from=2015&to=2023",
            "/api/v1/sources?q=anwar&sort=date&limit=1", "/api/v1/topics", "/api/v1/countries", "/api/v1/countries/jp",
            "/healthz", "/readyz", "/metrics", OpenAPIDocument.path,
            "/api/v1/events.ics", "/api/v1/events.atom?leader=anwar-ibrahim&limit=2",
        ]
        ok += s.events.map { Paths.event($0.id) }
        ok += s.leaders.flatMap { [Paths.leader($0.id), Paths.leader($0.id) + "/events"] }
        ok += s.partnershipLevels.map { Paths.level($0.id) }
        ok += [Paths.event(s.events[0].id) + "/citation?style=apa", Paths.leader(s.leaders[0].id) + "/citation",
               Paths.level(s.partnershipLevels[0].id) + "/citation?style=mla",
               "/embed/events/" + s.events[0].id, "/embed/leaders/" + s.leaders[0].id,
               "/embed/partnership-levels/" + s.partnershipLevels[0].id,
               "/oembed?url=" + Paths.queryEscaped("http://localhost/embed/events/" + s.events[0].id)]
        ok += s.sources.flatMap { [Paths.source($0.id), Paths.source($0.id) + "/text"] }
        ok += s.topics.map { Paths.topic($0.id) } + s.countries.map { Paths.country($0.code) }
        ok += ["/api/v1/changes", "/api/v1/changes.atom", HistoryEndpoints.historyLink(.event, s.events[0].id)]
        let bad = [
            "/api/v1/events?bogus=1", "/api/v1/events?limit=0", "/api/v1/events?limit=501", "/api/v1/events?from=2023-13",
            "/api/v1/events?from=2025&to=2023", "/api/v1/events?leader=nobody", "/api/v1/events?sort=name",
            "/api/v1/events?cursor=nonsense", "/api/v1/events?limit=1&limit=2", "/api/v1/events?format=xml", "/api/v1/events?q=%22%22",
            "/api/v1/leaders?country=FR", "/api/v1/leaders?asOf=yesterday", "/api/v1/search", "/api/v1/search?q=x&type=leader",
            "/api/v1/timeline?to=2025-02-30", "/api/v1/partnership-levels/current?asOf=2023-00", "/api/v1/topics?limit=5",
            "/api/v1/leaders/shigeru-ishiba/events?leader=anwar-ibrahim", "/api/v1/events/\(s.events[0].id)?x=1",
            "/healthz?x=1", "/readyz?x=1", "/metrics?x=1",
        ]
        let missing = ["/api/v1/events/nope", "/api/v1/leaders/nope", "/api/v1/leaders/nope/events", "/api/v1/partnership-levels/nope",
                       "/api/v1/sources/nope", "/api/v1/sources/nope/text", "/api/v1/topics/nope", "/api/v1/countries/zz", "/api/v2/nothing"]

        var failures: [String] = []
        var answered200 = Set<String>()
        func check(_ target: String, _ expected: Int, headers: [(String, String)] = [], method: HTTPMethod = .get) throws {
            let answer = try api.request(method, target, headers: headers)
            guard answer.status == expected else { failures.append("\(target): \(answer.status), expected \(expected)"); return }
            if answer.status == 200, let route = answer.route { answered200.insert("\(method.rawValue) \(route)") }
            failures += try conformance(of: answer, to: target, method: method)
        }
        for target in ok { try check(target, 200) }
        for target in bad { try check(target, 400) }
        for target in missing { try check(target, 404) }
        try check("/api/v1/events", 406, headers: [("Accept", "image/png")])
        try check("/api/v1/events", 405, method: .delete)
        try check("/api/v1/events", 304, headers: [("If-None-Match", try api.get("/api/v1/events").headers["ETag"] ?? "")])
        // Every page of a paginated list.
        var next: String? = "/api/v1/events?limit=4"
        var pages = 0
        while let target = next {
            let page = try api.get(target)
            failures += try conformance(of: page, to: target, method: .get)
            next = try page.json()["links"]?["next"]?.string
            pages += 1
        }
        #expect(pages == (s.events.count + 3) / 4)

        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
        let getOperations = Set(operations.filter { $0.method == "get" }.map { "GET \($0.path)" })
        #expect(getOperations.subtracting(answered200).isEmpty, "never answered 200: \(getOperations.subtracting(answered200).sorted())")
        #expect(ok.count + bad.count + missing.count > 100)
    }

    // MARK: - Helpers

    /// What is wrong with one answer by the document: status, content type, body schema.
    func conformance(of answer: InProcessAPI.Answer, to target: String, method: HTTPMethod) throws -> [String] {
        let name = "\(method.rawValue) \(target) → \(answer.status)"
        guard let route = answer.route, let op = operation(route, method.rawValue.lowercased()) else {
            // No operation (unknown path, method not served): still a problem document.
            guard answer.contentType == "application/problem+json" else { return ["\(name): \(answer.contentType), not problem+json"] }
            return validator.errors(try answer.json(), .object([("$ref", .string("#/components/schemas/Problem"))])).map { "\(name): \($0)" }
        }
        guard var response = op["responses"]?[String(answer.status)] ?? op["responses"]?["default"] else {
            return ["\(name): status not documented"]
        }
        if let ref = response["$ref"]?.string { response = validator.resolve(ref) ?? .null }
        if answer.status == 304 { return answer.body.isEmpty ? [] : ["\(name): a 304 with a body"] }
        guard let schema = response["content"]?[answer.contentType]?["schema"] else {
            return ["\(name): content type \(answer.contentType) not documented"]
        }
        guard answer.contentType.hasSuffix("json") else { return [] }
        return validator.errors(try answer.json(), schema).map { "\(name): \($0)" }
    }

    /// `path` with each `{param}` replaced by its documented first example.
    func concretePath(_ path: String, _ op: JSON) throws -> String {
        var out = path
        for parameter in op["parameters"]?.array ?? [] where parameter["in"]?.string == "path" {
            let name = try #require(parameter["name"]?.string)
            let example = try #require(parameter["schema"]?["examples"]?[0]?.string, "a path parameter has no example")
            out = out.replacingOccurrences(of: "{\(name)}", with: Paths.segment(example))
        }
        return out
    }

    /// `&name=example` for each required query parameter other than `except`.
    func requiredQuery(_ op: JSON, except: String) throws -> String {
        var out = ""
        for parameter in op["parameters"]?.array ?? [] where parameter["in"]?.string == "query" && parameter["required"] == .bool(true) {
            let name = try #require(parameter["name"]?.string)
            if name != except { out += "&\(name)=" + Paths.queryEscaped(try exampleValue(parameter["schema"]!, name: name)) }
        }
        return out
    }

    /// A value the schema documents: its first example, else its default, else its first enum value.
    func exampleValue(_ schema: JSON, name: String) throws -> String {
        guard let value = schema["examples"]?[0] ?? schema["default"] ?? schema["enum"]?[0] else {
            Issue.record("parameter \(name) documents no example, default or enum")
            return ""
        }
        if let s = value.string { return s }
        if let n = value.int { return String(n) }
        Issue.record("parameter \(name): example \(value) is not a string or integer")
        return ""
    }
}
