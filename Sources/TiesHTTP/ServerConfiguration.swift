/// Everything the server needs besides its responder. A default value is a production configuration.
public struct ServerConfiguration: Sendable {
    /// Address to bind: `::` (default) is dual-stack IPv6+IPv4, falling back to `0.0.0.0` when the host
    /// has no IPv6; `0.0.0.0`, `127.0.0.1`, `::1`, any literal, or a name resolved once at start.
    public var host: String = "::"
    /// Port to bind; 0 picks a free port, reported by `HTTPServer.port` after `start()`.
    public var port: Int = 8080
    public var limits = Limits()
    public var timeouts = Timeouts()
    public var shedding = Shedding()
    /// Value of the `Server` header added to responses that do not set one; nil sends none, and so does a
    /// value that could not go on the wire (a CR or LF in it).
    public var serverName: String? = "ties"
    /// Worker threads connections are spread over. Default: the CPUs this process may run on
    /// (`sched_getaffinity`), so a server pinned to one core does not pay for thread hand-offs.
    public var workerCount: Int = System.usableCPUCount
    /// Renders every error the server sends (see `HTTPError`). Default: a short `text/plain` body.
    public var errorResponder: @Sendable (HTTPError) -> HTTPResponse = HTTPError.plainTextResponder
    /// Called once per response, on the connection's queue, after it is queued for sending.
    public var onResponse: (@Sendable (CompletedExchange) -> Void)?

    public init() {}

    /// Bounds on what one client may make the server hold. Exceeding one answers with the status named and
    /// closes the connection (framing can no longer be trusted), except `maxRequestsPerConnection`.
    public struct Limits: Sendable, Equatable {
        /// Longest request line (method, target, version; CRLF excluded), in bytes. Default 8 KiB, as nginx's
        /// `large_client_header_buffers`: longer URLs are not ones our API makes. Over it: 414.
        public var maxRequestLineBytes: Int = 8 * 1024
        /// Largest header section (every field line with its CRLF, plus the final CRLF), in bytes; also bounds
        /// a chunked body's trailer section. Default 32 KiB (Go allows 1 MB; browsers send under 8 KiB even
        /// with cookies). Over it: 431.
        public var maxHeaderBytes: Int = 32 * 1024
        /// Most header field lines in one request (and trailer lines in one chunked body). Default 100,
        /// nginx's order of magnitude; NIO's 65,534 only helps attackers. Over it: 431.
        public var maxHeaderCount: Int = 100
        /// Largest request body, in bytes, whether announced by Content-Length or sent chunked; the body is
        /// held in memory. Default 1 MiB: the API reads no uploads. Over it: 413.
        public var maxBodyBytes: Int = 1024 * 1024
        /// Open connections; a connection accepted above it gets a canned 503 and is closed at once. Default
        /// 10,000 (each idle connection costs a Dispatch source and a few hundred bytes).
        public var maxConnections: Int = 10_000
        /// Requests served on one connection before it is closed (the last response says
        /// `Connection: close`). Default 1,000, as nginx's `keepalive_requests`: bounds how long one client
        /// stays on one worker queue.
        public var maxRequestsPerConnection: Int = 1_000
        /// Bytes of responses queued on a connection before the server stops reading (and answering) its
        /// pipelined requests until the client takes some. Default 1 MiB.
        public var maxOutputBufferBytes: Int = 1024 * 1024
        /// Length of the kernel's queue of not yet accepted connections (`listen(2)` backlog; the kernel caps it
        /// at `net.core.somaxconn`). Default 1,024.
        public var listenBacklog: Int = 1_024
        /// Bytes the server reads and discards after answering with an error before the request was fully read
        /// (a 413 for an announced 2 MB body, a 400 mid-body): it half-closes and drains what the client still
        /// sends, so the client reads the response instead of a connection reset (RFC 9112 §9.6, nginx's
        /// lingering close); past this many bytes, or after 2 s, it closes. Bodies of answered requests are
        /// always read in full (up to `maxBodyBytes`) before the handler runs, so they never need draining.
        /// Default 256 KiB, Go's `maxPostHandlerReadBytes`.
        public var maxDrainBytes: Int = 256 * 1024

        public init() {}
    }

    /// Deadlines, in seconds, each re-armed when the connection enters the phase it bounds (Go's
    /// net/http `Server` timeouts). Zero or less disables one.
    public struct Timeouts: Sendable, Equatable {
        /// Time to receive a request's line and header section, from its first byte (for a new connection,
        /// from accept). A client trickling its headers (slowloris) gets 408 and is closed. Default 10 s.
        public var headerReadSeconds: Double = 10
        /// Time to receive a request's whole body, from the end of its header section. Default 30 s.
        public var bodyReadSeconds: Double = 30
        /// Time a kept-alive connection may wait for its next request's first byte; then it is closed
        /// silently. Default 60 s.
        public var idleSeconds: Double = 60
        /// Time a queued response may go without the client taking a single byte of it; then the client is
        /// dropped. Measured from the last progress, so a slow but steady download of a large stream
        /// survives. Default 30 s.
        public var writeSeconds: Double = 30
        /// Default grace period of `HTTPServer.shutdown()`: in-flight requests get this long to finish before
        /// their connections are closed. Default 10 s.
        public var shutdownGraceSeconds: Double = 10

        public init() {}
    }

    /// Load shedding: when the server is too busy to answer a request soon, it answers `503` with
    /// `Retry-After` at once rather than let the request join the tail. A request is shed only before its
    /// handler runs; one being answered always finishes.
    public struct Shedding: Sendable, Equatable {
        /// A request is shed when it has already waited this long in the server, measured from the moment the
        /// kernel received its bytes (`SO_TIMESTAMPNS`), so time in the socket buffer behind a busy worker
        /// counts. Default 0.5 s, far above the API's sub-millisecond answers; 0 disables shedding (and the
        /// timestamps).
        public var maxQueueDelaySeconds: Double = 0.5
        /// `Retry-After` on a shed request, in seconds. Default 1.
        public var retryAfterSeconds: Int = 1
        /// Paths never shed (probes: a load balancer must see a busy server as alive, not dead). Exact
        /// paths; one ending in `*` is a prefix.
        public var exemptPaths: [String] = []

        public init() {}
    }
}
