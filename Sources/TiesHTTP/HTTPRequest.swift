/// A complete request as the handler sees it: head, decoded query, and the whole body.
///
/// The body is read in full (up to `Limits.maxBodyBytes`) before the handler runs, and the query is
/// percent-decoded before it runs too: a query that is not valid percent-encoded UTF-8 is answered with 400
/// and never reaches the handler.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var version: HTTPVersion
    /// The request target exactly as sent: origin-form (`/a/b?c`), absolute-form (`http://h/a`) or `*`.
    public var target: String
    /// The path of the target, still percent-encoded (`/api/v1/events/x%20y`); `*` for `OPTIONS *`.
    public var path: String
    /// The query's `name=value` pairs, percent-decoded (`+` is a space), in order, repeated names kept.
    public var queryItems: [(name: String, value: String)]
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's address as `host:port` (`[v6]:port` for IPv6; IPv4-mapped addresses shown as IPv4).
    public var remoteAddress: String
    /// The peer's IP address, read once per connection (nil when `remoteAddress` names none).
    public var peer: IPAddress?

    /// Builds a request from a target, splitting and decoding its query. Throws a 400 `HTTPError` when the
    /// target is not a valid origin-form, absolute-form or `*` target, or when the query does not decode.
    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String = "") throws(HTTPError) {
        var target = target
        let split = target.withUTF8 { TargetSplit(form: $0) }
        guard let split else {
            throw HTTPError(.badRequest, detail: "the request target is not valid", method: method, target: target)
        }
        guard let items = HTTPRequest.decodedQuery(of: target, split: split) else {
            throw HTTPRequest.invalidQuery(method: method, target: target)
        }
        self.init(method: method, version: version, target: target, split: split, queryItems: items,
                  headers: headers, body: body, remoteAddress: remoteAddress, peer: IPAddress(hostAndPort: remoteAddress))
    }

    /// A request from parts the parser already checked, its query already decoded (`decodedQuery`). Not
    /// throwing on purpose: when this initializer threw, the optimizer built the request in a temporary and
    /// copied it out, a retain and a release for each of its six references on every request.
    init(method: HTTPMethod, version: HTTPVersion, target: String, split: TargetSplit,
         queryItems: [(name: String, value: String)], headers: HTTPHeaders, body: [UInt8], remoteAddress: String,
         peer: IPAddress?) {
        self.method = method
        self.version = version
        self.target = target
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.peer = peer
        self.queryItems = queryItems
        let utf8 = target.utf8
        if split.pathStart == 0 && split.queryStart == nil {
            path = target  // the common case shares the target's storage
        } else {
            let start = utf8.index(utf8.startIndex, offsetBy: split.pathStart)
            let end = split.queryStart.map { utf8.index(utf8.startIndex, offsetBy: $0 - 1) } ?? utf8.endIndex
            path = start == end ? "/" : String(Substring(utf8[start..<end]))
        }
    }

    /// The target's query as `name=value` pairs, percent-decoded; nil when it is not valid percent-encoded UTF-8.
    static func decodedQuery(of target: String, split: TargetSplit) -> [(name: String, value: String)]? {
        guard let q = split.queryStart else { return [] }
        let utf8 = target.utf8
        return PercentDecoding.queryItems(Array(utf8[utf8.index(utf8.startIndex, offsetBy: q)...]))
    }

    static func invalidQuery(method: HTTPMethod, target: String) -> HTTPError {
        HTTPError(.badRequest, detail: "the query is not valid percent-encoded UTF-8", method: method, target: target)
    }

    /// The first value of query parameter `name`, or nil.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Every value of query parameter `name`, in order.
    public func queryValues(_ name: String) -> [String] {
        queryItems.compactMap { $0.name == name ? $0.value : nil }
    }
}

/// Where the path and the query start inside a request target (UTF-8 offsets).
struct TargetSplit: Sendable, Equatable {
    var pathStart: Int
    var queryStart: Int?

    init(pathStart: Int, queryStart: Int?) {
        self.pathStart = pathStart
        self.queryStart = queryStart
    }

    /// Splits a target already checked by the parser, or checks and splits one given to `HTTPRequest.init`.
    init?(form t: UnsafeBufferPointer<UInt8>) {
        guard !t.isEmpty else { return nil }
        if t.count == 1 && t[0] == UInt8(ascii: "*") { self.init(pathStart: 0, queryStart: nil); return }
        var i = 0
        while i < t.count {
            let c = t[i]
            guard ASCII.isTargetChar(c) else { return nil }
            if c == ASCII.percent {
                guard i + 2 < t.count, ASCII.hexValue(t[i + 1]) != nil, ASCII.hexValue(t[i + 2]) != nil else { return nil }
                i += 2
            }
            i += 1
        }
        var pathStart = 0
        if t[0] != ASCII.slash {
            guard let authorityEnd = TargetSplit.absoluteFormAuthorityEnd(t) else { return nil }
            pathStart = authorityEnd
        }
        var q: Int? = nil
        var j = pathStart
        while j < t.count {
            if t[j] == ASCII.question { q = j + 1; break }
            j += 1
        }
        self.init(pathStart: pathStart, queryStart: q)
    }

    /// For `http://authority/path?q` (scheme case-insensitive, `https` too): the offset where the path
    /// begins (the end of the authority), or nil if this is not absolute-form.
    static func absoluteFormAuthorityEnd(_ t: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < t.count, t[i] != ASCII.colon { i += 1 }
        let scheme = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(t)[0..<i])
        guard ASCII.equalsLowercase(scheme, "http") || ASCII.equalsLowercase(scheme, "https") else { return nil }
        guard i + 2 < t.count, t[i + 1] == ASCII.slash, t[i + 2] == ASCII.slash else { return nil }
        let authorityStart = i + 3
        var end = authorityStart
        while end < t.count, t[end] != ASCII.slash, t[end] != ASCII.question { end += 1 }
        let authority = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(t)[authorityStart..<end])
        guard !authority.isEmpty, HostSyntax.isValid(authority) else { return nil }
        return end
    }
}
