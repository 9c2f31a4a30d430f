import Testing
@testable import TiesHTTP

@Suite struct RouterTests {
    /// Each handler answers with its pattern and parameters, so the test can see which one ran.
    static func echo(_ tag: String) -> @Sendable (HTTPRequest, RequestContext) -> HTTPResponse {
        { request, context in
            let params = context.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            return HTTPResponse(headers: ["X-Tag": tag, "X-Route": context.route ?? "-", "X-Params": params])
        }
    }

    func makeRouter(fallback: (any HTTPResponder)? = nil) throws -> Router {
        var b = Router.Builder()
        b.add(.get, "/", Self.echo("root"))
        b.add(.get, "/api/v1/events", Self.echo("events"))
        b.add(.post, "/api/v1/events", Self.echo("create"))
        b.add(.get, "/api/v1/events/{id}", Self.echo("event"))
        b.add(.get, "/api/v1/events/latest", Self.echo("latest"))
        b.add(.delete, "/api/v1/events/{id}", Self.echo("delete"))
        b.add(.get, "/a/b/c", Self.echo("abc"))
        b.add(.get, "/a/{x}/d", Self.echo("axd"))
        b.add(.get, "/leaders/{id}/events/{eventId}", Self.echo("leader-event"))
        b.add(.head, "/explicit-head", Self.echo("head"))
        b.add(.get, "/explicit-head", Self.echo("get"))
        b.add(.get, "/slash/", Self.echo("slash"))
        b.fallback = fallback
        return try b.build()
    }

    func call(_ router: Router, _ method: HTTPMethod, _ target: String) throws -> HTTPResponse {
        router.respond(to: try HTTPRequest(method: method, target: target), context: RequestContext(requestID: "t"))
    }

    @Test func literalSegmentBeatsParameter() throws {
        let r = try makeRouter()
        #expect(try call(r, .get, "/api/v1/events/latest").headers["X-Tag"] == "latest")
        #expect(try call(r, .get, "/api/v1/events/2023-12-summit").headers["X-Params"] == "id=2023-12-summit")
    }

    @Test func backtracksFromALiteralDeadEndToAParameter() throws {
        let r = try makeRouter()
        #expect(try call(r, .get, "/a/b/c").headers["X-Tag"] == "abc")
        #expect(try call(r, .get, "/a/b/d").headers["X-Tag"] == "axd")
        #expect(try call(r, .get, "/a/b/d").headers["X-Params"] == "x=b")
    }

    /// Captures are written at their depth: one abandoned while backtracking is overwritten, never reported,
    /// and the deepest route still has room for all of its parameters.
    @Test func reportsOnlyTheCapturesOfThePathThatMatched() throws {
        var b = Router.Builder()
        b.add(.get, "/m/{a}/{b}/{c}", Self.echo("three"))
        b.add(.get, "/m/{a}/{b}/fixed/{d}", Self.echo("four"))
        b.add(.get, "/m/{a}/only", Self.echo("one"))
        let r = try b.build()
        #expect(try call(r, .get, "/m/1/2/3").headers["X-Params"] == "a=1,b=2,c=3")
        #expect(try call(r, .get, "/m/1/2/fixed/4").headers["X-Params"] == "a=1,b=2,d=4")
        #expect(try call(r, .get, "/m/1/only").headers["X-Params"] == "a=1")
        #expect(try call(r, .get, "/m/1/2/3/4").status == .notFound)
    }

    @Test func capturesPercentDecodedParametersByName() throws {
        let r = try makeRouter()
        let response = try call(r, .get, "/leaders/anwar%20ibrahim/events/%E6%97%A5%2F1")
        #expect(response.headers["X-Params"] == "id=anwar ibrahim,eventId=日/1")
        #expect(response.headers["X-Route"] == "/leaders/{id}/events/{eventId}")
        #expect(response.route == "/leaders/{id}/events/{eventId}")
    }

    @Test func literalSegmentsMatchPercentEncodedEquivalents() throws {
        #expect(try call(makeRouter(), .get, "/api/v1/%65vents").headers["X-Tag"] == "events")
    }

    @Test func answers400ForParameterThatIsNotUTF8() throws {
        let response = try call(makeRouter(), .get, "/api/v1/events/%FF")
        #expect(response.error?.status == .badRequest)
    }

    @Test func answers405WithAllowListingHeadWhenGetExists() throws {
        let response = try call(makeRouter(), .put, "/api/v1/events/x")
        #expect(response.error?.status == .methodNotAllowed)
        #expect(response.error?.headers["Allow"] == "GET, HEAD, DELETE")
    }

    @Test func answers404OrFallbackForUnmatchedPaths() throws {
        #expect(try call(makeRouter(), .get, "/nope").error?.status == .notFound)
        #expect(try call(makeRouter(), .get, "/api/v1/events/x/y").error?.status == .notFound)
        #expect(try call(makeRouter(), .get, "/api/v1").error?.status == .notFound)
        let fallback = ClosureResponder { _, _ in HTTPResponse(headers: ["X-Tag": "fallback"]) }
        let r = try makeRouter(fallback: fallback)
        #expect(try call(r, .get, "/dashboard/app.js").headers["X-Tag"] == "fallback")
        #expect(try call(r, .get, "/nope").route == nil)
    }

    @Test func servesHeadWithTheGetHandlerUnlessHeadIsDeclared() throws {
        let r = try makeRouter()
        #expect(try call(r, .head, "/api/v1/events").headers["X-Tag"] == "events")
        #expect(try call(r, .head, "/explicit-head").headers["X-Tag"] == "head")
        #expect(try call(r, .get, "/explicit-head").headers["X-Tag"] == "get")
    }

    @Test func distinguishesRootAndTrailingSlash() throws {
        let r = try makeRouter()
        #expect(try call(r, .get, "/").headers["X-Tag"] == "root")
        #expect(try call(r, .get, "/slash/").headers["X-Tag"] == "slash")
        #expect(try call(r, .get, "/slash").error?.status == .notFound)
        #expect(try call(r, .get, "/api/v1/events/").error?.status == .notFound)
    }

    @Test func answersOptionsAsteriskWithEveryMethod() throws {
        let response = try call(makeRouter(), .options, "*")
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, POST, DELETE")
    }

    @Test func reportsAllowedMethodsForCORS() throws {
        let r = try makeRouter()
        #expect(r.allowedMethods(forPath: "/api/v1/events") == [.get, .head, .post])
        #expect(r.allowedMethods(forPath: "/api/v1/events/x") == [.get, .head, .delete])
        #expect(r.allowedMethods(forPath: "/nowhere") == nil)
    }

    @Test func enumeratesRoutesInDeclarationOrder() throws {
        let routes = try makeRouter().routes
        #expect(routes.count == 12)
        #expect(routes[1] == Router.Route(method: .get, pattern: "/api/v1/events"))
        #expect(routes[2].description == "POST /api/v1/events")
    }

    @Test func rejectsDuplicateRoutesEvenWithOtherParameterNames() {
        var b = Router.Builder()
        b.add(.get, "/events/{id}", Self.echo("a"))
        b.add(.get, "/events/{slug}", Self.echo("b"))
        #expect(throws: RouterError.duplicateRoute(.get, "/events/{slug}")) { try b.build() }
    }

    @Test func rejectsMalformedPatterns() {
        for pattern in ["events", "/events/{id", "/events/{}", "/events/{a-b}", "/x/{id}/{id}", "/a%20b", "/a?b", "/*"] {
            var b = Router.Builder()
            b.add(.get, pattern, Self.echo("x"))
            #expect(throws: RouterError.self, "\(pattern)") { try b.build() }
        }
    }
}
