import FoundationEssentials
import Synchronization
import TiesCore
import TiesHTTP

/// Settings of the API layer (from config.json).
public struct APIOptions: Sendable {
    /// Origins allowed to read the API from a browser; `*` for any.
    public var corsAllowedOrigins: [String] = ["*"]
    /// `Cache-Control: max-age=N` on API documents.
    public var cacheMaxAgeSeconds = 60
    /// Bearer token guarding `POST /admin/reload`; nil leaves the route out entirely.
    public var reloadToken: String? = nil
    /// `scheme://host[:port][/prefix]` for the absolute links of ICS, Atom, JSON-LD and CSV; nil builds them
    /// from each request's `Host` with `http://` (see docs/formats.md, "Absolute URLs").
    public var publicBaseURL: String? = nil
    /// Per-client rate limit; nil serves every client without one (the `ties` executable turns it on).
    public var rateLimit: RateLimitOptions? = nil
    /// Who may frame the embed cards (CSP `frame-ancestors` sources): `*` any site, or origins.
    public var embedFrameAncestors: [String] = ["*"]
    public init() {}
}

/// The Ties API: every route, wired onto the HTTP engine. Build one, take its `responder()` for the server,
/// and its `errorResponder` for the errors the engine answers itself.
///
///     let api = API(state: try ServingState(source: .embedded), options: options)
///     let responder = try api.responder(fallback: try StaticFiles(root: "Public"))
///     config.errorResponder = api.errorResponder
///     config.onResponse = { api.metrics.record($0) }
public final class API: Sendable {
    public let state: ServingState
    public let options: APIOptions
    public let metrics = Metrics()
    /// The per-client buckets, when `options.rateLimit` is set.
    public let rateLimiter: RateLimiter?
    let presenter: Presenter
    let openAPI = OpenAPIRoute()
    private let statsSource = Mutex<(@Sendable () -> ServerStats)?>(nil)
    /// Called after every reload attempt (SIGHUP or HTTP), for the executable's log.
    private let reloadObserver = Mutex<(@Sendable (ReloadResult) -> Void)?>(nil)

    public init(state: ServingState, options: APIOptions) {
        self.state = state
        self.options = options
        presenter = Presenter(maxAgeSeconds: options.cacheMaxAgeSeconds)
        rateLimiter = options.rateLimit.map {
            RateLimiter(policy: .init(ratePerSecond: $0.requestsPerSecond, burst: $0.burst), maxClients: $0.maxClients)
        }
    }

    /// Renders the errors the engine answers itself (parse errors, timeouts, overload) as the API renders its
    /// own: a problem document with the same CORS fields and licence link, so a dashboard on another origin
    /// can read why.
    public var errorResponder: @Sendable (HTTPError) -> HTTPResponse {
        let fields = CORS.engineErrorFields(allowedOrigins: options.corsAllowedOrigins)
        let state = state
        return { error in
            var response = Problem.render(error)
            for field in fields { response.headers.add(field.name, field.value) }
            state.served.addLicenceLink(to: &response.headers)
            return response
        }
    }

    /// Lets `/metrics` report the server's connection counts once the server exists.
    public func reportStats(from source: @escaping @Sendable () -> ServerStats) {
        statsSource.withLock { $0 = source }
    }

    public func onReload(_ observer: @escaping @Sendable (ReloadResult) -> Void) {
        reloadObserver.withLock { $0 = observer }
    }

    /// Reloads the dataset (SIGHUP, `POST /admin/reload`), counts and reports the result.
    @discardableResult
    public func reload() -> ReloadResult {
        let result = state.reload()
        metrics.recordReload(success: result.succeeded)
        reloadObserver.withLock { $0 }?(result)
        return result
    }

    /// Every API route, in the order the README lists them.
    static let endpoints: [Endpoint] = OverviewEndpoints.all + RecordEndpoints.all + CitationEndpoints.all + HistoryEndpoints.all + Exports.routes

    /// The router for the whole service, wrapped in CORS handling; `fallback` serves what no route matches.
    public func responder(fallback: (any HTTPResponder)? = nil) throws(RouterError) -> any HTTPResponder {
        var routes = Router.Builder()
        for endpoint in API.endpoints {
            routes.add(endpoint.method, endpoint.pattern) { [self] request, context in
                self.respond(endpoint, request, context)
            }
        }
        for (method, pattern, handler) in EmbedEndpoints.routes(api: self) { routes.add(method, pattern, handler) }
        OperationsRoutes.add(to: &routes, api: self)
        openAPI.add(to: &routes, api: self)
        routes.fallback = fallback.map { DashboardDiscovery(inner: $0, api: self) }
        let router = try routes.build()
        var inner: any HTTPResponder = router
        if let limit = options.rateLimit, let rateLimiter {
            inner = RateLimiting(wrapping: router, options: limit, limiter: rateLimiter, metrics: metrics)
        }
        inner = LicenceLink(inner: inner, state: state)
        return CORS(wrapping: inner, router: router, allowedOrigins: options.corsAllowedOrigins)
    }

    /// The one path every API request takes: negotiate the format, serve the prepared document when the
    /// request is the default one, otherwise compute; errors become problem documents.
    func respond(_ endpoint: Endpoint, _ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        var served = state.served
        var format = Format.json
        var query = request.queryItems
        if !endpoint.formats.isEmpty {
            switch negotiate(endpoint.formats, request: request, query: &query) {
            case .success(let chosen): format = chosen
            case .failure(let problem): return problem.response(requestID: context.requestID)
            }
        }
        do throws(Problem) {
            if let view = try knownAtView(of: served, query: &query, request: request) { served = view }
        } catch {
            return error.response(requestID: context.requestID)
        }
        if query.isEmpty, format == .json, let prepared = served.prepared.document(for: request.path) {
            return prepared.response(presenter, to: request)
        }
        // Prepared documents exist only for live ids, so a retired one is looked for here, off the hot path.
        if let retired = RetiredRecords.response(endpoint, request, context, history: served.snapshot.history,
                                                 maxAge: options.cacheMaxAgeSeconds) {
            return retired
        }
        var export = ExportOptions(baseURL: ExportOptions.baseURL(configured: options.publicBaseURL, host: request.headers["Host"]))
        if format == .csv {
            switch ExportOptions.takeByteOrderMark(from: &query, instance: request.target) {
            case .success(let bom): export.byteOrderMark = bom
            case .failure(let problem): return problem.response(requestID: context.requestID)
            }
        }
        let call = Call(catalog: served.catalog, path: request.path, query: query, parameters: context.parameters,
                        format: format, export: export)
        do {
            return presenter.present(try endpoint.compute(call), to: request)
        } catch {
            return error.response(requestID: context.requestID)
        }
    }

    /// `?knownAt=DATE` answers from the dataset as the sources published by DATE support it: one view of
    /// the snapshot per date, so every endpoint, filter and format reads it the same way.
    private func knownAtView(of served: Served, query: inout [(name: String, value: String)], request: HTTPRequest) throws(Problem) -> Served? {
        let date: PartialDate
        do throws(ParameterError) {
            guard let text = try TakenParameter.take("knownAt", from: &query) else { return nil }
            date = try PartialDate.parse(text, parameter: "knownAt")
        } catch {
            throw Problem.invalidParameters(QueryError(error), instance: request.target)
        }
        return served.known(at: date)
    }

    /// `?format=` wins over `Accept` (for links pasted into spreadsheets and calendar apps, which cannot set headers).
    private func negotiate(_ offered: [Format], request: HTTPRequest, query: inout [(name: String, value: String)]) -> Result<Format, Problem> {
        let given: String?
        do throws(ParameterError) { given = try TakenParameter.take("format", from: &query) } catch {
            return .failure(Problem.invalidParameters(QueryError(error), instance: request.target))
        }
        if let given {
            guard let format = offered.first(where: { $0.rawValue == given }) else {
                let error = ParameterError(parameter: "format", value: given, message: "must be one of \(offered.map(\.rawValue).joined(separator: ", "))")
                return .failure(Problem.invalidParameters(QueryError(error), instance: request.target))
            }
            return .success(format)
        }
        guard let chosen = Negotiation.preferred(accept: request.headers["Accept"], offered: offered.lazy.map(\.type)) else {
            return .failure(Problem(status: .notAcceptable, type: "/problems/not-acceptable", title: "Not acceptable",
                                    detail: "This resource is available as \(offered.map(\.type).joined(separator: ", ")); ask for one of them in Accept, or add ?format=\(offered.map(\.rawValue).joined(separator: "|")).",
                                    instance: request.target))
        }
        return .success(offered[chosen])
    }

    func stats() -> ServerStats? { statsSource.withLock { $0 }?() }
}
