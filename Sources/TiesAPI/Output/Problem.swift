import TiesCore
import TiesHTTP

/// An RFC 9457 problem document: every error Ties sends, whether the engine, the router or an endpoint
/// found it, has this one shape, so a client writes one error handler.
///
/// `type` is a URI naming the kind of problem. Generic HTTP failures use `about:blank` (RFC 9457 §4.2.1:
/// the title is then the status phrase); Ties' own kinds are relative URIs under `/problems/` that the
/// README documents (`/problems/invalid-parameters`, `/problems/not-acceptable`, …).
public struct Problem: Error, Sendable, Encodable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String?
    /// For invalid query parameters: each one named, with what is wrong and the value sent.
    public var errors: [ParameterProblem]?
    /// Extension members (RFC 9457 §3.2) a client can act on without parsing `detail`, written after the
    /// standard ones in this order: `firstReported`, `datasetVersion`, `first`.
    public var members: [(name: String, value: String)] = []

    public struct ParameterProblem: Sendable, Encodable, Equatable {
        public var parameter: String
        public var message: String
        public var value: String?
    }

    public init(status: HTTPStatus, type: String = "about:blank", title: String? = nil, detail: String,
                instance: String? = nil, errors: [ParameterProblem]? = nil) {
        self.type = type
        self.title = title ?? status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.instance = instance
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, instance, errors }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(status, forKey: .status)
        try c.encode(detail, forKey: .detail)
        // OrderedJSONEncoder writes a nil as null; an absent instance is left out instead (RFC 9457 §3.1.5).
        if let instance { try c.encode(instance, forKey: .instance) }
        // Only parameter problems carry the list; others leave the key out rather than show an empty one.
        if let errors { try c.encode(errors, forKey: .errors) }
        var m = encoder.container(keyedBy: MemberKey.self)
        for (name, value) in members { try m.encode(value, forKey: MemberKey(stringValue: name)) }
    }

    static let mediaType = "application/problem+json; charset=utf-8"

    /// 400 naming every bad parameter (the store reports them all at once).
    static func invalidParameters(_ error: QueryError, instance: String) -> Problem {
        Problem(status: .badRequest, type: "/problems/invalid-parameters", title: "Invalid query parameters",
                       detail: error.errors.map(\.description).joined(separator: "; "),
                       instance: instance,
                       errors: error.errors.map { ParameterProblem(parameter: $0.parameter, message: $0.message, value: $0.value) })
    }

    static func notFound(_ what: String, id: String, instance: String) -> Problem {
        Problem(status: .notFound, type: "/problems/not-found", title: "Not found",
                detail: "No \(what) with id '\(id)'. Ids are listed at the collection's URL.", instance: instance)
    }

    /// The response for this problem. Errors are never cached by shared caches: a 404 for an id that a
    /// dataset update is about to add must not outlive the update.
    func response(requestID: String? = nil) -> HTTPResponse {
        var doc = self
        if doc.instance == nil, let requestID { doc.instance = "urn:ties:request:\(requestID)" }
        let body = (try? OrderedJSONEncoder().encode(doc)) ?? Array(#"{"title":"error"}"#.utf8)
        var headers = HTTPHeaders()
        headers.add("Content-Type", Problem.mediaType)
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: HTTPStatus(code: status), headers: headers, body: .bytes(body))
    }

    /// Renders the engine's and the router's errors (parse errors, 404, 405, timeouts, overload) as
    /// problem documents; set as `ServerConfiguration.errorResponder`.
    @Sendable public static func render(_ error: HTTPError) -> HTTPResponse {
        let instance = error.target.map { String($0.prefix(256)) }
        return Problem(status: error.status, detail: error.detail, instance: instance).response(requestID: error.requestID)
    }
}
