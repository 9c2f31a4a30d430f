import TiesCore
import TiesHTTP

/// Cross-origin reads for dashboards on other sites (the Fetch standard's CORS protocol).
///
/// With `*` configured, every response carries `Access-Control-Allow-Origin: *`, the same for every client,
/// so shared caches need no `Vary: Origin`. With a list, an allowed `Origin` is echoed and `Vary: Origin`
/// is sent on every response. Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered 204
/// for paths the API serves; only GET and HEAD are offered cross-origin, so the admin route stays same-origin.
/// A plain `OPTIONS` answers 204 with `Allow` (RFC 9110 §9.3.7).
struct CORS: HTTPResponder {
    /// Answers what the preflight offers (`allowedMethods(forPath:)`).
    let router: Router
    /// Answers every other request: the router, or a layer around it (the rate limit).
    let inner: any HTTPResponder
    let anyOrigin: Bool
    let origins: Set<String>
    /// With `*`: the two fields every response gets, checked and encoded once.
    static let anyOriginFields = [PreparedField("Access-Control-Allow-Origin", "*")!,
                                  PreparedField("Access-Control-Expose-Headers", CORS.exposed)!]

    static let exposed = "ETag, Link, X-Request-Id, Content-Disposition, Retry-After, RateLimit, RateLimit-Policy"
    /// Request headers a page may send cross-origin besides the CORS-safelisted ones.
    static let allowedRequestHeaders: Set<String> = ["if-none-match", "x-request-id", "accept", "accept-language", "content-language"]

    init(wrapping inner: any HTTPResponder, router: Router, allowedOrigins: [String]) {
        self.router = router
        self.inner = inner
        anyOrigin = allowedOrigins.contains("*")
        origins = Set(allowedOrigins.map { $0.lowercased() })
    }

    /// The CORS fields of an error the engine answers before a request is understood (a 400, 408, 431, a
    /// shed 503): its `Origin` may not have been read, so only what holds for every origin is sent — `*`
    /// when any origin may read, otherwise `Vary: Origin` (no origin is echoed that was not seen).
    static func engineErrorFields(allowedOrigins: [String]) -> HTTPHeaders {
        allowedOrigins.contains("*")
            ? ["Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": CORS.exposed]
            : ["Vary": "Origin"]
    }

    func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        let origin = request.headers["Origin"]
        if request.method == .options, request.path != "*" {
            guard let allowed = router.allowedMethods(forPath: request.path) else {
                return router.respond(to: request, context: context)  // 404 (or the fallback's answer)
            }
            var headers = HTTPHeaders()
            headers.add("Allow", (allowed + [.options]).map(\.rawValue).joined(separator: ", "))
            if let origin, let requested = request.headers["Access-Control-Request-Method"] {
                addOriginHeaders(origin, to: &headers)
                let crossOrigin = allowed.filter { $0 == .get || $0 == .head }
                if crossOrigin.contains(where: { $0.rawValue == requested }), isAllowed(origin) {
                    headers.add("Access-Control-Allow-Methods", crossOrigin.map(\.rawValue).joined(separator: ", "))
                    if let asked = request.headers["Access-Control-Request-Headers"] {
                        let ok = asked.split(separator: ",").map { $0.trimmingWhitespace().lowercased() }
                            .filter { CORS.allowedRequestHeaders.contains($0) }
                        if !ok.isEmpty { headers.add("Access-Control-Allow-Headers", ok.joined(separator: ", ")) }
                    }
                    headers.add("Access-Control-Max-Age", "86400")
                }
                headers.add("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers")
            }
            headers.add("Cache-Control", "no-store")
            return HTTPResponse(status: .noContent, headers: headers)
        }
        var response = inner.respond(to: request, context: context)
        if anyOrigin {
            for field in CORS.anyOriginFields { response.headers.add(field) }
        } else {
            if let origin { addOriginHeaders(origin, to: &response.headers) }
            appendVary("Origin", to: &response.headers)
        }
        return response
    }

    private func isAllowed(_ origin: String) -> Bool {
        anyOrigin || origins.contains(origin.lowercased())
    }

    private func addOriginHeaders(_ origin: String, to headers: inout HTTPHeaders) {
        guard isAllowed(origin) else { return }
        headers.add("Access-Control-Allow-Origin", anyOrigin ? "*" : origin)
        headers.add("Access-Control-Expose-Headers", CORS.exposed)
    }

    private func appendVary(_ name: String, to headers: inout HTTPHeaders) {
        if let vary = headers["Vary"] { headers.set("Vary", vary + ", " + name) } else { headers.add("Vary", name) }
    }
}
