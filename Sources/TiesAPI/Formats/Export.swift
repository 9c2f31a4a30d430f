import Synchronization
import TiesCore
import TiesHTTP

/// What a non-JSON representation needs beyond the query: where its absolute links point, and whether a CSV
/// starts with a byte-order mark. Set per request by `API.respond`.
struct ExportOptions: Sendable {
    /// `scheme://host[:port][/prefix]`, no trailing slash.
    var baseURL = "http://localhost"
    /// `?bom=1` on CSV: a UTF-8 byte-order mark first, for Excel (see docs/formats.md, "CSV").
    var byteOrderMark = false

    /// The configured base when there is one, else `http://` and the request's `Host` (which the engine has
    /// already checked against RFC 3986's host syntax; an HTTP/1.0 request may have none).
    static func baseURL(configured: String?, host: String?) -> String {
        if let configured, !configured.isEmpty {
            var base = configured
            while base.hasSuffix("/") { base.removeLast() }
            return base
        }
        guard let host, !host.isEmpty else { return "http://localhost" }
        return "http://" + host.lowercased()
    }

    /// Removes `bom` from a CSV request's query: `1`/`true` asks for the mark, `0`/`false` (or no `bom`) not.
    static func takeByteOrderMark(from query: inout [(name: String, value: String)], instance: String) -> Result<Bool, Problem> {
        let given: String?
        do throws(ParameterError) { given = try TakenParameter.take("bom", from: &query) } catch {
            return .failure(Problem.invalidParameters(QueryError(error), instance: instance))
        }
        guard let given else { return .success(false) }
        switch given {
        case "1", "true": return .success(true)
        case "0", "false": return .success(false)
        default:
            return .failure(Problem.invalidParameters(QueryError(ParameterError(parameter: "bom", value: given,
                message: "must be 1 (start the CSV with a UTF-8 byte-order mark, for Excel) or 0")), instance: instance))
        }
    }
}

/// Documents of non-JSON formats at URLs without a query (`/api/v1/events.ics`, `/api/v1/events?format=csv`),
/// kept for the snapshot they were made from, compressed once: calendar and feed readers poll these URLs.
/// They are made on first request rather than at load because their links depend on the base URL, which
/// comes from the request when no `publicBaseURL` is configured. `Host` is the client's to choose, so the
/// table is bounded: when full it is emptied and refills with what is asked for next.
final class ExportCache: Sendable {
    static let capacity = 64
    private let table = Mutex<[String: Document]>([:])

    func document(_ key: String, _ build: () throws(Problem) -> Document) throws(Problem) -> Document {
        if let doc = table.withLock({ $0[key] }) { return doc }
        var doc = try build()
        guard doc.bytes != nil else { return doc }  // a stream is cheap to restart and cannot be replayed
        doc.prepare()
        table.withLock { t in
            if t.count >= ExportCache.capacity { t.removeAll(keepingCapacity: true) }
            t[key] = doc
        }
        return doc
    }

    var count: Int { table.withLock { $0.count } }
}

/// One request for a non-JSON representation: the call, the format, and what follows from them (links,
/// the ETag, headers, the full collection).
struct Export {
    let call: Call
    let format: Format
    /// The path itself names the format (`/events.ics`), so links carry no `format=`.
    let pathNamesFormat: Bool

    init(_ call: Call) {
        self.call = call
        format = call.format
        pathNamesFormat = false
    }

    /// For routes whose path is the format's (`/api/v1/events.ics`, `/api/v1/events.atom`).
    init(_ call: Call, fixed format: Format) {
        self.call = call
        self.format = format
        pathNamesFormat = true
    }

    var snapshot: Snapshot { call.snapshot }
    var base: String { call.export.baseURL }
    var byteOrderMark: Bool { call.export.byteOrderMark && format == .csv }

    /// An absolute URL for a path of this server.
    func url(_ path: String) -> String { base + path }

    /// The query items that select this representation besides the filters.
    var representationItems: [(name: String, value: String)] {
        (pathNamesFormat ? [] : [("format", format.rawValue)]) + (byteOrderMark ? [("bom", "1")] : [])
    }

    /// This document's own URL, absolute, canonically encoded.
    var selfURL: String { url(Call.link(path: call.path, query: call.canonicalQuery + representationItems)) }

    /// The next page, when the client paged with `limit` (relative, like the JSON envelope's links).
    func nextLink(cursor: String?) -> String? {
        guard let cursor else { return nil }
        return Call.link(path: call.path, query: call.query.filter { $0.name != "cursor" } + [("cursor", cursor)] + representationItems)
    }

    /// Whether the client asked for pages: exports are the whole filtered collection unless `limit` is given.
    var paged: Bool { call.query.contains { $0.name == "limit" } }

    /// NDJSON carries the records' relative links; every other export has absolute links, so its bytes
    /// (and so its strong tag) depend on the base URL.
    var usesBase: Bool { format != .ndjson }

    var etag: String {
        ETag.make(datasetVersion: call.version, path: call.path,
                  query: call.canonicalQuery + representationItems + (usesBase ? [("@base", base)] : []), mediaType: format.type)
    }

    /// A download name: `ties-events-<version>.csv`, `ties-leaders-anwar-ibrahim-events-<version>.ics`.
    var filename: String {
        var stem = call.path.hasPrefix(Paths.base + "/") ? String(call.path.dropFirst(Paths.base.count + 1)) : call.path
        for ext in [".ics", ".atom"] where stem.hasSuffix(ext) { stem.removeLast(ext.count) }
        // Ids are slugs today; anything else a future id brings becomes a hyphen, so the quoted name stays valid.
        let safe = String(String.UnicodeScalarView(stem.lowercased().unicodeScalars.map { s -> Unicode.Scalar in
            (("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-") ? s : "-"
        }))
        let ext = switch format {
        case .csv: "csv"
        case .ics: "ics"
        case .ndjson: "ndjson"
        case .atom: "atom"
        case .jsonld: "jsonld"
        case .json: "json"
        case .csl: "csl.json"
        case .bibtex: "bib"
        case .ris: "ris"
        case .txt: "txt"
        case .html: "html"
        }
        return "ties-\(safe.isEmpty ? "index" : safe)-\(call.version).\(ext)"
    }

    /// The response document for bytes in this format.
    func document(_ bytes: [UInt8], next: String? = nil) -> Document {
        var doc = Document(mediaType: format.mediaType, bytes: bytes, etag: etag)
        decorate(&doc, next: next)
        return doc
    }

    func document(stream: Chunks, next: String? = nil) -> Document {
        var doc = Document(mediaType: format.mediaType, stream: stream, etag: etag)
        decorate(&doc, next: next)
        return doc
    }

    private func decorate(_ doc: inout Document, next: String?) {
        doc.negotiated = !pathNamesFormat
        // Spreadsheets, calendars and reference files are files people save (or hand to a reference manager);
        // feeds, NDJSON, JSON-LD and CSL-JSON are read by programs.
        if format == .csv || format == .ics || format == .bibtex || format == .ris {
            doc.headers.append(("Content-Disposition", "attachment; filename=\"\(filename)\""))
        }
        if let next { doc.headers.append(("Link", "<\(next)>; rel=\"next\"")) }
    }

    /// The document of a URL without query parameters comes from the snapshot's cache (compressed once).
    func cached(_ build: () throws(Problem) -> Document) throws(Problem) -> Document {
        guard call.query.isEmpty, format != .ndjson else { return try build() }
        let key = "\(format.rawValue)|\(byteOrderMark ? 1 : 0)|\(pathNamesFormat ? 1 : 0)|\(base)|\(call.path)"
        return try call.catalog.exports.document(key, build)
    }

    /// Every record the query matches (from its `cursor` on) when the client gave no `limit`, in pages of
    /// the maximum size under the hood; exactly one page when it did.
    func collect<Q, T>(_ query: Q, limit: WritableKeyPath<Q, Int>, cursor: WritableKeyPath<Q, String?>,
                       _ run: (Q) throws(QueryError) -> Page<T>) throws(Problem) -> Collected<T> {
        var q = query
        if !paged { q[keyPath: limit] = Limit.maximum }
        var items: [T] = []
        while true {
            let page = try call.query { () throws(QueryError) in try run(q) }
            items.append(contentsOf: page.items)
            guard !paged, let next = page.nextCursor else {
                return Collected(items: items, total: page.total, nextCursor: paged ? page.nextCursor : nil)
            }
            q[keyPath: cursor] = next
        }
    }
}

/// The records of an export and, when paged, the cursor of the next page.
struct Collected<T> {
    var items: [T]
    /// How many records match the filters in all (`meta.total` of the JSON list).
    var total: Int
    var nextCursor: String?
}
