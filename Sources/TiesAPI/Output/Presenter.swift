import TiesHTTP

/// Turns a `Document` into the response for one request: answers `If-None-Match` with 304, picks a
/// content coding from `Accept-Encoding`, and sets the caching headers. The one place these rules live.
struct Presenter: Sendable {
    /// `Cache-Control` for API documents (`max-age=N` from config).
    let cacheControl: PreparedField
    let maxAgeSeconds: Int
    static let varyNegotiated = PreparedField("Vary", "Accept, Accept-Encoding")!
    static let varyCoding = PreparedField("Vary", "Accept-Encoding")!

    init(maxAgeSeconds: Int) {
        self.maxAgeSeconds = maxAgeSeconds
        cacheControl = PreparedField("Cache-Control", "max-age=\(maxAgeSeconds)")!
    }

    func present(_ doc: Document, to request: HTTPRequest, status: HTTPStatus = .ok) -> HTTPResponse {
        let coding = doc.isCompressible ? Negotiation.contentCoding(acceptEncoding: request.headers["Accept-Encoding"]) : nil
        let tag = coding.map { ETag.variant(doc.etag, $0) } ?? doc.etag
        // ETag, Cache-Control, Vary, Content-Type, a format's own, then the rate limit's and CORS's fields.
        var headers = HTTPHeaders(reservingCapacity: 12)
        if let field = doc.wire?.etag(for: coding) { headers.add(field) } else { headers.add("ETag", tag) }
        if let cap = doc.maxAgeCap, cap < maxAgeSeconds {
            headers.add("Cache-Control", "max-age=\(max(0, cap))")
        } else {
            headers.add(cacheControl)
        }
        // Caches must key on what selected this representation: the format (Accept) and the coding.
        headers.add(doc.negotiated ? Presenter.varyNegotiated : Presenter.varyCoding)

        if let inm = request.headers["If-None-Match"], EntityTag.matches(ifNoneMatch: inm, etag: tag) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        if let field = doc.wire?.contentType { headers.add(field) } else { headers.add("Content-Type", doc.mediaType) }
        for h in doc.headers { headers.add(h.name, h.value) }
        switch doc.body {
        case .stream(let stream):
            guard let coding else { return HTTPResponse(status: status, headers: headers, body: .stream(stream.plain)) }
            headers.add("Content-Encoding", coding.rawValue)
            return HTTPResponse(status: status, headers: headers, body: .stream(stream.coded(coding)))
        case .bytes(let bytes):
            if let coding, let packed = doc.coded(coding) {
                headers.add("Content-Encoding", coding.rawValue)
                return HTTPResponse(status: status, headers: headers, body: .bytes(packed))
            }
            // The tag was computed for the coded variant; compression failing falls back to identity.
            if coding != nil { headers.set("ETag", doc.etag) }
            return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
        }
    }
}
