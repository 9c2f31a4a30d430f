import TiesHTTP

/// Per-client rate limit settings (config.json `rateLimit`).
public struct RateLimitOptions: Sendable, Equatable {
    /// Sustained requests per second one client may make.
    public var requestsPerSecond: Double = 20
    /// Requests a client may make at once after being quiet (the bucket's size).
    public var burst: Int = 200
    /// Proxies whose forwarding header is believed (CIDRs). Empty: every client is its peer address.
    public var trustedProxies: [CIDR] = []
    /// The header those proxies write.
    public var forwardedHeader: ClientAddressResolver.Header = .xForwardedFor
    /// Paths never limited: exact, or a prefix when ending in `*`. Probes and metrics by default, so a
    /// monitoring system behind one address is never told to go away.
    public var exempt: [String] = ["/healthz", "/readyz", "/metrics"]
    /// Clients tracked at once before the oldest buckets are forgotten (bounds memory).
    public var maxClients: Int = 100_000

    public init() {}
}

/// The per-client rate limit as a responder layer: every request from a client takes a token from its
/// bucket; without one it is answered `429` with a problem document and a `Retry-After` that is the true
/// time until a token is there. Every limited response tells the client its standing with the IETF
/// `RateLimit-Policy` and `RateLimit` fields (draft-ietf-httpapi-ratelimit-headers-10), so a well-behaved
/// client paces itself and never sees a 429.
///
/// Token bucket in the draft's terms: the policy's quota `q` is the burst and its window `w` the seconds an
/// empty bucket takes to fill (so `q/w` is the sustained rate); `r` is the requests left now and `t` the
/// seconds until one more is available.
struct RateLimiting: HTTPResponder {
    let inner: any HTTPResponder
    let limiter: RateLimiter
    let resolver: ClientAddressResolver
    let exempt: PathList
    let metrics: Metrics
    /// `RateLimit-Policy`, the same on every response.
    let policyField: PreparedField
    /// `RateLimit` for every `r` with `t=1` (up to 1,000), the usual answer while a bucket refills within a
    /// second: made and encoded once, so a response costs a lookup, not a string built and checked.
    let fieldsWithinASecond: [PreparedField]

    static let policyName = "per-client"

    init(wrapping inner: any HTTPResponder, options: RateLimitOptions, limiter: RateLimiter, metrics: Metrics) {
        self.inner = inner
        self.limiter = limiter
        self.metrics = metrics
        resolver = ClientAddressResolver(trustedProxies: options.trustedProxies, header: options.forwardedHeader)
        exempt = PathList(options.exempt)
        let window = Int(limiter.policy.windowSeconds.rounded(.up))
        policyField = PreparedField("RateLimit-Policy", "\"\(RateLimiting.policyName)\";q=\(limiter.policy.burst);w=\(max(1, window))")!
        fieldsWithinASecond = (0...min(limiter.policy.burst, 1_000)).map { PreparedField("RateLimit", RateLimiting.field(remaining: $0, seconds: 1))! }
    }

    /// Built by concatenation: interpolating integers goes through `CustomStringConvertible` casts, which
    /// cost more than the rest of the limiter (measured with callgrind).
    static func field(remaining: Int, seconds: Int) -> String {
        var field = "\"per-client\";r="
        field += String(remaining)
        field += ";t="
        field += String(seconds)
        return field
    }

    func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        if exempt.contains(request.path) { return inner.respond(to: request, context: context) }
        guard let peer = request.peer else {
            return inner.respond(to: request, context: context)  // not an IP peer (a test double); nothing to key on
        }
        let client = ClientKey.of(resolver.client(peer: peer, headers: request.headers))
        let decision = limiter.take(client)
        let seconds = RateLimiting.wholeSeconds(decision.nanosecondsUntilNext)
        guard decision.allowed else {
            metrics.recordRateLimited()
            let policy = limiter.policy
            var response = Problem(status: .tooManyRequests, type: "/problems/rate-limited", title: "Too many requests",
                                   detail: "This client (\(ClientKey.describe(client))) may make up to \(policy.burst) requests at once and \(RateLimiting.number(policy.ratePerSecond)) a second after that; the next request will be answered in \(seconds) s.",
                                   instance: request.target)
                .response(requestID: context.requestID)
            response.headers.add("Retry-After", String(max(1, seconds)))
            addFields(to: &response.headers, remaining: 0, seconds: max(1, seconds))
            return response
        }
        var response = inner.respond(to: request, context: context)
        addFields(to: &response.headers, remaining: decision.remaining, seconds: seconds)
        return response
    }

    private func addFields(to headers: inout HTTPHeaders, remaining: Int, seconds: Int) {
        headers.add(policyField)
        if seconds == 1 && remaining < fieldsWithinASecond.count {
            headers.add(fieldsWithinASecond[remaining])
        } else {
            headers.add("RateLimit", RateLimiting.field(remaining: remaining, seconds: seconds))
        }
    }

    /// Rounded up: a client that waits the number it was told always finds a token.
    static func wholeSeconds(_ nanoseconds: Int64) -> Int {
        Int((nanoseconds + 999_999_999) / 1_000_000_000)
    }

    static func number(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(d)
    }
}

/// What one bucket belongs to: an IPv4 address, or an IPv6 /64 — the block one subscriber is given (RFC
/// 6177), so a client cannot mint itself 2^64 fresh buckets by changing the low bits of its address.
enum ClientKey {
    static func of(_ address: IPAddress) -> IPAddress {
        address.isIPv4 ? address : address.masked(to: 64)
    }

    static func describe(_ key: IPAddress) -> String {
        key.isIPv4 ? key.description : "\(key)/64"
    }
}
