import FoundationEssentials
import Glibc
import Synchronization
import TiesHTTP

/// Request metrics in the Prometheus text exposition format (version 0.0.4).
///
/// Labels are bounded on purpose: `route` is the matched route *pattern* (`/api/v1/events/{id}`), never the
/// raw path, and unmatched requests share one label, so a scanner probing random URLs cannot blow up
/// the series count. One lock acquisition per response; the engine's connection queues rarely contend.
public final class Metrics: Sendable {
    /// Upper bounds of the latency histogram, in seconds: sub-millisecond is where Ties lives, the tail is
    /// where a stalled machine shows.
    static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    /// A response's method (nil: the request line did not parse) and status, within its route.
    private struct StatusKey: Hashable {
        var method: HTTPMethod?
        var status: Int

        var methodLabel: String { method?.rawValue ?? "UNPARSED" }
    }

    /// Everything counted for one route pattern, so a response costs one lookup of its route (hashing the
    /// pattern three times, once per series, was most of the recording's cost).
    private struct RouteStats {
        /// By method and status: a route answers with a handful, so a list searched in order beats hashing.
        var requests: [(key: StatusKey, count: UInt64)] = []
        var bytes: UInt64 = 0
        var latency = Histogram()

        mutating func record(_ key: StatusKey, bytes: Int, bucket: Int?, seconds: Double) {
            if let i = requests.firstIndex(where: { $0.key == key }) { requests[i].count += 1 } else { requests.append((key, 1)) }
            self.bytes += UInt64(bytes)
            latency.add(bucket: bucket, seconds: seconds)
        }
    }

    private struct Histogram {
        var counts = [UInt64](repeating: 0, count: Metrics.latencyBuckets.count)
        var sum = 0.0
        var total: UInt64 = 0

        mutating func add(bucket: Int?, seconds: Double) {
            if let bucket { counts[bucket] += 1 }
            sum += seconds
            total += 1
        }
    }

    private struct State {
        /// Each route label's stats, in first-seen order, and where each label's are.
        var stats: [(route: String, stats: RouteStats)] = []
        var position: [String: Int] = [:]
        /// Labels seen lately, in slots chosen by the label's representation, with their stats' position.
        /// The router hands every response of a route the same `String`, and `==` on the same `String`
        /// compares no bytes: a response costs one comparison here instead of hashing its label (SipHash over
        /// ~25 bytes and a probe were most of `record`'s 1,500 instructions a request). A miss asks `position`.
        var recent = [(route: String, at: Int)?](repeating: nil, count: 64)
        var reloads: [String: UInt64] = ["success": 0, "failure": 0]

        mutating func positionOf(_ route: String, slot: Int) -> Int {
            if let seen = recent[slot], seen.route == route { return seen.at }
            let at: Int
            if let known = position[route] {
                at = known
            } else {
                at = stats.count
                stats.append((route, RouteStats()))
                position[route] = at
            }
            recent[slot] = (route, at)
            return at
        }
    }

    /// A slot in `State.recent` from a label's representation (its bytes, when short; else its storage's
    /// address and length), read as words and mixed.
    private static func recentSlot(_ route: String) -> Int {
        withUnsafeBytes(of: route) { raw in
            var mixed: UInt64 = 0
            var offset = 0
            while offset + 8 <= raw.count {
                mixed = (mixed ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                mixed ^= mixed >> 29
                offset += 8
            }
            return Int(truncatingIfNeeded: mixed >> 58)
        }
    }

    private let state = Mutex(State())
    private let rateLimited = Atomic<Int>(0)
    private let startTime = Date()

    public init() {}

    /// The label for requests no route matched (static files, 404s).
    static let unmatchedRoute = "(unmatched)"

    /// Feeds one finished exchange; wire it to `ServerConfiguration.onResponse`.
    public func record(_ exchange: CompletedExchange) {
        let route = exchange.route ?? Metrics.unmatchedRoute
        let key = StatusKey(method: exchange.method, status: exchange.status.code)
        let seconds = Double(exchange.elapsedNanoseconds) * 1e-9
        let bucket = Metrics.latencyBuckets.firstIndex { seconds <= $0 }
        let slot = Metrics.recentSlot(route)
        state.withLock { s in
            let at = s.positionOf(route, slot: slot)
            // In place: a copy of the stats would copy the histogram's buckets.
            s.stats[at].stats.record(key, bytes: exchange.bodyBytes, bucket: bucket, seconds: seconds)
        }
    }

    /// Counts a request answered 429 by the per-client rate limit.
    public func recordRateLimited() {
        rateLimited.add(1, ordering: .relaxed)
    }

    public func recordReload(success: Bool) {
        state.withLock { $0.reloads[success ? "success" : "failure", default: 0] += 1 }
    }

    /// Facts about the serving snapshot and the server that are read, not counted.
    public struct Gauges: Sendable {
        public var openConnections: Int
        public var acceptedConnections: Int
        public var rejectedConnections: Int
        public var datasetVersion: String
        public var datasetLoadSeconds: Double
        public var datasetLoadedAt: Date
        public var recordCounts: [(kind: String, count: Int)]
        /// The outcome of the last load or reload (the first load counts as one), for "last reload failed" alerts.
        public var lastReloadSucceeded: Bool
        public var lastReloadAt: Date
        public var draining: Bool
        /// Requests the engine answered 503 because they had waited too long (load shedding).
        public var shedRequests: Int
        /// Clients the rate limiter holds a bucket for; nil when there is no rate limit.
        public var rateLimitClients: Int?
        public var rateLimitEvictions: Int
        /// Prepared documents kept for the serving dataset, their bytes, and the limit (`limits.maxPreparedBytes`).
        public var prepared: (documents: Int, bytes: Int, maxBytes: Int)
        public init(openConnections: Int, acceptedConnections: Int, rejectedConnections: Int = 0, datasetVersion: String,
                    datasetLoadSeconds: Double, datasetLoadedAt: Date, recordCounts: [(kind: String, count: Int)],
                    lastReloadSucceeded: Bool = true, lastReloadAt: Date? = nil, draining: Bool = false,
                    shedRequests: Int = 0, rateLimitClients: Int? = nil, rateLimitEvictions: Int = 0,
                    prepared: (documents: Int, bytes: Int, maxBytes: Int) = (0, 0, 0)) {
            self.prepared = prepared
            self.openConnections = openConnections
            self.acceptedConnections = acceptedConnections
            self.rejectedConnections = rejectedConnections
            self.datasetVersion = datasetVersion
            self.datasetLoadSeconds = datasetLoadSeconds
            self.datasetLoadedAt = datasetLoadedAt
            self.recordCounts = recordCounts
            self.lastReloadSucceeded = lastReloadSucceeded
            self.lastReloadAt = lastReloadAt ?? datasetLoadedAt
            self.draining = draining
            self.shedRequests = shedRequests
            self.rateLimitClients = rateLimitClients
            self.rateLimitEvictions = rateLimitEvictions
        }
    }

    /// The exposition text, series sorted so two scrapes diff cleanly.
    public func render(_ gauges: Gauges) -> String {
        let s = state.withLock { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        /// A family of one unlabelled sample: the name is written once, so HELP, TYPE and sample cannot disagree.
        func single(_ name: String, _ type: String, _ help: String, _ value: String) {
            family(name, type, help)
            out += "\(name) \(value)\n"
        }
        family("ties_http_requests_total", "counter", "HTTP responses sent, by route pattern, method and status.")
        let routes = s.stats.sorted(by: { $0.route < $1.route })
        for (route, stats) in routes {
            for (k, v) in stats.requests.sorted(by: { ($0.key.methodLabel, $0.key.status) < ($1.key.methodLabel, $1.key.status) }) {
                out += "ties_http_requests_total{route=\"\(escape(route))\",method=\"\(k.methodLabel)\",status=\"\(k.status)\"} \(v)\n"
            }
        }
        family("ties_http_response_body_bytes_total", "counter", "Response body bytes sent, by route pattern.")
        for (route, stats) in routes {
            out += "ties_http_response_body_bytes_total{route=\"\(escape(route))\"} \(stats.bytes)\n"
        }
        family("ties_http_request_duration_seconds", "histogram", "Time from a request's first byte to its response being queued, by route pattern.")
        for (route, h) in routes.map({ ($0.route, $0.stats.latency) }) {
            var cumulative: UInt64 = 0
            for (i, bound) in Metrics.latencyBuckets.enumerated() {
                cumulative += h.counts[i]
                out += "ties_http_request_duration_seconds_bucket{route=\"\(escape(route))\",le=\"\(formatBound(bound))\"} \(cumulative)\n"
            }
            out += "ties_http_request_duration_seconds_bucket{route=\"\(escape(route))\",le=\"+Inf\"} \(h.total)\n"
            out += "ties_http_request_duration_seconds_sum{route=\"\(escape(route))\"} \(h.sum)\n"
            out += "ties_http_request_duration_seconds_count{route=\"\(escape(route))\"} \(h.total)\n"
        }
        single("ties_http_connections_open", "gauge", "Client connections open now.", "\(gauges.openConnections)")
        single("ties_http_connections_accepted_total", "counter", "Client connections accepted since start.", "\(gauges.acceptedConnections)")
        single("ties_http_connections_rejected_total", "counter", "Client connections answered 503 and closed because limits.maxConnections were open.", "\(gauges.rejectedConnections)")
        single("ties_http_requests_shed_total", "counter", "Requests answered 503 with Retry-After because they had waited longer than shedding.maxQueueDelaySeconds.", "\(gauges.shedRequests)")
        single("ties_http_rate_limited_total", "counter", "Requests answered 429 because their client had no token left (rateLimit).", "\(rateLimited.load(ordering: .relaxed))")
        if let clients = gauges.rateLimitClients {
            single("ties_rate_limit_clients", "gauge", "Clients holding a rate-limit bucket that is not full (what the limiter keeps in memory).", "\(clients)")
            single("ties_rate_limit_evictions_total", "counter", "Buckets forgotten early because rateLimit.maxClients were tracked.", "\(gauges.rateLimitEvictions)")
        }
        single("ties_draining", "gauge", "1 from SIGTERM until exit (/readyz answers 503), else 0.", "\(gauges.draining ? 1 : 0)")
        family("ties_dataset_info", "gauge", "The dataset version being served (always 1; the version is the label).")
        out += "ties_dataset_info{version=\"\(escape(gauges.datasetVersion))\"} 1\n"
        single("ties_dataset_load_duration_seconds", "gauge", "How long loading and validating the serving dataset took.", "\(gauges.datasetLoadSeconds)")
        single("ties_dataset_loaded_timestamp_seconds", "gauge", "When the serving dataset was loaded (Unix time).", "\(gauges.datasetLoadedAt.timeIntervalSince1970)")
        family("ties_dataset_records", "gauge", "Records in the serving dataset, by kind.")
        for (kind, count) in gauges.recordCounts {
            out += "ties_dataset_records{kind=\"\(escape(kind))\"} \(count)\n"
        }
        single("ties_prepared_documents", "gauge", "Documents of the serving dataset made on first request and kept (a record by id, a first page).", "\(gauges.prepared.documents)")
        single("ties_prepared_bytes", "gauge", "Bytes those documents hold, with their compressed variants; at limits.maxPreparedBytes no more are kept.", "\(gauges.prepared.bytes)")
        single("ties_prepared_max_bytes", "gauge", "limits.maxPreparedBytes.", "\(gauges.prepared.maxBytes)")
        family("ties_dataset_reloads_total", "counter", "Dataset reloads attempted since start, by result.")
        for (result, v) in s.reloads.sorted(by: { $0.key < $1.key }) {
            out += "ties_dataset_reloads_total{result=\"\(result)\"} \(v)\n"
        }
        single("ties_dataset_last_reload_success", "gauge", "1 when the last load or reload succeeded, 0 when it was refused (the previous dataset still serves).", "\(gauges.lastReloadSucceeded ? 1 : 0)")
        single("ties_dataset_last_reload_timestamp_seconds", "gauge", "When the last load or reload was attempted (Unix time).", "\(gauges.lastReloadAt.timeIntervalSince1970)")
        single("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.", "\(startTime.timeIntervalSince1970)")
        if let memory = ProcessStats.memoryBytes() {
            single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", "\(memory.resident)")
            single("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", "\(memory.virtual)")
        }
        if let fds = ProcessStats.openFileDescriptors() {
            single("process_open_fds", "gauge", "Number of open file descriptors.", "\(fds)")
        }
        if let max = ProcessStats.maxFileDescriptors() {
            single("process_max_fds", "gauge", "Maximum number of open file descriptors.", "\(max)")
        }
        if let cpu = ProcessStats.cpuSeconds() {
            single("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", "\(cpu)")
        }
        return out
    }

    /// Label values escape backslash, quote and newline (exposition format rules).
    private func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    private func formatBound(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? "\(Int64(d)).0" : String(d)
    }
}

/// Reads this process's own figures from /proc (Linux); nil where unavailable.
enum ProcessStats {
    /// VmRSS and VmSize from /proc/self/status.
    static func memoryBytes() -> (resident: Int, virtual: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        var resident: Int?
        var virtual: Int?
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") || line.hasPrefix("VmSize:") {
            let kb = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            if line.hasPrefix("VmRSS:") { resident = kb.map { $0 * 1024 } } else { virtual = kb.map { $0 * 1024 } }
        }
        guard let resident, let virtual else { return nil }
        return (resident, virtual)
    }

    static func maxFileDescriptors() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return Int(limit.rlim_cur)
    }

    static func openFileDescriptors() -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map(\.count)
    }

    static func cpuSeconds() -> Double? {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return nil }
        func secs(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return secs(usage.ru_utime) + secs(usage.ru_stime)
    }
}
