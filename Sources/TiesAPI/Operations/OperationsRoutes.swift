import FoundationEssentials
import TiesCore
import TiesHTTP

/// Routes for operators and orchestrators rather than readers: liveness, readiness, metrics, reload.
/// None of them is cached, and none depends on the request beyond its method and path.
enum OperationsRoutes {
    static func add(to routes: inout Router.Builder, api: API) {
        // Liveness: the process answers. Fixed bytes; load balancers and the benchmark hit it hard.
        let health = Array(#"{"status":"ok"}"#.utf8)
        routes.add(.get, "/healthz") { request, _ in
            guard request.queryItems.isEmpty else { return unknownParameters(request) }
            return HTTPResponse(status: .ok, headers: noStore("application/json; charset=utf-8"), body: .bytes(health))
        }

        // Readiness: the dataset is loaded and the server is not draining; says which version and how the
        // last reload went, so a failed reload is visible without reading logs.
        routes.add(.get, "/readyz") { request, _ in
            guard request.queryItems.isEmpty else { return unknownParameters(request) }
            let draining = api.state.draining
            let body = (try? OrderedJSONEncoder().encode(Readiness(api: api, draining: draining))) ?? []
            return HTTPResponse(status: draining ? .serviceUnavailable : .ok,
                                headers: noStore("application/json; charset=utf-8"), body: .bytes(body))
        }

        routes.add(.get, "/metrics") { request, _ in
            guard request.queryItems.isEmpty else { return unknownParameters(request) }
            let served = api.state.served
            let stats = api.stats()
            let snapshot = served.snapshot
            let counts = snapshot.counts
            let last = api.state.lastReload
            let kept = served.prepared.kept
            let gauges = Metrics.Gauges(
                openConnections: stats?.openConnections ?? 0, acceptedConnections: stats?.acceptedConnections ?? 0,
                rejectedConnections: stats?.rejectedConnections ?? 0,
                datasetVersion: served.version,
                datasetLoadSeconds: Double(served.loadDuration.components.seconds) + Double(served.loadDuration.components.attoseconds) * 1e-18,
                datasetLoadedAt: snapshot.loadedAt,
                recordCounts: [("events", counts.events), ("leaders", counts.leaders), ("partnership_levels", counts.partnershipLevels),
                               ("sources", counts.sources), ("topics", counts.topics), ("countries", counts.countries),
                               ("citations", counts.citations), ("mentions", counts.mentions)],
                lastReloadSucceeded: last.succeeded, lastReloadAt: last.at, draining: api.state.draining,
                shedRequests: stats?.shedRequests ?? 0, rateLimitClients: api.rateLimiter?.trackedClients,
                rateLimitEvictions: api.rateLimiter?.evictions ?? 0,
                prepared: (kept.documents, kept.bytes, served.prepared.maxBytes))
            return HTTPResponse(status: .ok, headers: noStore("text/plain; version=0.0.4; charset=utf-8"),
                                body: .bytes(Array(api.metrics.render(gauges).utf8)))
        }

        // Reload over HTTP exists only when a token is configured; without one the route is not there at all.
        if let token = api.options.reloadToken {
            let expected = Array("Bearer \(token)".utf8)
            routes.add(.post, "/admin/reload") { request, context in
                guard let given = request.headers["Authorization"], constantTimeEquals(Array(given.utf8), expected) else {
                    var response = Problem(status: .unauthorized, detail: "POST /admin/reload needs the reload token: Authorization: Bearer <token>",
                                           instance: request.path).response(requestID: context.requestID)
                    response.headers.add("WWW-Authenticate", "Bearer realm=\"ties-admin\"")
                    return response
                }
                let result = api.reload()
                let body = (try? OrderedJSONEncoder().encode(ReloadReport(result))) ?? []
                // 200 when the new data serves; 422 when it was refused (the old data keeps serving).
                return HTTPResponse(status: result.succeeded ? .ok : .unprocessableContent,
                                    headers: noStore("application/json; charset=utf-8"), body: .bytes(body))
            }
        }
    }

    static func noStore(_ contentType: String) -> HTTPHeaders {
        var headers = HTTPHeaders(reservingCapacity: 8)
        if contentType == jsonType { headers.add(jsonTypeField) } else { headers.add("Content-Type", contentType) }
        headers.add(noStoreField)
        return headers
    }

    private static let jsonType = "application/json; charset=utf-8"
    private static let jsonTypeField = PreparedField("Content-Type", jsonType)!
    private static let noStoreField = PreparedField("Cache-Control", "no-store")!

    static func unknownParameters(_ request: HTTPRequest) -> HTTPResponse {
        let errors = request.queryItems.map { ParameterError(parameter: $0.name, value: $0.value, message: "unknown parameter; this resource takes none") }
        return Problem.invalidParameters(QueryError(errors), instance: request.target).response()
    }

    /// Compares secrets in time independent of where they differ.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return diff == 0
    }
}

/// The body of `/readyz`.
struct Readiness: Encodable {
    let status: String
    let datasetVersion: String
    let loadedAt: String
    let source: String
    let lastReload: ReloadReport

    init(api: API, draining: Bool) {
        let served = api.state.served
        status = draining ? "draining" : "ready"
        datasetVersion = served.version
        loadedAt = served.snapshot.loadedAt.formatted(.iso8601)
        source = api.state.source.description
        lastReload = ReloadReport(api.state.lastReload)
    }
}

/// A reload's outcome as JSON: for `/readyz` and `POST /admin/reload`.
struct ReloadReport: Encodable {
    let result: String
    let at: String
    let datasetVersion: String
    let durationMs: Double
    let errors: [String]

    init(_ r: ReloadResult) {
        result = r.succeeded ? "success" : "failure"
        at = r.at.formatted(.iso8601)
        datasetVersion = r.version
        durationMs = (Double(r.duration.components.seconds) * 1e3 + Double(r.duration.components.attoseconds) * 1e-15).rounded() / 1
        errors = r.errors.map(\.description)
    }
}
