import TiesCore
import TiesHTTP

/// The OpenAPI 3.1 document of the service, generated from the routes themselves: every `API.endpoints`
/// entry (its pattern, path parameters and `formats`, so a format added to an endpoint appears as another
/// response content type), the operations routes, and this document's own route. The words come from
/// `OperationDocs`; record shapes from `RecordSchemas`; the vocabularies and examples from the snapshot.
/// A test holds it equal to the router's routes and validates real responses against it.
enum OpenAPIDocument {
    static let path = "/openapi.json"

    /// A route outside `API.endpoints` (operations, this document), with its operation object.
    struct ExtraRoute {
        let method: HTTPMethod
        let pattern: String
        let operation: JSONNode
    }

    static func build(snapshot: Snapshot, endpoints: [Endpoint], reloadEnabled: Bool) -> JSONNode {
        let examples = DatasetExamples(snapshot)
        let docs = OperationDocs.table(examples)
        var schemas = RecordSchemas.all(info: snapshot.info)
        var envelopes: Schema.Properties = []
        var paths: [(String, [(String, JSONNode)])] = []

        func addPath(_ pattern: String, _ method: HTTPMethod, _ operation: JSONNode) {
            let key = method.rawValue.lowercased()
            if let i = paths.firstIndex(where: { $0.0 == pattern }) { paths[i].1.append((key, operation)) } else { paths.append((pattern, [(key, operation)])) }
        }

        for endpoint in endpoints {
            let doc = docs[endpoint.pattern] ?? undocumented(endpoint)
            let (operation, envelope) = operationObject(endpoint, doc, examples)
            if let envelope, !envelopes.contains(where: { $0.0 == envelope.0 }) { envelopes.append(envelope) }
            addPath(endpoint.pattern, endpoint.method, operation)
        }
        for route in extraRoutes(reloadEnabled: reloadEnabled) { addPath(route.pattern, route.method, route.operation) }
        schemas += envelopes

        var components: [(String, JSONNode)] = [
            ("schemas", .object(schemas)),
            ("responses", responses),
            ("parameters", headerParameters),
            ("headers", headers),
        ]
        if reloadEnabled {
            components.append(("securitySchemes", ["reloadToken": ["type": "http", "scheme": "bearer",
                "description": "The `reloadToken` of config.json, as `Authorization: Bearer <token>`."]]))
        }
        return [
            "openapi": "3.1.0",
            "info": info(snapshot),
            "servers": [["url": "/", "description": "This server."]],
            "tags": .array(Tags.all.map { ["name": .string($0.0), "description": .string($0.1)] }),
            "paths": .object(paths.map { ($0.0, .object($0.1)) }),
            "components": .object(components),
        ]
    }

    static func info(_ snapshot: Snapshot) -> JSONNode {
        [
            "title": "Ties API",
            "version": .string("1 (dataset \(snapshot.version))"),
            "summary": "A citation-backed knowledge base of the Japan–Malaysia relationship.",
            "description": .string("""
                \(snapshot.info.description)

                Conventions. JSON is UTF-8 with camelCase keys; every key of a record is always present (a missing value is \
                `null` or `[]`). Dates of facts carry their precision (`PartialDate`). Every fact-bearing record cites \
                verbatim quotes whose `start`/`end` are **Unicode scalar offsets** into `GET /api/v1/sources/{id}/text`. \
                Lists answer `{data, meta, links}` with a `Link: <…>; rel="next"` header and opaque keyset cursors; single \
                records answer `{data, meta}`. Unknown query parameters are rejected, and every error is an RFC 9457 \
                `application/problem+json` document naming each bad parameter.

                Every GET route also answers HEAD (same headers, no body) and OPTIONS (204 with `Allow`; a CORS preflight \
                gets the `Access-Control-Allow-*` headers). Responses carry a strong `ETag` (send it in `If-None-Match` for a \
                304), `Cache-Control`, `Vary` and `X-Request-Id`, and are gzip- or deflate-coded on `Accept-Encoding`. \
                Request parts over the server's limits answer 413 (body), 414 (request line) or 431 (headers); the \
                dashboard is served from `/` as static files.
                """),
            "license": [
                "name": "Records and summaries: the Ties project's own work. Quoted source texts remain their publishers' property, kept so every quote can be checked, not for republication (see `licence` in GET /api/v1).",
            ],
        ]
    }

    // MARK: - Operations of API.endpoints

    static func operationObject(_ endpoint: Endpoint, _ doc: OperationDoc, _ examples: DatasetExamples) -> (JSONNode, (String, JSONNode)?) {
        var parameters: [JSONNode] = []
        for name in pathParameterNames(endpoint.pattern) {
            let (description, examples) = doc.path[name] ?? ("", [])
            parameters.append(["name": .string(name), "in": "path", "required": true, "description": .string(description),
                               "schema": Schema.string(examples: examples).adding("minLength", 1)])
        }
        parameters += doc.query.map(\.node)
        parameters.append(ParameterDocs.knownAt(examples).node)
        if !endpoint.formats.isEmpty { parameters.append(ParameterDocs.format(endpoint.formats).node) }
        parameters += [["$ref": "#/components/parameters/IfNoneMatch"], ["$ref": "#/components/parameters/XRequestId"]]

        var envelope: (String, JSONNode)?
        var okHeaders: [(String, JSONNode)] = [
            ("ETag", ["$ref": "#/components/headers/ETag"]),
            ("Cache-Control", ["$ref": "#/components/headers/CacheControl"]),
            ("Vary", ["$ref": "#/components/headers/Vary"]),
            ("X-Request-Id", ["$ref": "#/components/headers/XRequestId"]),
            ("Access-Control-Allow-Origin", ["$ref": "#/components/headers/AccessControlAllowOrigin"]),
            ("RateLimit-Policy", ["$ref": "#/components/headers/RateLimitPolicy"]),
            ("RateLimit", ["$ref": "#/components/headers/RateLimit"]),
        ]
        var content: [(String, JSONNode)] = []
        switch doc.answer {
        case .list(let record, let paged):
            let name = record + (paged ? "Page" : "List")
            envelope = (name, RecordSchemas.envelope(list: record, paged: paged))
            if paged { okHeaders.append(("Link", ["$ref": "#/components/headers/Link"])) }
            content = formatContent(endpoint.formats, json: Schema.ref(name))
        case .single(let record):
            let name = record + "Response"
            envelope = (name, RecordSchemas.envelope(single: record))
            content = formatContent(endpoint.formats, json: Schema.ref(name))
        case .text(let mediaType, let description):
            content = endpoint.formats.isEmpty
                ? [(mediaType, ["schema": Schema.string(description)] as JSONNode)]
                : formatContent(endpoint.formats, json: ["type": "object"])
        }

        var responses: [(String, JSONNode)] = [
            ("200", ["description": .string(doc.summary + "."), "headers": .object(okHeaders), "content": .object(content)]),
            ("304", ["$ref": "#/components/responses/NotModified"]),
            ("400", ["$ref": "#/components/responses/InvalidParameters"]),
        ]
        if !pathParameterNames(endpoint.pattern).isEmpty { responses.append(("404", ["$ref": "#/components/responses/NotFound"])) }
        if !endpoint.formats.isEmpty { responses.append(("406", ["$ref": "#/components/responses/NotAcceptable"])) }
        if doc.query.contains(where: { $0.name == "cursor" }) { responses.append(("409", ["$ref": "#/components/responses/CursorFromAnotherVersion"])) }
        responses += [("429", ["$ref": "#/components/responses/TooManyRequests"]),
                      ("503", ["$ref": "#/components/responses/Unavailable"]), ("default", ["$ref": "#/components/responses/Problem"])]

        let operation: JSONNode = [
            "tags": [.string(doc.tag)],
            "summary": .string(doc.summary),
            "description": .string(doc.description),
            "operationId": .string(doc.operationId),
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        return (operation, envelope)
    }

    /// A route added without words in `OperationDocs`: still documented from what the code knows, and
    /// marked so the test that every route has words fails.
    static func undocumented(_ endpoint: Endpoint) -> OperationDoc {
        OperationDoc(operationId: endpoint.pattern.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_"),
                     tag: "Overview", summary: "\(endpoint.method.rawValue) \(endpoint.pattern)", description: "Not described yet.",
                     query: [], answer: endpoint.formats.isEmpty ? .text(mediaType: "text/plain", "Text.") : .text(mediaType: "", ""))
    }

    /// One content entry per offered format; JSON gets the endpoint's envelope.
    static func formatContent(_ formats: [Format], json: JSONNode) -> [(String, JSONNode)] {
        formats.map { format in
            let schema: JSONNode
            switch format {
            case .json: schema = json
            case .csv: schema = Schema.string("RFC 4180 CSV with a header row, one row per record; nested lists joined with `; `.")
            case .ndjson: schema = Schema.string("One JSON record per line (streamed).")
            case .ics: schema = Schema.string("iCalendar (RFC 5545): one VEVENT per event; partial dates as all-day periods.")
            case .atom: schema = Schema.string("An Atom feed (RFC 4287), newest first.")
            case .jsonld: schema = ["type": "object", "description": "schema.org JSON-LD (`Event`, `Person`, `NewsArticle`, with `citation`)."]
            case .csl: schema = ["type": "array", "items": ["type": "object"], "description": "CSL-JSON items, one per source (for a record: the sources it cites); Zotero, Mendeley and citeproc read them."]
            case .bibtex: schema = Schema.string("BibTeX entries keyed by source id (`@article`, `@techreport`, `@misc`).")
            case .ris: schema = Schema.string("RIS records (`NEWS`, `GOVDOC`, `GEN`), CRLF line ends.")
            case .txt: schema = Schema.string("The quote with an in-text citation, then the reference (or, for `style=text`, the attribution sentence and the record's URL).")
            case .html: schema = Schema.string("A small HTML page: the quote highlighted (`<mark>`), then the citation.")
            }
            return (format.type, ["schema": schema])
        }
    }

    static func pathParameterNames(_ pattern: String) -> [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    // MARK: - Routes outside API.endpoints

    static func extraRoutes(reloadEnabled: Bool) -> [ExtraRoute] {
        let noStoreJSON: (String, String) -> JSONNode = { description, schema in
            ["description": .string(description),
             "headers": ["Cache-Control": ["$ref": "#/components/headers/CacheControl"], "X-Request-Id": ["$ref": "#/components/headers/XRequestId"]],
             "content": ["application/json": ["schema": Schema.ref(schema)]]]
        }
        let takesNone: [JSONNode] = [["$ref": "#/components/parameters/XRequestId"]]
        let embedKinds: [(String, String, String)] = [("events", "Events", "event"), ("leaders", "Leaders", "leader"),
                                                      ("partnership-levels", "Partnership levels", "partnership level")]
        let embeds = embedKinds.map { kind, tag, name in
            ExtraRoute(method: .get, pattern: "/embed/\(kind)/{id}", operation: [
                "tags": .array([.string(tag)]), "summary": .string("The \(name) as an embeddable card"),
                "operationId": .string("getEmbed" + name.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()),
                "description": .string("A small self-contained HTML page for a CMS to frame: the fact, its date at its precision, the quote of its strongest citation, its source (inferred metadata said) and links back. No script, no third-party resource; `Content-Security-Policy` allows only its own inline style (by hash) and the configured `frame-ancestors`. Its head carries oEmbed discovery links."),
                "parameters": .array([["name": "id", "in": "path", "required": true, "schema": ["type": "string"]], ["$ref": "#/components/parameters/XRequestId"]]),
                "responses": ["200": ["description": "The card.", "content": ["text/html": ["schema": Schema.string("An HTML document.")]]],
                              "304": ["$ref": "#/components/responses/NotModified"],
                              "400": ["$ref": "#/components/responses/InvalidParameters"], "404": ["$ref": "#/components/responses/NotFound"],
                              "429": ["$ref": "#/components/responses/TooManyRequests"], "default": ["$ref": "#/components/responses/Problem"]],
            ])
        }
        let oembedParameters: [JSONNode] = [
            ["name": "url", "in": "query", "required": true, "description": "A Ties URL of this server: an embed card, a dashboard record view (`/?event=…`, `/?leader=…`) or an API record.",
             "schema": ["type": "string"]],
            ["name": "format", "in": "query", "required": false, "description": "`json` (default) or `xml`; anything else is a 501.", "schema": ["type": "string", "enum": ["json", "xml"]]],
            ["name": "maxwidth", "in": "query", "required": false, "description": "The iframe is never wider.", "schema": ["type": "integer", "minimum": 1, "maximum": 10000]],
            ["name": "maxheight", "in": "query", "required": false, "description": "The iframe is never taller.", "schema": ["type": "integer", "minimum": 1, "maximum": 10000]],
        ]
        var routes = embeds + [
            ExtraRoute(method: .get, pattern: "/oembed", operation: [
                "tags": ["Meta"], "summary": "oEmbed 1.0 provider", "operationId": "getOEmbed",
                "description": "A `rich` oEmbed response whose `html` is an iframe of the record's embed card, for CMSs that embed pasted URLs (WordPress, Ghost).",
                "parameters": .array(oembedParameters),
                "responses": ["200": ["description": "The oEmbed response.",
                                      "content": ["application/json": ["schema": ["type": "object", "required": ["version", "type", "html", "width", "height"]]],
                                                  "text/xml": ["schema": Schema.string("The same as XML (`<oembed>`).")]]],
                              "304": ["$ref": "#/components/responses/NotModified"],
                              "400": ["$ref": "#/components/responses/InvalidParameters"],
                              "404": ["$ref": "#/components/responses/NotFound"],
                              "501": problemResponse("The format asked for is neither json nor xml."),
                              "429": ["$ref": "#/components/responses/TooManyRequests"], "default": ["$ref": "#/components/responses/Problem"]],
            ]),
            ExtraRoute(method: .get, pattern: "/healthz", operation: [
                "tags": ["Operations"], "summary": "Liveness", "operationId": "getHealth",
                "description": "The process answers: fixed bytes, never cached. Takes no query parameters.",
                "parameters": .array(takesNone),
                "responses": ["200": noStoreJSON("Alive.", "Health"), "400": ["$ref": "#/components/responses/InvalidParameters"],
                              "503": ["$ref": "#/components/responses/Unavailable"], "default": ["$ref": "#/components/responses/Problem"]],
            ]),
            ExtraRoute(method: .get, pattern: "/readyz", operation: [
                "tags": ["Operations"], "summary": "Readiness", "operationId": "getReadiness",
                "description": "200 while the dataset is loaded and the server takes traffic; 503 once shutdown has begun (draining). Says which dataset version serves and how the last reload went, so a refused reload is visible without the logs.",
                "parameters": .array(takesNone),
                "responses": ["200": noStoreJSON("Ready.", "Readiness"), "400": ["$ref": "#/components/responses/InvalidParameters"],
                              "503": noStoreJSON("Draining: shutting down, or overloaded (then a problem document).", "Readiness"),
                              "default": ["$ref": "#/components/responses/Problem"]],
            ]),
            ExtraRoute(method: .get, pattern: "/metrics", operation: [
                "tags": ["Operations"], "summary": "Prometheus metrics", "operationId": "getMetrics",
                "description": "Requests by route pattern, method and status; response bytes; a latency histogram; connections; the dataset version, load time and record counts; reloads; process figures.",
                "parameters": .array(takesNone),
                "responses": [
                    "200": ["description": "Prometheus text exposition format 0.0.4.",
                            "headers": ["Cache-Control": ["$ref": "#/components/headers/CacheControl"]],
                            "content": ["text/plain": ["schema": Schema.string()]]],
                    "400": ["$ref": "#/components/responses/InvalidParameters"],
                    "503": ["$ref": "#/components/responses/Unavailable"], "default": ["$ref": "#/components/responses/Problem"],
                ],
            ]),
        ]
        if reloadEnabled {
            routes.append(ExtraRoute(method: .post, pattern: "/admin/reload", operation: [
                "tags": ["Operations"], "summary": "Reload the dataset", "operationId": "reloadDataset",
                "description": "Loads and validates the dataset again and swaps it in when valid (SIGHUP does the same). Present only when config.json sets `reloadToken`; not offered cross-origin.",
                "security": [["reloadToken": []]],
                "responses": [
                    "200": noStoreJSON("The new dataset serves.", "ReloadReport"),
                    "401": ["description": "Missing or wrong token (with `WWW-Authenticate: Bearer`).",
                            "content": ["application/problem+json": ["schema": Schema.ref("Problem")]]],
                    "422": noStoreJSON("The dataset was refused; the previous version keeps serving. `errors` lists every problem.", "ReloadReport"),
                    "default": ["$ref": "#/components/responses/Problem"],
                ],
            ]))
        }
        routes.append(ExtraRoute(method: .get, pattern: path, operation: [
            "tags": ["Meta"], "summary": "This OpenAPI 3.1 document", "operationId": "getOpenAPI",
            "description": "Generated from the routes the server serves; the vocabularies and examples come from the dataset version serving.",
            "parameters": [["$ref": "#/components/parameters/IfNoneMatch"], ["$ref": "#/components/parameters/XRequestId"]],
            "responses": [
                "200": ["description": "The document.",
                        "headers": ["ETag": ["$ref": "#/components/headers/ETag"], "Cache-Control": ["$ref": "#/components/headers/CacheControl"]],
                        "content": ["application/json": ["schema": ["type": "object", "description": "An OpenAPI 3.1 document."]]]],
                "304": ["$ref": "#/components/responses/NotModified"],
                "400": ["$ref": "#/components/responses/InvalidParameters"],
                "503": ["$ref": "#/components/responses/Unavailable"], "default": ["$ref": "#/components/responses/Problem"],
            ],
        ]))
        return routes
    }

    // MARK: - Shared components

    static func problemResponse(_ description: String, headers: [(String, JSONNode)] = []) -> JSONNode {
        var r: JSONNode = ["description": .string(description)]
        if !headers.isEmpty { r = r.adding("headers", .object(headers)) }
        return r.adding("content", ["application/problem+json": ["schema": Schema.ref("Problem")]])
    }

    static let responses: JSONNode = [
        "NotModified": ["description": "The representation matching `If-None-Match` is still current; no body.",
                        "headers": ["ETag": ["$ref": "#/components/headers/ETag"]]],
        "InvalidParameters": problemResponse("A query parameter is unknown, repeated, empty or invalid, or a required one is missing (type `/problems/invalid-parameters`); `errors` names each one."),
        "NotFound": problemResponse("No record with that id (type `/problems/not-found`), or no such path; with `knownAt`, a record first reported after that date (type `/problems/not-yet-reported`, with `firstReported` and `firstReportedBy`)."),
        "CursorFromAnotherVersion": problemResponse("The cursor was made on another dataset version (a reload, or another replica behind a load balancer): pages of two versions could skip or repeat records. `first` is this query's first page on the version served now (type `/problems/cursor-from-another-version`)."),
        "NotAcceptable": problemResponse("None of the offered formats is acceptable to `Accept` (type `/problems/not-acceptable`); `?format=` always works."),
        "TooManyRequests": problemResponse("This client has used its rate limit (type `/problems/rate-limited`; config `rateLimit`). `Retry-After` is the true wait until the next request is answered.",
                                           headers: [("Retry-After", ["$ref": "#/components/headers/RetryAfter"]),
                                                     ("RateLimit-Policy", ["$ref": "#/components/headers/RateLimitPolicy"]),
                                                     ("RateLimit", ["$ref": "#/components/headers/RateLimit"])]),
        "Unavailable": problemResponse("Overloaded — more connections than the server's limit, or the request waited longer than config `shedding.maxQueueDelaySeconds` — or shutting down. Overload answers carry `Retry-After`.",
                                       headers: [("Retry-After", ["$ref": "#/components/headers/RetryAfter"])]),
        "Problem": problemResponse("Any other error, same shape: 405 with `Allow` for a method the path does not serve, 413/414/431 for oversized request parts, 408 on a read timeout, 500.",
                                   headers: [("Allow", ["description": "On 405: the methods the path serves.", "schema": Schema.string()])]),
    ]

    static let headerParameters: JSONNode = [
        "IfNoneMatch": ["name": "If-None-Match", "in": "header", "required": false,
                        "description": "ETags the client holds (or `*`); a match answers 304 with no body.",
                        "schema": Schema.string()],
        "XRequestId": ["name": "X-Request-Id", "in": "header", "required": false,
                       "description": "Any value is accepted: echoed in the response when it is 1–128 characters of `[A-Za-z0-9._:-]`, otherwise replaced by one the server makes.",
                       "schema": Schema.string(examples: ["newsroom-import-42"])],
    ]

    static let headers: JSONNode = [
        "ETag": ["description": "Strong validator of this representation: the dataset version and a hash of path, query and media type; gzip/deflate variants end in `-gzip\"`/`-deflate\"`.",
                 "schema": Schema.string(pattern: #"^"[^"]+"$"#)],
        "CacheControl": ["description": "`max-age=60` (config `cacheMaxAgeSeconds`) on API documents; `no-store` on errors and operations routes.",
                         "schema": Schema.string()],
        "Vary": ["description": "`Accept, Accept-Encoding` where the format was negotiated, else `Accept-Encoding`; `Origin` added when CORS origins are a list.",
                 "schema": Schema.string()],
        "XRequestId": ["description": "The request's id: the client's when sane, else generated. Also in the access log.",
                       "schema": Schema.string()],
        "Link": ["description": "`<url>; rel=\"next\"` when there is a next page (the same URL as `links.next`).", "schema": Schema.string()],
        "RetryAfter": ["description": "Seconds to wait before retrying (RFC 9110 §10.2.3).", "schema": ["type": "string", "pattern": "^[0-9]+$"]],
        "RateLimitPolicy": ["description": "The per-client quota (draft-ietf-httpapi-ratelimit-headers-10): `\"per-client\";q=<burst>;w=<seconds an empty bucket takes to refill>`. Absent when the limit is off and on exempt paths.",
                            "schema": Schema.string(pattern: #"^"per-client";q=[0-9]+;w=[0-9]+$"#)],
        "RateLimit": ["description": "This client's standing: `\"per-client\";r=<requests left now>;t=<seconds until one more is available>`.",
                      "schema": Schema.string(pattern: #"^"per-client";r=[0-9]+;t=[0-9]+$"#)],
        "AccessControlAllowOrigin": ["description": "`*` by default; the request's `Origin` when it is in config `corsAllowedOrigins`.", "schema": Schema.string()],
    ]
}
