/// What a handler returns. The server owns the framing: it adds `Content-Length` (or
/// `Transfer-Encoding: chunked` for a stream; an HTTP/1.0 stream is close-delimited), `Date`, `Server`
/// (unless the handler set them), `Connection` and `X-Request-Id`, and drops any `Content-Length`,
/// `Transfer-Encoding` or `Connection` the handler set. Responses to HEAD, and 204 and 304 responses, never
/// carry a body; a HEAD response keeps the `Content-Length` the GET body would have had.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: ResponseBody
    /// The route pattern that produced this response (set by `Router`); reported in `CompletedExchange`
    /// for access logs and metrics, never sent.
    public var route: String?
    /// When set, the server replaces status and body by `ServerConfiguration.errorResponder(error)` and
    /// adds `error.headers` and this response's own headers to the result. `HTTPResponse.error(_:)` makes one.
    public var error: HTTPError?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response the server renders through its `errorResponder`, so every error has one shape.
    public static func error(_ error: HTTPError) -> HTTPResponse {
        var r = HTTPResponse(status: error.status)
        r.error = error
        return r
    }

    /// The error rendered the way the server would render it: `render(error)` plus `error.headers`, plus any
    /// header this response carries that the rendering did not set. Returns `self` when there is no error.
    public func renderingError(with render: (HTTPError) -> HTTPResponse) -> HTTPResponse {
        guard let error else { return self }
        var out = render(error)
        out.route = route
        for field in error.headers { out.headers.set(field.name, field.value) }
        for field in headers where !out.headers.contains(field.name) { out.headers.add(field.name, field.value) }
        return out
    }
}

/// A response body. `.bytes` shares its array (copy-on-write), so a body encoded once and returned for
/// every request costs no copy; the server writes it with the head in one `sendmsg`.
public enum ResponseBody: Sendable {
    case empty
    case bytes([UInt8])
    /// Sent with chunked transfer coding (close-delimited to HTTP/1.0 clients). The connection pulls chunks
    /// only while its queued output is under `Limits.maxOutputBufferBytes`, so a slow reader holds back the
    /// producer instead of filling memory.
    case stream(ResponseStream)

    /// The byte count when it is known in advance.
    public var count: Int? {
        switch self {
        case .empty: 0
        case .bytes(let b): b.count
        case .stream: nil
        }
    }
}

/// A body produced chunk by chunk. `makeNext` is called once per response sent and returns the function
/// the connection calls, on its queue, for each next chunk until it returns nil. Empty chunks are skipped.
public struct ResponseStream: Sendable {
    let makeNext: @Sendable () -> () -> [UInt8]?

    public init(_ makeNext: @escaping @Sendable () -> () -> [UInt8]?) {
        self.makeNext = makeNext
    }

    /// A stream over a sequence of chunks made on demand.
    public init<S: Sequence & Sendable>(chunks: S) where S.Element == [UInt8] {
        self.makeNext = {
            var iterator = chunks.makeIterator()
            return { iterator.next() }
        }
    }
}
