import TiesCore
import TiesHTTP

/// The formats a list can be read in (`Accept` or `?format=`). JSON is the default everywhere.
enum Format: String, CaseIterable, Sendable {
    case json, csv, ndjson, ics, atom, jsonld
    /// Reference-manager formats: the sources (of a record) as CSL-JSON, BibTeX and RIS.
    case csl, bibtex, ris
    /// A rendered citation: plain text (default) or a small HTML page with the quote highlighted.
    case txt, html

    /// What reference managers import: offered by sources, and by records for the sources behind them.
    static let citations: [Format] = [.csl, .bibtex, .ris]

    /// The type matched against `Accept`.
    var type: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv"
        case .ndjson: "application/x-ndjson"
        case .ics: "text/calendar"
        case .atom: "application/atom+xml"
        case .jsonld: "application/ld+json"
        case .csl: "application/vnd.citationstyles.csl+json"
        case .bibtex: "application/x-bibtex"
        case .ris: "application/x-research-info-systems"
        case .txt: "text/plain"
        case .html: "text/html"
        }
    }

    /// The `Content-Type` sent.
    var mediaType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8; header=present"
        default: type + "; charset=utf-8"
        }
    }
}

/// What an endpoint gets to compute a document: the catalog it answers from and the request's parts.
struct Call: Sendable {
    let catalog: Catalog
    /// The request path as sent (percent-encoded), which is also the document's identity.
    let path: String
    /// Query items minus `format` (handled by negotiation), decoded, in order.
    let query: [(name: String, value: String)]
    let parameters: PathParameters
    let format: Format
    /// Where absolute links point and CSV's byte-order mark (see `Formats/`); JSON ignores it.
    var export = ExportOptions()

    var snapshot: Snapshot { catalog.snapshot }
    var version: String { catalog.version }
    /// What every envelope's `meta` says of the dataset (version, licence).
    var meta: EnvelopeMeta { catalog.meta }

    /// `links.self`: the path with the query re-encoded canonically (same parameters, same URL).
    var selfLink: String { Call.link(path: path, query: query + knownAtItem + formatItem) }

    /// `links.next`: the same query with `cursor` replaced.
    func nextLink(cursor: String?) -> String? {
        guard let cursor else { return nil }
        return Call.link(path: path, query: query.filter { $0.name != "cursor" } + [("cursor", cursor)] + knownAtItem + formatItem)
    }

    private var formatItem: [(name: String, value: String)] { format == .json ? [] : [("format", format.rawValue)] }
    /// `knownAt` is taken out of the query before the endpoint reads it (the catalog answers it), and put
    /// back into every link and ETag so a view's documents never pass for the whole dataset's.
    private var knownAtItem: [(name: String, value: String)] {
        catalog.view.map { [("knownAt", $0.knownAt.date.iso)] } ?? []
    }

    /// The query that identifies this call's document (for ETags made outside `etag(for:)`).
    var canonicalQuery: [(name: String, value: String)] { query + knownAtItem }

    static func link(path: String, query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { Paths.queryEscaped($0.name) + "=" + Paths.queryEscaped($0.value) }.joined(separator: "&")
    }

    /// A strong ETag for this call's representation (see `ETag.make`).
    func etag(for format: Format? = nil) -> String {
        ETag.make(datasetVersion: version, path: path, query: canonicalQuery, mediaType: (format ?? self.format).type)
    }

    /// A JSON document of this call.
    func json(_ bytes: [UInt8]) -> Document {
        Document(mediaType: Format.json.mediaType, bytes: bytes, etag: etag(for: .json))
    }

    /// A document with one representation only (`formats: []`): plain text, metrics, the OpenAPI document.
    func fixed(mediaType: String, bytes: [UInt8]) -> Document {
        var doc = Document(mediaType: mediaType, bytes: bytes,
                           etag: ETag.make(datasetVersion: version, path: path, query: canonicalQuery, mediaType: mediaType))
        doc.negotiated = false
        return doc
    }

    /// A single-record document, or 404 naming the kind of record.
    func record(_ table: RecordJSON, _ kind: RecordKind?, id: String, what: String) throws(Problem) -> Document {
        guard let bytes = table[id] else { throw notFound(kind, what, id: id) }
        return json(Envelope.single(bytes, meta: meta))
    }

    /// 404 for an id this catalog lacks. In a `knownAt` view, a record the whole dataset has was reported
    /// after the cutoff: the problem says when and where, not that it does not exist.
    func notFound(_ kind: RecordKind?, _ what: String, id: String) -> Problem {
        guard let kind, let view = catalog.view, let first = view.whole.firstReported(kind, id: id) else {
            return Problem.notFound(what, id: id, instance: path)
        }
        var problem = Problem(status: .notFound, type: "/problems/not-yet-reported", title: "Not yet reported",
                              detail: "The \(what) '\(id)' was first reported on \(first.date.iso) (source '\(first.sourceId)'), after knownAt=\(view.knownAt.date.iso). Ask for a later knownAt, or leave it out for the dataset as it is now.",
                              instance: selfLink)
        problem.members = [("firstReported", first.date.iso), ("firstReportedBy", first.sourceId)]
        return problem
    }

    /// A list page document with the contract's envelope and a `Link` header for the next page.
    func page<T>(_ page: Page<T>, json table: RecordJSON, id: (T) -> String) -> Document {
        let next = nextLink(cursor: page.nextCursor)
        let body = Envelope.list(page.items.compactMap { table[id($0)] }, total: page.total, limit: page.limit,
                                 nextCursor: page.nextCursor, meta: meta, selfLink: selfLink, nextLink: next)
        var doc = json(body)
        if let next { doc.headers.append(("Link", "<\(next)>; rel=\"next\"")) }
        return doc
    }

    /// Runs a store query, turning its parameter errors into one 400 problem.
    func query<T>(_ run: () throws(QueryError) -> T) throws(Problem) -> T {
        do { return try run() } catch {
            if let made = error.staleCursorVersion { throw staleCursor(made: made) }
            throw Problem.invalidParameters(error, instance: selfLink)
        }
    }

    /// 409 for a cursor made on another dataset version: the walk cannot go on without skipping or
    /// repeating records, so the client restarts at `first`, this query's first page on this version.
    func staleCursor(made: String) -> Problem {
        let first = Call.link(path: path, query: query.filter { $0.name != "cursor" } + knownAtItem + formatItem)
        var problem = Problem(status: .conflict, type: "/problems/cursor-from-another-version", title: "Cursor from another dataset version",
                              detail: "This cursor was made on dataset version \(made); the dataset is now version \(version). Pages of two versions can skip or repeat records, so start again from the first page: \(first)",
                              instance: selfLink)
        problem.members = [("cursorVersion", made), ("datasetVersion", version), ("first", first)]
        return problem
    }

    /// The path parameter `name` (the router guarantees it is there for the route).
    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// Refuses any query parameter on an endpoint that takes none.
    func noParameters() throws(Problem) {
        guard !query.isEmpty else { return }
        var reported: [ParameterError] = []
        for item in query where !reported.contains(where: { $0.parameter == item.name }) {
            reported.append(ParameterError(parameter: item.name, value: item.value, message: "unknown parameter; this resource takes none"))
        }
        throw Problem.invalidParameters(QueryError(reported), instance: selfLink)
    }
}

/// One route of the API: what it serves, in which formats, and which of its URLs are the same for every
/// request (prepared once per snapshot).
struct Endpoint: Sendable {
    let method: HTTPMethod
    let pattern: String
    /// Formats offered, the default first; empty for a resource with one fixed representation, where
    /// `Accept` is not consulted (a source's text is text/plain whatever the client asks).
    let formats: [Format]
    let compute: @Sendable (Call) throws(Problem) -> Document
    /// Which of its URLs are the same for every request (prepared once per snapshot).
    let fixed: FixedURLs
    /// The kind of record the path names and its parameter (`/events/{id}…`), for retired ids; read once here.
    let record: (kind: RecordKind, parameter: String)?

    init(_ pattern: String, method: HTTPMethod = .get, formats: [Format] = [.json],
         fixed: FixedURLs = .single,
         _ compute: @escaping @Sendable (Call) throws(Problem) -> Document) {
        self.method = method
        self.pattern = pattern
        self.formats = formats
        self.compute = compute
        self.fixed = fixed
        record = RetiredRecords.recordParameter(of: pattern)
    }

    /// The fixed URLs of this endpoint for `snapshot`, each with the id that fills its parameter (nil for
    /// a pattern without one). The pattern is split once, around its parameter, rather than once per id:
    /// at 1,000× there are 74,052 of them.
    func fixedPaths(_ snapshot: Snapshot) -> [(path: String, id: String?)] {
        switch fixed {
        case .none: return []
        case .single: return [(pattern, nil)]
        case .ids(let name, let list):
            let parts = pattern.components(separatedBy: "{\(name)}")
            precondition(parts.count == 2, "\(pattern) names {\(name)} once")
            return list(snapshot).map { (parts[0] + Paths.segment($0) + parts[1], $0) }
        }
    }

    /// The path parameters of the fixed URL made from `id`.
    func parameters(id: String?) -> PathParameters {
        guard let id, case .ids(let name, _) = fixed else { return PathParameters() }
        return [name: id]
    }
}

/// Which of an endpoint's URLs are the same for every request.
enum FixedURLs: Sendable {
    /// None: the answer depends on the query, or on today's date.
    case none
    /// The pattern itself, which has no parameter.
    case single
    /// One URL per id: `parameter` filled with each id `list` gives.
    case ids(parameter: String, list: @Sendable (Snapshot) -> [String])
}

/// Fixed-URL enumerators for `Endpoint.fixed`.
enum Fixed {
    static func ids(_ name: String, _ list: @escaping @Sendable (Snapshot) -> [String]) -> FixedURLs { .ids(parameter: name, list: list) }
    static let none = FixedURLs.none
}
