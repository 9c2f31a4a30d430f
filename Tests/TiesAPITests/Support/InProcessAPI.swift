@testable import TiesAPI
import TiesCore
@testable import TiesHTTP

/// The API's responder called directly, as the server would call it (errors rendered by `api.errorResponder`),
/// without sockets: for tests about what the API answers rather than how the engine frames it.
struct InProcessAPI {
    /// One embedded-dataset load shared by every test in this target (loading is the slow part).
    static let state: ServingState = {
        do throws(DatasetLoadError) { return try ServingState(source: .embedded) } catch { fatalError("the embedded dataset does not load: \(error.errors)") }
    }()

    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        /// The route pattern the router matched (nil for an unmatched path).
        var route: String?
        var contentType: String { (headers["Content-Type"] ?? "").split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "" }
        func json() throws -> JSON { try JSON.parse(body) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let api: API
    let responder: any HTTPResponder
    /// The router inside the CORS wrapper, for its `routes`.
    let router: Router

    init(reloadToken: String? = nil) throws {
        var options = APIOptions()
        options.reloadToken = reloadToken
        api = API(state: InProcessAPI.state, options: options)
        responder = try api.responder()
        guard let cors = responder as? CORS else { fatalError("API.responder is expected to be the CORS wrapper") }
        router = cors.router
    }

    func request(_ method: HTTPMethod = .get, _ target: String, headers: [(String, String)] = []) throws -> Answer {
        var h = HTTPHeaders()
        for (name, value) in headers { h.add(name, value) }
        let request = try HTTPRequest(method: method, target: target, headers: h)
        var response = responder.respond(to: request, context: RequestContext(requestID: "test-request"))
        if var error = response.error {
            // What the connection adds before rendering (Connection.queue).
            error.requestID = "test-request"
            if error.method == nil { error.method = method }
            if error.target == nil { error.target = target }
            response.error = error
            response = response.renderingError(with: api.errorResponder)
        }
        let body: [UInt8]
        switch response.body {
        case .empty: body = []
        case .bytes(let b): body = b
        case .stream(let s): body = s.collect()
        }
        return Answer(status: response.status.code, headers: response.headers, body: body, route: response.route)
    }

    func get(_ target: String, headers: [(String, String)] = []) throws -> Answer { try request(.get, target, headers: headers) }
}

extension ResponseStream {
    /// Every chunk, concatenated (tests only; the server pulls chunks under backpressure).
    func collect() -> [UInt8] {
        var out: [UInt8] = []
        let next = makeNext()
        while let chunk = next() { out += chunk }
        return out
    }
}
