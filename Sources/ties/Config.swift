import FoundationEssentials
import TiesAPI
import TiesCore
import TiesHTTP

/// Everything an operator can set, with production defaults. `config.json` maps onto it one to one
/// (same key names); flags and the `PORT` variable override it. Every field is documented in README.md.
struct Config: Equatable {
    var host = "::"
    var port = 8080
    /// A dataset directory replacing the embedded one; nil serves the dataset built into the binary.
    var dataDirectory: String? = nil
    /// The dashboard; a missing folder is reported at start and only the API is served.
    var publicDirectory: String? = "Public"
    /// Origins allowed by CORS; `["*"]` lets any page read the API (it is public, read-only data).
    var corsAllowedOrigins = ["*"]
    /// `Cache-Control: max-age=N` on API responses.
    var cacheMaxAgeSeconds = 60
    var logLevel = LogLevel.info
    var accessLog = true
    /// Bearer token for `POST /admin/reload`; nil disables the endpoint. `TIES_RELOAD_TOKEN` overrides.
    var reloadToken: String? = nil
    /// `http(s)://host[:port][/prefix]` for the absolute links of the ICS, Atom, JSON-LD and CSV formats;
    /// nil builds them from each request's `Host` with `http://`. Set it behind TLS or a reverse proxy.
    var publicBaseURL: String? = nil
    /// Who may frame the embed cards (`/embed/…`): CSP `frame-ancestors` sources. `*` lets any site's story
    /// embed a card (what a public data service wants); list origins to restrict it.
    var embedFrameAncestors = ["*"]
    var limits = Limits()
    var timeouts = Timeouts()
    var rateLimit = RateLimit()
    var shedding = Shedding()

    /// Per-client token buckets (docs/deploying.md, "Rate limits"). The defaults suit a public read API
    /// reached directly: 20 requests a second sustained is far above what a person with the dashboard makes
    /// (about a dozen requests per page), and a burst of 200 lets a newsroom behind one NAT address load it
    /// together; a scraper gets its fair share and no more.
    struct RateLimit: Equatable {
        var enabled = true
        var requestsPerSecond = 20.0
        var burst = 200
        /// CIDRs of proxies whose forwarding header is believed; empty: every client is its peer address.
        var trustedProxies: [String] = []
        var forwardedHeader = ClientAddressResolver.Header.xForwardedFor
        var exempt = ["/healthz", "/readyz", "/metrics"]
        var maxClients = 100_000
    }

    /// Load shedding (docs/deploying.md, "Overload").
    struct Shedding: Equatable {
        /// 0 disables shedding.
        var maxQueueDelaySeconds = 0.5
        var retryAfterSeconds = 1
        var exempt = ["/healthz", "/readyz", "/metrics"]
    }

    struct Limits: Equatable {
        var maxRequestLineBytes = 8 * 1024
        var maxHeaderBytes = 32 * 1024
        var maxHeaderCount = 100
        var maxBodyBytes = 1024 * 1024
        var maxConnections = 10_000
        var maxRequestsPerConnection = 1_000
        var maxOutputBufferBytes = 1024 * 1024
        var listenBacklog = 1_024
        var maxDrainBytes = 256 * 1024
        /// Bytes of prepared documents (records, first pages) a snapshot keeps once made; past it they are
        /// computed per request. See `ServingState.defaultMaxPreparedBytes`.
        var maxPreparedBytes = ServingState.defaultMaxPreparedBytes
    }

    struct Timeouts: Equatable {
        var headerReadSeconds = 10.0
        var bodyReadSeconds = 30.0
        var idleSeconds = 60.0
        var writeSeconds = 30.0
        var shutdownGraceSeconds = 10.0
        /// After SIGTERM, how long `/readyz` answers 503 while everything is still served, before the listener
        /// closes: the time a load balancer or Kubernetes needs to stop routing here. 0 closes at once.
        var shutdownDelaySeconds = 0.0
    }

    enum LogLevel: String, CaseIterable, Comparable {
        case debug, info, warning, error
        static func < (a: LogLevel, b: LogLevel) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
}

/// A problem with the configuration, naming where it is (`config.json: limits.maxHeaderBytes`).
struct ConfigProblem: Error, CustomStringConvertible, Equatable {
    var location: String
    var message: String
    var description: String { "\(location): \(message)" }
}

/// Every problem found, so an operator fixes them in one pass instead of one per restart.
struct ConfigErrors: Error, Equatable {
    var problems: [ConfigProblem]
}

extension Config {
    /// Reads `config.json` text strictly: unknown keys and bad values are all reported, none ignored.
    /// Relative directories are resolved against `baseDirectory` (the config file's folder).
    static func parse(json data: Data, file: String, baseDirectory: String) throws(ConfigErrors) -> Config {
        let root: DatasetJSON.Value
        do {
            root = try DatasetJSON.parse([UInt8](data))
        } catch {
            throw ConfigErrors(problems: [ConfigProblem(location: file, message: "not valid JSON (\(error.description))")])
        }
        guard case .object(let object) = root else {
            throw ConfigErrors(problems: [ConfigProblem(location: file, message: "must be a JSON object")])
        }
        var reader = ObjectReader(file: file, path: "", object: object)
        var config = Config()
        reader.string("host", into: &config.host, rule: "a host name or IP address", valid: { !$0.isEmpty })
        reader.int("port", into: &config.port, range: 0...65_535)
        reader.optionalString("dataDirectory", into: &config.dataDirectory)
        reader.optionalString("publicDirectory", into: &config.publicDirectory)
        reader.stringList("corsAllowedOrigins", into: &config.corsAllowedOrigins, valid: isOrigin,
                          rule: "\"*\" or origins such as \"https://newsroom.example\"")
        reader.int("cacheMaxAgeSeconds", into: &config.cacheMaxAgeSeconds, range: 0...31_536_000)
        reader.enumeration("logLevel", into: &config.logLevel)
        reader.bool("accessLog", into: &config.accessLog)
        reader.optionalString("reloadToken", into: &config.reloadToken)
        if let token = config.reloadToken, token.count < 16 {
            reader.problems.append(ConfigProblem(location: "\(file): reloadToken", message: "must be at least 16 characters (or null to disable reloads over HTTP)"))
        }
        reader.optionalString("publicBaseURL", into: &config.publicBaseURL)
        if let base = config.publicBaseURL, !isBaseURL(base) {
            reader.problems.append(ConfigProblem(location: "\(file): publicBaseURL", message: "must be an http or https URL such as \"https://ties.example\" or \"https://example.org/ties\", without query or fragment (got \"\(base)\")"))
        }
        reader.stringList("embedFrameAncestors", into: &config.embedFrameAncestors, valid: { $0 == "*" || $0 == "'self'" || $0 == "'none'" || isOrigin($0) },
                          rule: "\"*\", \"'self'\", \"'none'\" or origins such as \"https://cms.newsroom.example\"")
        reader.nested("limits") { r in
            r.int("maxRequestLineBytes", into: &config.limits.maxRequestLineBytes, range: 256...1_048_576)
            r.int("maxHeaderBytes", into: &config.limits.maxHeaderBytes, range: 1_024...16_777_216)
            r.int("maxHeaderCount", into: &config.limits.maxHeaderCount, range: 1...10_000)
            r.int("maxBodyBytes", into: &config.limits.maxBodyBytes, range: 0...1_073_741_824)
            r.int("maxConnections", into: &config.limits.maxConnections, range: 1...1_000_000)
            r.int("maxRequestsPerConnection", into: &config.limits.maxRequestsPerConnection, range: 1...10_000_000)
            r.int("maxOutputBufferBytes", into: &config.limits.maxOutputBufferBytes, range: 4_096...1_073_741_824)
            r.int("listenBacklog", into: &config.limits.listenBacklog, range: 1...65_535)
            r.int("maxDrainBytes", into: &config.limits.maxDrainBytes, range: 0...1_073_741_824)
            r.int("maxPreparedBytes", into: &config.limits.maxPreparedBytes, range: 0...1_099_511_627_776)
        }
        reader.nested("timeouts") { r in
            r.seconds("headerReadSeconds", into: &config.timeouts.headerReadSeconds)
            r.seconds("bodyReadSeconds", into: &config.timeouts.bodyReadSeconds)
            r.seconds("idleSeconds", into: &config.timeouts.idleSeconds)
            r.seconds("writeSeconds", into: &config.timeouts.writeSeconds)
            r.seconds("shutdownGraceSeconds", into: &config.timeouts.shutdownGraceSeconds)
            r.seconds("shutdownDelaySeconds", into: &config.timeouts.shutdownDelaySeconds, allowZero: true)
        }
        reader.nested("rateLimit") { r in
            r.bool("enabled", into: &config.rateLimit.enabled)
            r.number("requestsPerSecond", into: &config.rateLimit.requestsPerSecond, range: 0.001...1_000_000)
            r.int("burst", into: &config.rateLimit.burst, range: 1...10_000_000)
            r.stringList("trustedProxies", into: &config.rateLimit.trustedProxies, valid: { CIDR($0) != nil },
                         rule: "an address or CIDR such as \"10.0.0.0/8\" or \"2001:db8::/32\"", allowEmpty: true)
            r.enumeration("forwardedHeader", into: &config.rateLimit.forwardedHeader)
            r.stringList("exempt", into: &config.rateLimit.exempt, valid: { $0.hasPrefix("/") },
                         rule: "a path beginning with \"/\" (ending in \"*\" for a prefix)", allowEmpty: true)
            r.int("maxClients", into: &config.rateLimit.maxClients, range: 16...100_000_000)
        }
        reader.nested("shedding") { r in
            r.seconds("maxQueueDelaySeconds", into: &config.shedding.maxQueueDelaySeconds, allowZero: true)
            r.int("retryAfterSeconds", into: &config.shedding.retryAfterSeconds, range: 1...86_400)
            r.stringList("exempt", into: &config.shedding.exempt, valid: { $0.hasPrefix("/") },
                         rule: "a path beginning with \"/\" (ending in \"*\" for a prefix)", allowEmpty: true)
        }
        reader.rejectUnknownKeys()
        guard reader.problems.isEmpty else { throw ConfigErrors(problems: reader.problems) }
        config.dataDirectory = config.dataDirectory.map { resolve($0, against: baseDirectory) }
        config.publicDirectory = config.publicDirectory.map { resolve($0, against: baseDirectory) }
        return config
    }

    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    private static func isBaseURL(_ s: String) -> Bool {
        guard let url = URL(string: s), let scheme = url.scheme, ["http", "https"].contains(scheme),
              url.host != nil, url.query == nil, url.fragment == nil else { return false }
        return true
    }

    private static func isOrigin(_ s: String) -> Bool {
        if s == "*" { return true }
        guard let url = URL(string: s), let scheme = url.scheme, ["http", "https"].contains(scheme),
              url.host != nil, url.path.isEmpty, url.query == nil else { return false }
        return true
    }
}

/// Walks one JSON object, reading known keys and remembering which were seen, so that what is
/// left over can be reported as unknown (a typo such as `maxHeaderByte` must not pass silently).
private struct ObjectReader {
    let file: String
    let path: String
    let object: [(String, DatasetJSON.Value)]
    var seen: Set<String> = []
    var problems: [ConfigProblem] = []

    init(file: String, path: String, object: [(String, DatasetJSON.Value)]) {
        self.file = file
        self.path = path
        self.object = object
    }

    private func location(_ key: String) -> String { "\(file): \(path)\(key)" }

    private mutating func value(_ key: String) -> DatasetJSON.Value? {
        seen.insert(key)
        return object.first { $0.0 == key }?.1
    }

    private mutating func fail(_ key: String, _ message: String, got: DatasetJSON.Value) {
        problems.append(ConfigProblem(location: location(key), message: "\(message), got \(describe(got))"))
    }

    mutating func string(_ key: String, into target: inout String, rule: String, valid: (String) -> Bool) {
        guard let raw = value(key) else { return }
        guard let s = raw.string, valid(s) else { return fail(key, "must be \(rule)", got: raw) }
        target = s
    }

    mutating func optionalString(_ key: String, into target: inout String?) {
        guard let raw = value(key) else { return }
        if case .null = raw { target = nil; return }
        guard let s = raw.string, !s.isEmpty else { return fail(key, "must be a non-empty string or null", got: raw) }
        target = s
    }

    mutating func stringList(_ key: String, into target: inout [String], valid: (String) -> Bool, rule: String,
                             allowEmpty: Bool = false) {
        guard let raw = value(key) else { return }
        let strings = raw.array?.compactMap(\.string)
        guard let strings, strings.count == raw.array?.count, allowEmpty || !strings.isEmpty else {
            return fail(key, allowEmpty ? "must be a list of strings" : "must be a non-empty list of strings", got: raw)
        }
        for s in strings where !valid(s) { fail(key, "each entry must be \(rule)", got: .string(s)) }
        target = strings
    }

    mutating func int(_ key: String, into target: inout Int, range: ClosedRange<Int>) {
        guard let raw = value(key) else { return }
        guard let n = numeric(raw), n == n.rounded(), let i = Int(exactly: n), range.contains(i) else {
            return fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)", got: raw)
        }
        target = i
    }

    mutating func seconds(_ key: String, into target: inout Double, allowZero: Bool = false) {
        guard let raw = value(key) else { return }
        guard let n = numeric(raw), allowZero ? n >= 0 : n > 0, n <= 86_400 else {
            return fail(key, "must be a number of seconds \(allowZero ? "from 0" : "greater than 0") and at most 86400", got: raw)
        }
        target = n
    }

    mutating func number(_ key: String, into target: inout Double, range: ClosedRange<Double>) {
        guard let raw = value(key) else { return }
        guard let n = numeric(raw), range.contains(n) else {
            return fail(key, "must be a number from \(range.lowerBound) to \(Int(range.upperBound))", got: raw)
        }
        target = n
    }

    mutating func bool(_ key: String, into target: inout Bool) {
        guard let raw = value(key) else { return }
        guard case .bool(let b) = raw else { return fail(key, "must be true or false", got: raw) }
        target = b
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, into target: inout E) where E.RawValue == String {
        guard let raw = value(key) else { return }
        guard let s = raw.string, let e = E(rawValue: s) else {
            return fail(key, "must be one of \(E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))", got: raw)
        }
        target = e
    }

    mutating func nested(_ key: String, _ body: (inout ObjectReader) -> Void) {
        guard let raw = value(key) else { return }
        guard case .object(let object) = raw else { return fail(key, "must be an object", got: raw) }
        var child = ObjectReader(file: file, path: "\(path)\(key).", object: object)
        body(&child)
        child.rejectUnknownKeys()
        problems += child.problems
    }

    mutating func rejectUnknownKeys() {
        for key in object.map(\.0).sorted() where !seen.contains(key) {
            problems.append(ConfigProblem(location: location(key), message: "unknown key"))
        }
    }

    private func numeric(_ raw: DatasetJSON.Value) -> Double? {
        if case .number(let text) = raw { Double(text) } else { nil }
    }

    private func describe(_ raw: DatasetJSON.Value) -> String {
        switch raw {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let text): text
        case .string(let s): "\"\(s)\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}
