// TiesHTTP — an HTTP/1.1 server on POSIX sockets and Dispatch. It knows nothing about the dataset.
//
// # Wiring (what the `ties` executable does)
//
//     var config = ServerConfiguration()                  // production defaults
//     config.host = "::"; config.port = 8080              // from config.json
//     config.limits.maxBodyBytes = ...                    // limits.* and timeouts.* map 1:1 (names below)
//     config.errorResponder = { error in problemJSON(error) }   // every error, one shape (RFC 9457)
//     config.onResponse = { exchange in accessLog(exchange); metrics.record(exchange) }
//
//     var routes = Router.Builder()
//     routes.add(.get, "/api/v1/events") { request, context in ... }
//     routes.add(.get, "/api/v1/events/{id}") { request, context in ... context.parameters["id"] ... }
//     routes.fallback = try StaticFiles(root: "Public")   // dashboard; GET/HEAD, ETag, 304
//     let router = try routes.build()                     // throws on duplicate/malformed patterns
//
//     let server = HTTPServer(configuration: config, responder: CORS(wrapping: router))
//     try server.start()                                  // binds; server.port is the bound port
//     server.shutdownOnSignals()                          // SIGTERM/SIGINT → graceful shutdown
//     server.waitUntilStopped()
//
// # Types
//
// - `HTTPServer(configuration:responder:)`: `start() throws(SocketError)`, `port`, `stats` (`ServerStats`:
//   open/accepted/rejected connections), `shutdown(gracePeriod: Duration? = nil)` (blocks; graceful),
//   `shutdownOnSignals(_:)` (default SIGTERM, SIGINT), `waitUntilStopped()`.
// - `protocol HTTPResponder: Sendable { func respond(to: HTTPRequest, context: RequestContext) -> HTTPResponse }`,
//   called synchronously on the connection's worker thread. `ClosureResponder` wraps a closure.
// - `HTTPRequest`: `method`, `version`, `target` (raw), `path` (raw, percent-encoded), `queryItems`
//   (decoded, ordered, repeats kept), `headers`, `body: [UInt8]`, `remoteAddress`, `peer` (IPAddress); `query(_:)`,
//   `queryValues(_:)`. `init(method:target:...) throws(HTTPError)` builds one in tests.
// - `RequestContext`: `requestID` (client's sane `X-Request-Id` or a generated one), `parameters`
//   (`PathParameters`, decoded, `parameters["id"]`), `route` (matched pattern or nil), `receivedAt`.
// - `HTTPResponse(status:headers:body:)`, `body: ResponseBody` = `.empty` | `.bytes([UInt8])` (shared, no
//   copy) | `.stream(ResponseStream)` (chunked, pulled under backpressure); `route` (set by `Router`, reported
//   in `CompletedExchange`); `HTTPResponse.error(HTTPError)` defers rendering to the server's
//   `errorResponder`; `renderingError(with:)` renders one the same way (for tests or middleware).
// - `HTTPError`: `status`, `detail`, `method?`, `target?`, `requestID?`, `headers` (e.g. `Allow`).
//   `HTTPError.plainTextResponder` is the default rendering.
// - `HTTPMethod` (GET … CONNECT), `HTTPVersion`, `HTTPStatus` (code + reason, `.notFound` …), `HTTPHeaders`
//   (ordered, duplicates kept, case-insensitive `subscript`, `values(for:)`, `add`, `set`, `remove`,
//   `contains`).
// - `Router` (`Router.Builder`, `add(_:_:_:)`, `fallback`, `build()`): literal beats parameter, 404 vs 405 +
//   `Allow`, automatic HEAD, `OPTIONS *`, `allowedMethods(forPath:)` for CORS, `routes` for an OpenAPI
//   comparison.
// - `StaticFiles(root:options:)`: folder preloaded into memory, `rescan()`, content types, strong ETag,
//   `If-None-Match` → 304, `Cache-Control` (`Options.cacheControl`), nothing outside the root.
// - `CompletedExchange` (to `onResponse`, once per response, engine errors included): request id, method,
//   path, route, status, body bytes, elapsed nanoseconds (`Moment`, the engine's monotonic clock), remote address.
// - `RequestParser` (pure value, no I/O) with `RequestHead`, `BodyFraming`, `HTTPParseError` (each kind
//   carries its status): public so the fuzz target and tools can drive it.
//
// # What the server does on its own
//
// Adds `Content-Length` (or `Transfer-Encoding: chunked`; close-delimited for HTTP/1.0), `Date` (cached per
// second), `Server` (`serverName`), `Connection` where needed, and `X-Request-Id` on every response. Drops
// the body of HEAD, 204 and 304 responses. Answers parse errors (400/413/414/431/501/505), 417, 408 on a
// header or body timeout, 503 above `maxConnections`, and 500 for a response that cannot be encoded (a CR
// in a header value), all through `errorResponder`, with `Connection: close` when framing is lost.
// A query that is not percent-encoded UTF-8 is a 400 before the handler runs.
//
// # Configuration keys (config.json → ServerConfiguration, 1:1; see ServerConfiguration.swift)
//
//   limits.maxRequestLineBytes 8192 (414) · limits.maxHeaderBytes 32768 (431) · limits.maxHeaderCount 100
//   (431) · limits.maxBodyBytes 1048576 (413) · limits.maxConnections 10000 (503) ·
//   limits.maxRequestsPerConnection 1000 · limits.maxOutputBufferBytes 1048576 · limits.listenBacklog 1024 ·
//   limits.maxDrainBytes 262144 · timeouts.headerReadSeconds 10 · timeouts.bodyReadSeconds 30 ·
//   timeouts.idleSeconds 60 · timeouts.writeSeconds 30 · timeouts.shutdownGraceSeconds 10 ·
//   shedding.maxQueueDelaySeconds 0.5 (503 + Retry-After before the handler runs for a request that has
//   waited longer since the kernel received it; 0 off) · shedding.retryAfterSeconds 1 · shedding.exemptPaths
//
// # Threads
//
// One acceptor queue (Dispatch); connections spread round-robin over `workerCount` worker threads (default:
// CPUs in the affinity mask). Each worker's sockets sit in its own epoll set, and the worker's own thread
// waits in `epoll_wait` and serves what is ready, as nginx's workers and NIO's event loops do (a Dispatch
// source per socket cost two thread switches per request; one per worker still went through Dispatch's
// manager thread at every wake-up and hopped between its pool's threads; see Worker.swift). A connection's
// parsing, handler call and writes all run on its worker's thread; a slow handler delays only the
// connections on the same worker. Other threads hand a worker work with `async`/`sync`. Every public type is `Sendable`; closures handed to the
// server are `@Sendable` and never run on the main actor. `shutdownOnSignals()` installs SIGTERM/SIGINT
// handlers from library code (a handler closure written in main.swift would be main-actor isolated and
// trap when Dispatch runs it).
//
// # Files
//
// RequestParser (bytes → heads and bodies) · ResponseEncoder (head bytes, framing) · OutputQueue (one
// sendmsg for heads and bodies) · Connection (one socket's state and I/O) · ConnectionState (phases and
// deadlines) · Worker (a thread, its epoll loop and its shared buffers) · Acceptor · HTTPServer · Router ·
// StaticFiles · Sockets/Socket, Sockets/Epoll and Sockets/ReceiveTime (the only libc socket calls) ·
// Clients/IPAddress (addresses, CIDRs), Clients/ClientAddress (who a client is behind trusted proxies),
// Clients/RateLimiter (per-client token buckets, bounded memory) — used by the API's rate limit ·
// MallocArenas (one malloc arena per worker, set by `start()`) · StringBytes (bytes of strings and arrays
// appended without reference-count traffic).
