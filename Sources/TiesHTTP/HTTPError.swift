/// An error answered as a response: its status, a short human-readable detail, and what is known of the
/// request it answers. Every error the server sends — parse errors, limits, timeouts, router 404/405,
/// bad percent-encoding, and any a handler returns with `HTTPResponse.error(_:)` — passes through
/// `ServerConfiguration.errorResponder` as one of these, so the API can render them all as
/// `application/problem+json` (RFC 9457).
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// One sentence for humans, e.g. "Content-Length and Transfer-Encoding together".
    public var detail: String
    /// The request method, when the request line was read that far.
    public var method: HTTPMethod?
    /// The raw request target, when the request line was read that far.
    public var target: String?
    /// The request id the response will carry (filled in by the server before rendering).
    public var requestID: String?
    /// Headers the error response must carry besides the rendered ones (e.g. `Allow` on a 405).
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, detail: String, method: HTTPMethod? = nil, target: String? = nil,
                requestID: String? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.detail = detail
        self.method = method
        self.target = target
        self.requestID = requestID
        self.headers = headers
    }

    public var description: String { "\(status): \(detail)" }

    /// The default rendering: a short `text/plain` body, e.g. `404 Not Found: no route for /x`.
    public static let plainTextResponder: @Sendable (HTTPError) -> HTTPResponse = { error in
        let text = "\(error.status.code) \(error.status.reasonPhrase): \(error.detail)\n"
        return HTTPResponse(status: error.status,
                            headers: ["Content-Type": "text/plain; charset=utf-8"],
                            body: .bytes(Array(text.utf8)))
    }
}
