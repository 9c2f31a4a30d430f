import TiesCore
import TiesHTTP

/// oEmbed discovery on the dashboard's record views: `/?event={id}` and `/?leader={id}` are the URLs a
/// journalist copies from the address bar, and a CMS (WordPress, Ghost) fetches that page *without running
/// its script* to look for `<link rel="alternate" type="application/json+oembed">`. So the server writes the
/// links into the page's head for those URLs; every other request for the dashboard is served unchanged.
struct DashboardDiscovery: HTTPResponder {
    let inner: any HTTPResponder
    let api: API

    func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        guard request.path == "/", request.method == .get || request.method == .head,
              let card = card(request) else { return inner.respond(to: request, context: context) }
        // The page itself, whatever the client's validators: the answer differs from the plain page's.
        var plain = request
        plain.method = .get
        plain.headers.remove("If-None-Match")
        var page = inner.respond(to: plain, context: context)
        guard page.status == .ok, case .bytes(let body) = page.body,
              let head = body.firstRange(of: Array("</head>".utf8)) else { return page }
        let base = ExportOptions.baseURL(configured: api.options.publicBaseURL, host: request.headers["Host"])
        let oembed = base + "/oembed?url=" + Paths.queryEscaped(base + card.path)
        let title = XMLWriter.escape(card.heading, attribute: true)
        let links = "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"\(XMLWriter.escape(oembed + "&format=json", attribute: true))\" title=\"\(title)\">\n"
            + "<link rel=\"alternate\" type=\"text/xml+oembed\" href=\"\(XMLWriter.escape(oembed + "&format=xml", attribute: true))\" title=\"\(title)\">\n"
        var out = Array(body[..<head.lowerBound])
        out += Array(links.utf8)
        out += body[head.lowerBound...]
        // A strong tag of its own: the page's, qualified by the dataset version and the record it describes.
        let tag = (page.headers["ETag"].map { String($0.dropLast()) } ?? "\"dashboard") + "-" + api.state.served.version
            + "-" + card.kind.rawValue + "-" + card.id
            .unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" ? String($0) : "_" }.joined() + "\""
        page.headers.set("ETag", tag)
        if let inm = request.headers["If-None-Match"], EntityTag.matches(ifNoneMatch: inm, etag: tag) {
            var notModified = HTTPResponse(status: .notModified, headers: page.headers)
            notModified.headers.remove("Content-Type")
            return notModified
        }
        page.body = .bytes(out)
        return page
    }

    /// The record the dashboard URL opens: an open event, else a leader filter naming a known leader.
    private func card(_ request: HTTPRequest) -> EmbedCard? {
        let snapshot = api.state.served.snapshot
        if let id = request.query("event") { return EmbedCard(.events, id: id, snapshot: snapshot) }
        if let id = request.query("leader") { return EmbedCard(.leaders, id: id, snapshot: snapshot) }
        return nil
    }
}
