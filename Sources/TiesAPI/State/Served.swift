import FoundationEssentials
import TiesCore
import TiesHTTP

/// What the API serves from one dataset snapshot: the catalog (the snapshot and each record's JSON, encoded
/// when first needed) and the documents that are the same for every request (a record by id, a collection's
/// first page with default parameters, a source's text), built and compressed on their first request. Its
/// data never changes; a reload builds a new one and swaps it in whole, so no request ever sees half of one
/// dataset and half of another.
public final class Served: Sendable {
    let catalog: Catalog
    /// JSON documents for GET requests without a query, by path, made on first request.
    let prepared: PreparedDocuments
    /// How long loading and validating this snapshot took (nothing is prepared before it serves).
    public let loadDuration: Duration
    /// This snapshot as known at past dates (`?knownAt=`), built when first asked.
    let views = KnownAtViews()

    public var snapshot: Snapshot { catalog.snapshot }
    public var version: String { catalog.snapshot.version }

    /// The licence link checked once (nil when there is none, or when its URL cannot go in a header: then
    /// `addLicenceLink` adds the text and the response fails as before).
    private let licenceLinkField: PreparedField?

    init(catalog: Catalog, prepared: PreparedDocuments, loadDuration: Duration) {
        self.catalog = catalog
        licenceLinkField = catalog.licenceLink.flatMap { PreparedField("Link", $0) }
        self.prepared = prepared
        self.loadDuration = loadDuration
    }

    /// Adds `Link: <licence>; rel="license"` when dataset.json names the licence's URL. Here on the class, not
    /// on `Catalog`: reaching into the struct from a responder copied all of it (a retain per field) per request.
    func addLicenceLink(to headers: inout HTTPHeaders) {
        if let field = licenceLinkField {
            headers.add(field)
        } else if let link = catalog.licenceLink {
            headers.add("Link", link)
        }
    }

    /// What the sources published on or before `date` support (see `KnownAt`).
    func known(at date: PartialDate) -> Served { views.view(of: self, at: date) }
}

/// A snapshot with each record's JSON, `links` included, encoded once, on first use. Endpoints compute from this.
struct Catalog: Sendable {
    let snapshot: Snapshot
    /// Record JSON by id (event, leader, partnership level, source, topic, country code), encoded on first use.
    let eventJSON: RecordJSON
    let leaderJSON: RecordJSON
    let levelJSON: RecordJSON
    let sourceJSON: RecordJSON
    let topicJSON: RecordJSON
    let countryJSON: RecordJSON
    /// Non-JSON documents of default URLs (`/events.ics`), made on first request and kept for this snapshot.
    let exports = ExportCache()
    let meta: EnvelopeMeta
    /// `<url>; rel="license"` for every response, when dataset.json names its licence's URL.
    let licenceLink: String?
    /// Set when this catalog is the dataset as known at a past date.
    let view: KnownAtView?

    var version: String { snapshot.version }

    init(snapshot: Snapshot, view: KnownAtView? = nil) {
        self.snapshot = snapshot
        self.view = view
        meta = EnvelopeMeta(snapshot.info, version: snapshot.version, knownAt: view?.knownAt)
        licenceLink = snapshot.info.licenceURL.map { "<\($0)>; rel=\"license\"" }
        func table<T: Encodable & Sendable>(_ kind: RecordKind, _ list: @escaping @Sendable (Snapshot) -> [T],
                                 cite: @escaping @Sendable (T) -> Attribution? = { _ in nil },
                                 rights: @escaping @Sendable (T) -> SourceRights? = { _ in nil },
                                 links: @escaping @Sendable (T) -> [(String, String)]) -> RecordJSON {
            RecordJSON(count: list(snapshot).count, position: { snapshot.position(of: kind, id: $0) }) { i in
                let record = list(snapshot)[i]
                var extra: [(String, any Encodable)] = []
                if let c = cite(record) { extra.append(("cite", c)) }
                if let r = rights(record) { extra.append(("rights", r)) }
                return try? OrderedJSONEncoder().encode(Linked(record: record, links: links(record), extra: extra))
            }
        }
        eventJSON = table(.event, \.events,
                          cite: { Attribution(record: Paths.event($0.id), citations: $0.citations, snapshot: snapshot) }) {
            [("self", Paths.event($0.id)), ("history", HistoryEndpoints.historyLink(.event, $0.id))]
        }
        leaderJSON = table(.leader, \.leaders, cite: { l in
            Attribution(record: Paths.leader(l.id), citations: l.factCitations, snapshot: snapshot, form: .phrase)
        }) { [("self", Paths.leader($0.id)), ("events", Paths.leader($0.id) + "/events"), ("history", HistoryEndpoints.historyLink(.leader, $0.id))] }
        levelJSON = table(.partnershipLevel, \.partnershipLevels,
                          cite: { Attribution(record: Paths.level($0.id), citations: $0.citations, snapshot: snapshot) }) {
            [("self", Paths.level($0.id)), ("event", Paths.event($0.eventId)), ("history", HistoryEndpoints.historyLink(.partnershipLevel, $0.id))]
        }
        sourceJSON = table(.source, \.sources, rights: { SourceRights($0, info: snapshot.info) }) { Catalog.sourceLinks($0.id) }
        topicJSON = table(.topic, \.topics) {
            [("self", Paths.topic($0.id)), ("events", "/api/v1/events?topic=" + Paths.queryEscaped($0.id)), ("history", HistoryEndpoints.historyLink(.topic, $0.id))]
        }
        countryJSON = table(.country, \.countries) {
            [("self", Paths.country($0.code)), ("events", "/api/v1/events?country=" + $0.code), ("history", HistoryEndpoints.historyLink(.country, $0.code))]
        }
    }
}

extension Catalog {
    /// A source's links, listed and in its detail (`/sources/{id}`).
    static func sourceLinks(_ id: String) -> [(String, String)] {
        [("self", Paths.source(id)), ("text", Paths.source(id) + "/text"), ("history", HistoryEndpoints.historyLink(.source, id))]
    }
}

/// A record with the API's `links` appended after its own keys.
struct Linked<Record: Encodable>: Encodable {
    let record: Record
    let links: [(String, String)]
    /// Fields the API adds to a record, written before `links`: a fact's `cite`, a source's `rights`.
    var extra: [(String, any Encodable)] = []

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        for (name, value) in extra { try c.encode(value, forKey: Key(stringValue: name)) }
        var nested = c.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: "links"))
        for (name, value) in links { try nested.encode(value, forKey: Key(stringValue: name)) }
    }
}

/// The API's URL paths, in one place so links and routes agree.
enum Paths {
    static let base = "/api/v1"
    static func event(_ id: String) -> String { "\(base)/events/\(segment(id))" }
    static func leader(_ id: String) -> String { "\(base)/leaders/\(segment(id))" }
    static func level(_ id: String) -> String { "\(base)/partnership-levels/\(segment(id))" }
    static func source(_ id: String) -> String { "\(base)/sources/\(segment(id))" }
    static func topic(_ id: String) -> String { "\(base)/topics/\(segment(id))" }
    static func country(_ code: String) -> String { "\(base)/countries/\(segment(code))" }

    /// Ids are slugs, but a newsroom's sixth article may bring any character: escape what a path segment
    /// cannot hold as is (RFC 3986 §3.3).
    static func segment(_ s: String) -> String { percentEncoded(s, keeping: segmentAllowed) }

    static func queryEscaped(_ s: String) -> String { percentEncoded(s, keeping: queryAllowed) }

    /// RFC 3986 percent-encoding of every UTF-8 byte that is not an ASCII letter or digit or in `keeping`
    /// (upper-case hex, as Foundation's `addingPercentEncoding` wrote before the server dropped Foundation).
    private static func percentEncoded(_ s: String, keeping: [Bool]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            if byte < 128 && keeping[Int(byte)] {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%")); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let segmentAllowed = asciiSet("-._~!$&'()*+,;=:@")
    private static let queryAllowed = asciiSet("-._~!$'()*,;:@/?")

    private static func asciiSet(_ extra: String) -> [Bool] {
        (0..<128).map { (c: Int) -> Bool in
            let b = UInt8(c)
            return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || extra.utf8.contains(b)
        }
    }
}
