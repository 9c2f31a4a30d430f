import Dispatch
import FoundationEssentials
import Glibc
import TiesAPI
import TiesCore
import TiesHTTP

/// Runs the service: loads the dataset, wires API, dashboard, logging and signals onto the engine, and
/// blocks until a graceful shutdown completes. Nonisolated on purpose: every closure made here runs on
/// Dispatch queues, and closures formed in main.swift's top-level code would be main-actor isolated.
enum Server {
    static func run(_ options: Options) -> Int32 {
        let config = options.config
        let log = Log(level: config.logLevel)
        defer { log.flush() }

        let source: DatasetSource = config.dataDirectory.map { .directory($0) } ?? .embedded
        let state: ServingState
        do {
            state = try ServingState(source: source, maxPreparedBytes: config.limits.maxPreparedBytes)
        } catch {
            log.error("dataset refused; not starting", [("source", .string(source.description)), ("errors", .int(error.errors.count))])
            for e in error.errors { log.error(e.description) }
            return 1
        }

        var apiOptions = APIOptions()
        apiOptions.corsAllowedOrigins = config.corsAllowedOrigins
        apiOptions.cacheMaxAgeSeconds = config.cacheMaxAgeSeconds
        apiOptions.reloadToken = config.reloadToken
        apiOptions.publicBaseURL = config.publicBaseURL
        apiOptions.embedFrameAncestors = config.embedFrameAncestors
        if config.rateLimit.enabled {
            var limit = RateLimitOptions()
            limit.requestsPerSecond = config.rateLimit.requestsPerSecond
            limit.burst = config.rateLimit.burst
            limit.trustedProxies = config.rateLimit.trustedProxies.compactMap(CIDR.init)
            limit.forwardedHeader = config.rateLimit.forwardedHeader
            limit.exempt = config.rateLimit.exempt
            limit.maxClients = config.rateLimit.maxClients
            apiOptions.rateLimit = limit
        }
        let api = API(state: state, options: apiOptions)
        api.onReload { result in logReload(result, log: log) }

        let dashboard = loadDashboard(config.publicDirectory, log: log)

        let responder: any HTTPResponder
        do {
            responder = try api.responder(fallback: dashboard)
        } catch {
            log.error("routes do not build", [("reason", .string(error.description))])
            return 1
        }

        var server = ServerConfiguration()
        server.host = config.host
        server.port = config.port
        server.limits.maxRequestLineBytes = config.limits.maxRequestLineBytes
        server.limits.maxHeaderBytes = config.limits.maxHeaderBytes
        server.limits.maxHeaderCount = config.limits.maxHeaderCount
        server.limits.maxBodyBytes = config.limits.maxBodyBytes
        server.limits.maxConnections = config.limits.maxConnections
        server.limits.maxRequestsPerConnection = config.limits.maxRequestsPerConnection
        server.limits.maxOutputBufferBytes = config.limits.maxOutputBufferBytes
        server.limits.listenBacklog = config.limits.listenBacklog
        server.limits.maxDrainBytes = config.limits.maxDrainBytes
        server.timeouts.headerReadSeconds = config.timeouts.headerReadSeconds
        server.timeouts.bodyReadSeconds = config.timeouts.bodyReadSeconds
        server.timeouts.idleSeconds = config.timeouts.idleSeconds
        server.timeouts.writeSeconds = config.timeouts.writeSeconds
        server.timeouts.shutdownGraceSeconds = config.timeouts.shutdownGraceSeconds
        server.shedding.maxQueueDelaySeconds = config.shedding.maxQueueDelaySeconds
        server.shedding.retryAfterSeconds = config.shedding.retryAfterSeconds
        server.shedding.exemptPaths = config.shedding.exempt
        server.errorResponder = api.errorResponder
        let metrics = api.metrics
        if config.accessLog {
            server.onResponse = { exchange in
                metrics.record(exchange)
                AccessLog.withLine(exchange) { log.write($0) }
            }
        } else {
            server.onResponse = { metrics.record($0) }
        }

        let http = HTTPServer(configuration: server, responder: responder)
        do {
            try http.start()
        } catch {
            log.error("cannot listen", [("host", .string(config.host)), ("port", .int(config.port)), ("reason", .string("\(error)"))])
            return 1
        }
        api.reportStats { http.stats }

        let served = state.served
        let counts = served.snapshot.counts
        log.info("listening", [("address", .string(displayAddress(config.host, http.port))), ("port", .int(http.port)),
                               ("config", .string(options.configFile ?? "(defaults)"))])
        log.info("dataset loaded", [("source", .string(source.description)), ("datasetVersion", .string(served.version)),
                                    ("loadMs", .double(milliseconds(served.loadDuration))),
                                    ("sources", .int(counts.sources)), ("events", .int(counts.events)), ("leaders", .int(counts.leaders)),
                                    ("partnershipLevels", .int(counts.partnershipLevels)), ("citations", .int(counts.citations))])
        if let dashboard { log.info("dashboard", [("publicDirectory", .string(dashboard.root)), ("files", .int(dashboard.files.count))]) }
        log.info(config.reloadToken == nil ? "reload on SIGHUP (POST /admin/reload disabled: no reloadToken)" : "reload on SIGHUP or POST /admin/reload")
        log.flush()

        let signals = Signals()
        signals.on(SIGHUP) {
            log.info("SIGHUP: reloading", [("source", .string(source.description))])
            api.reload()
            try? dashboard?.rescan()
        }
        let shutdown = GracefulShutdown(state: state, server: http,
                                        delay: .nanoseconds(Int64(config.timeouts.shutdownDelaySeconds * 1e9)))
        for number in [SIGTERM, SIGINT] {
            signals.on(number) {
                if shutdown.begin() {
                    log.info("shutting down: /readyz answers 503 now, the listener closes after the delay",
                             [("signal", .int(Int(number))), ("delaySeconds", .double(config.timeouts.shutdownDelaySeconds)),
                              ("graceSeconds", .double(config.timeouts.shutdownGraceSeconds))])
                } else {
                    log.info("shutting down now: second signal", [("signal", .int(Int(number)))])
                }
                log.flush()
            }
        }
        shutdown.waitUntilDone()
        log.info("stopped", [("connectionsAccepted", .int(http.stats.acceptedConnections))])
        return 0
    }

    static func loadDashboard(_ directory: String?, log: Log) -> StaticFiles? {
        guard let directory else { return nil }
        do {
            return try StaticFiles(root: directory)
        } catch {
            log.warning("dashboard not served", [("publicDirectory", .string(directory)), ("reason", .string(error.description))])
            return nil
        }
    }

    static func logReload(_ result: ReloadResult, log: Log) {
        if result.succeeded {
            log.info("dataset reloaded", [("datasetVersion", .string(result.version)), ("ms", .double(milliseconds(result.duration)))])
        } else {
            log.error("dataset reload refused; still serving the previous version",
                      [("datasetVersion", .string(result.version)), ("errors", .int(result.errors.count))])
            for e in result.errors { log.error(e.description) }
        }
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
    }

    static func displayAddress(_ host: String, _ port: Int) -> String {
        let shown = (host == "::" || host == "0.0.0.0") ? "localhost" : (host.contains(":") ? "[\(host)]" : host)
        return "http://\(shown):\(port)"
    }
}

/// Keeps Dispatch signal sources alive for the life of the process.
final class Signals: @unchecked Sendable {
    // Only appended to from the thread that runs `Server.run`, before it blocks.
    private var sources: [any DispatchSourceSignal] = []

    func on(_ number: Int32, _ handler: @escaping @Sendable () -> Void) {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
        sources.append(source)
    }
}
