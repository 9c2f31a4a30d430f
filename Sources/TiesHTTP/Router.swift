/// Routes requests by method and path pattern. Declared with a `Router.Builder`, then frozen by `build()`
/// into an immutable trie of path segments (Hummingbird's design; lesson 11):
///
///     var routes = Router.Builder()
///     routes.add(.get, "/api/v1/events") { request, context in ... }
///     routes.add(.get, "/api/v1/events/{id}") { request, context in context.parameters["id"]! ... }
///     routes.fallback = try StaticFiles(root: "Public")
///     let router = try routes.build()          // duplicate or malformed patterns throw here
///
/// Matching: a literal segment beats a parameter at the same position, with backtracking (`/a/b/d` finds
/// `/a/{x}/d` when `/a/b/c` is the literal route). Path segments are percent-decoded before comparison and
/// capture; a parameter that does not decode to UTF-8 answers 400. A path no route matches goes to `fallback`,
/// or answers 404; a path some route matches with another method answers 405 with `Allow`. HEAD is served by
/// the GET handler where no HEAD route exists (the server drops the body). `OPTIONS *` answers 204 with
/// every method the router serves. Errors are returned as `HTTPResponse.error(_:)`, rendered by the server.
public struct Router: HTTPResponder {
    /// One registered route, as declared.
    public struct Route: Sendable, Hashable, CustomStringConvertible {
        public let method: HTTPMethod
        public let pattern: String
        public var description: String { "\(method) \(pattern)" }
    }

    public struct Builder {
        private var entries: [(method: HTTPMethod, pattern: String, responder: any HTTPResponder)] = []
        /// Answers requests whose path matches no route (e.g. `StaticFiles`); nil answers 404.
        public var fallback: (any HTTPResponder)?

        public init() {}

        public mutating func add(_ method: HTTPMethod, _ pattern: String,
                                 _ handler: @escaping @Sendable (HTTPRequest, RequestContext) -> HTTPResponse) {
            entries.append((method, pattern, ClosureResponder(handler)))
        }

        public mutating func add(_ method: HTTPMethod, _ pattern: String, responder: some HTTPResponder) {
            entries.append((method, pattern, responder))
        }

        public func build() throws(RouterError) -> Router {
            var trie = [RouteTrie.Draft()]
            var seen = Set<String>()
            for entry in entries {
                let segments = try Router.parse(entry.pattern)
                let shape = "\(entry.method.rawValue) /" + segments.map { $0.isParameter ? "{}" : $0.text }.joined(separator: "/")
                guard seen.insert(shape).inserted else { throw .duplicateRoute(entry.method, entry.pattern) }
                var node = 0
                for segment in segments {
                    if segment.isParameter {
                        if let child = trie[node].parameterChild {
                            node = child
                        } else {
                            trie.append(RouteTrie.Draft())
                            trie[node].parameterChild = trie.count - 1
                            node = trie.count - 1
                        }
                    } else {
                        let bytes = Array(segment.text.utf8)
                        if let child = trie[node].literals.first(where: { $0.bytes == bytes })?.child {
                            node = child
                        } else {
                            trie.append(RouteTrie.Draft())
                            trie[node].literals.append((bytes, trie.count - 1))
                            node = trie.count - 1
                        }
                    }
                }
                trie[node].handlers.append(Handler(method: entry.method, responder: entry.responder, pattern: entry.pattern,
                                                   parameterNames: segments.filter(\.isParameter).map(\.text)))
                trie[node].methods |= entry.method.bit
            }
            return Router(trie: RouteTrie(trie), routes: entries.map { Route(method: $0.method, pattern: $0.pattern) },
                          fallback: fallback)
        }
    }

    /// A class: a match hands one around, and copying a struct holding an existential, a string and an array
    /// cost about 300 instructions a request where a reference costs one retain.
    final class Handler: Sendable {
        init(method: HTTPMethod, responder: any HTTPResponder, pattern: String, parameterNames: [String]) {
            self.method = method
            self.responder = responder
            self.pattern = pattern
            self.parameterNames = parameterNames
        }

        let method: HTTPMethod
        let responder: any HTTPResponder
        let pattern: String
        let parameterNames: [String]
    }

    private let trie: RouteTrie
    /// Every route in declaration order (for an OpenAPI comparison, a route listing, metrics labels).
    public let routes: [Route]
    public let fallback: (any HTTPResponder)?
    private var allMethods: UInt16 { trie.allMethods }

    private init(trie: RouteTrie, routes: [Route], fallback: (any HTTPResponder)?) {
        self.trie = trie
        self.routes = routes
        self.fallback = fallback
    }

    public func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        if request.path == "*" {
            guard request.method == .options else { return .error(HTTPError(.badRequest, detail: "* is only for OPTIONS")) }
            var headers = HTTPHeaders()
            headers.add("Allow", Router.allowHeader(allMethods))
            return HTTPResponse(status: .noContent, headers: headers)
        }
        switch match(request.method, path: request.path) {
        case .found(let handler, let parameters):
            var context = context
            context.parameters = parameters
            context.route = handler.pattern
            var response = handler.responder.respond(to: request, context: context)
            if response.route == nil { response.route = handler.pattern }
            return response
        case .methodNotAllowed(let allowed):
            var error = HTTPError(.methodNotAllowed, detail: "\(request.method) is not allowed here; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))")
            error.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return .error(error)
        case .notFound:
            if let fallback { return fallback.respond(to: request, context: context) }
            return .error(HTTPError(.notFound, detail: "no route for \(request.path)"))
        case .badEncoding:
            return .error(HTTPError(.badRequest, detail: "a path segment is not valid percent-encoded UTF-8"))
        }
    }

    /// The methods some route serves at `path` (HEAD included where GET is), in a fixed order; nil when no
    /// route matches the path. For answering CORS preflights and `OPTIONS`.
    public func allowedMethods(forPath path: String) -> [HTTPMethod]? {
        var mask: UInt16 = 0
        var path = path
        let trie = self.trie
        let any = path.withUTF8 { p -> Bool in
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: trie.maxCaptures + 1) { captures in
                var matched = false
                trie.walk(p, node: 0, from: Router.firstSegmentStart(p), captures: captures.baseAddress!, depth: 0) { node, _ in
                    mask |= trie.methods(at: node)
                    matched = true
                    return false
                }
                return matched
            }
        }
        return any ? Router.methods(in: mask) : nil
    }

    enum Match {
        case found(handler: Handler, parameters: PathParameters)
        case methodNotAllowed([HTTPMethod])
        case notFound
        case badEncoding
    }

    /// Resolves a method and raw (percent-encoded) path without calling anything.
    func match(_ method: HTTPMethod, path: String) -> Match {
        var path = path
        let trie = self.trie
        return path.withUTF8 { p -> Match in
            guard let start = Router.firstSegmentStart(p) else { return .notFound }
            // The captures live on the stack: at most `maxCaptures` of them.
            return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: trie.maxCaptures + 1) { buffer -> Match in
                let captures = buffer.baseAddress!
                var found = -1, captured = 0
                var mask: UInt16 = 0
                var matchedAny = false
                trie.walk(p, node: 0, from: start, captures: captures, depth: 0) { node, count in
                    matchedAny = true
                    mask |= trie.methods(at: node)
                    guard let index = trie.handlerIndex(at: node, for: method) else { return false }
                    found = index
                    captured = count
                    return true
                }
                guard found >= 0 else { return matchedAny ? .methodNotAllowed(Router.methods(in: mask)) : .notFound }
                let handler = trie.handlers[found]
                var parameters = PathParameters()
                parameters.storage.reserveCapacity(captured)
                for (i, name) in handler.parameterNames.prefix(captured).enumerated() {
                    guard let value = PercentDecoding.decode(UnsafeBufferPointer(rebasing: p[captures[i]]), plusAsSpace: false) else {
                        return .badEncoding
                    }
                    parameters.storage.append((name: name, value: value))
                }
                return .found(handler: handler, parameters: parameters)
            }
        }
    }

    /// Offset of the first segment, `p.count` for the root path "/", nil for a path not starting with "/".
    private static func firstSegmentStart(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !p.isEmpty, p[0] == ASCII.slash else { return nil }
        return 1
    }

    // MARK: - Patterns

    struct PatternSegment {
        var text: String
        var isParameter: Bool
    }

    /// `/literal/{name}/...`: a leading slash; parameter names of `[A-Za-z0-9_]`; literals of URI path
    /// characters without `%`, braces or `*` (a literal is compared with the decoded path segment).
    static func parse(_ pattern: String) throws(RouterError) -> [PatternSegment] {
        guard pattern.hasPrefix("/") else { throw .invalidPattern(pattern, "must start with /") }
        if pattern == "/" { return [] }
        var out: [PatternSegment] = []
        var names = Set<String>()
        for raw in pattern.utf8.dropFirst().split(separator: ASCII.slash, omittingEmptySubsequences: false) {
            let text = String(decoding: raw, as: UTF8.self)
            if raw.first == UInt8(ascii: "{") {
                guard raw.last == UInt8(ascii: "}"), raw.count > 2 else { throw .invalidPattern(pattern, "unclosed {") }
                let name = String(text.dropFirst().dropLast())
                guard name.utf8.allSatisfy({ c in c == 0x5F || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) })
                else { throw .invalidPattern(pattern, "parameter names are letters, digits and _") }
                guard names.insert(name).inserted else { throw .invalidPattern(pattern, "parameter {\(name)} twice") }
                out.append(PatternSegment(text: name, isParameter: true))
            } else {
                guard raw.allSatisfy({ ASCII.isTargetChar($0) && $0 != ASCII.percent && $0 != ASCII.question
                                        && $0 != UInt8(ascii: "*") }) else {
                    throw .invalidPattern(pattern, "segment \"\(text)\" has characters a literal may not have")
                }
                out.append(PatternSegment(text: text, isParameter: false))
            }
        }
        return out
    }

    static func methods(in mask: UInt16) -> [HTTPMethod] {
        var mask = mask
        if mask & HTTPMethod.get.bit != 0 { mask |= HTTPMethod.head.bit }
        return HTTPMethod.allCases.filter { mask & $0.bit != 0 }.sorted { $0.canonicalOrder < $1.canonicalOrder }
    }

    static func allowHeader(_ mask: UInt16) -> String {
        methods(in: mask).map(\.rawValue).joined(separator: ", ")
    }
}

/// Why `Router.Builder.build()` refused the routes.
public enum RouterError: Error, Equatable, CustomStringConvertible {
    case invalidPattern(String, String)
    case duplicateRoute(HTTPMethod, String)

    public var description: String {
        switch self {
        case .invalidPattern(let pattern, let reason): "invalid route pattern \(pattern): \(reason)"
        case .duplicateRoute(let method, let pattern): "duplicate route \(method) \(pattern)"
        }
    }
}

extension HTTPMethod {
    var bit: UInt16 { 1 << UInt16(canonicalOrder) }
}
