import TiesCore
import TiesHTTP

/// The embed cards and the oEmbed provider, as routes.
enum EmbedEndpoints {
    /// `frame-ancestors` sources from config (`embedFrameAncestors`): `*` lets any site embed the cards.
    static func routes(api: API) -> [(HTTPMethod, String, @Sendable (HTTPRequest, RequestContext) -> HTTPResponse)] {
        let policy = "default-src 'none'; style-src \(EmbedCard.styleHash); img-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors \(api.options.embedFrameAncestors.joined(separator: " "))"
        var out: [(HTTPMethod, String, @Sendable (HTTPRequest, RequestContext) -> HTTPResponse)] = []
        for kind in EmbedCard.Kind.allCases {
            out.append((.get, "/embed/\(kind.rawValue)/{id}", { request, context in
                let served = api.state.served
                guard request.queryItems.isEmpty else {
                    return Problem(status: .badRequest, type: "/problems/invalid-parameters", title: "Invalid query parameters",
                                   detail: "An embed card takes no query parameters.", instance: request.target).response(requestID: context.requestID)
                }
                let id = context.parameters["id"] ?? ""
                guard let card = EmbedCard(kind, id: id, snapshot: served.snapshot) else {
                    return Problem.notFound(kind.label.lowercased(), id: id, instance: request.path).response(requestID: context.requestID)
                }
                let base = ExportOptions.baseURL(configured: api.options.publicBaseURL, host: request.headers["Host"])
                var doc = Document(mediaType: "text/html; charset=utf-8", bytes: Array(card.html(base: base).utf8),
                                   etag: ETag.make(datasetVersion: served.version, path: request.path, query: [("@base", base)], mediaType: "text/html"))
                doc.negotiated = false
                doc.headers.append(("Content-Security-Policy", policy))
                doc.headers.append(("X-Content-Type-Options", "nosniff"))
                doc.headers.append(("Referrer-Policy", "strict-origin-when-cross-origin"))
                return api.presenter.present(doc, to: request)
            }))
        }
        out.append((.get, "/oembed", { request, context in oembed(request, context, api: api) }))
        return out
    }

    static func oembed(_ request: HTTPRequest, _ context: RequestContext, api: API) -> HTTPResponse {
        var errors: [ParameterError] = []
        var url: String?, format = "json", maxWidth: Int?, maxHeight: Int?
        var seen = Set<String>()
        for item in request.queryItems {
            if !seen.insert(item.name).inserted {
                errors.append(ParameterError(parameter: item.name, value: item.value, message: "given more than once"))
                continue
            }
            switch item.name {
            case "url": url = item.value
            case "format": format = item.value
            case "maxwidth", "maxheight":
                guard let n = Int(item.value), n > 0, n <= 10_000 else {
                    errors.append(ParameterError(parameter: item.name, value: item.value, message: "must be a whole number of pixels from 1 to 10000"))
                    continue
                }
                if item.name == "maxwidth" { maxWidth = n } else { maxHeight = n }
            default:
                errors.append(ParameterError(parameter: item.name, value: item.value, message: "unknown parameter; this resource takes: url, format, maxwidth, maxheight"))
            }
        }
        if url == nil { errors.append(ParameterError(parameter: "url", value: nil, message: "required: the Ties URL to embed")) }
        if !errors.isEmpty { return Problem.invalidParameters(QueryError(errors), instance: request.target).response(requestID: context.requestID) }
        // oEmbed 1.0 §2.3.4: an unsupported format is 501 Not Implemented.
        guard format == "json" || format == "xml" else {
            return Problem(status: .notImplemented, type: "/problems/oembed-format", title: "Format not implemented",
                           detail: "oEmbed is answered as json or xml, not '\(format)'.", instance: request.target).response(requestID: context.requestID)
        }
        let served = api.state.served
        let base = ExportOptions.baseURL(configured: api.options.publicBaseURL, host: request.headers["Host"])
        guard let url, let card = OEmbed.card(for: url, base: base, snapshot: served.snapshot) else {
            return Problem(status: .notFound, type: "/problems/not-found", title: "Not found",
                           detail: "No embeddable Ties record at that URL: give an event, leader or partnership level of this server (its embed card, its dashboard view or its API record).",
                           instance: request.target).response(requestID: context.requestID)
        }
        let fields = OEmbed.fields(card, base: base, maxWidth: maxWidth, maxHeight: maxHeight)
        let xml = format == "xml"
        var doc = Document(mediaType: xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8",
                           bytes: xml ? OEmbed.xml(fields) : OEmbed.json(fields),
                           etag: ETag.make(datasetVersion: served.version, path: request.path,
                                           query: request.queryItems + [("@base", base)], mediaType: xml ? "text/xml" : "application/json"))
        doc.negotiated = false
        return api.presenter.present(doc, to: request)
    }
}
