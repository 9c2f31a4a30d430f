import Synchronization
import TiesHTTP

/// Serves `/openapi.json`. The document is built once per dataset version (its vocabularies and examples
/// come from the data) and compressed once, then presented like every API document (ETag, 304, gzip).
final class OpenAPIRoute: Sendable {
    private let cache = Mutex<(version: String, document: Document)?>(nil)

    func add(to routes: inout Router.Builder, api: API) {
        routes.add(.get, OpenAPIDocument.path) { [self] request, _ in
            guard request.queryItems.isEmpty else { return OperationsRoutes.unknownParameters(request) }
            return api.presenter.present(document(api.state.served, reloadEnabled: api.options.reloadToken != nil), to: request)
        }
    }

    func document(_ served: Served, reloadEnabled: Bool) -> Document {
        if let cached = cache.withLock({ $0 }), cached.version == served.version { return cached.document }
        let json = OpenAPIDocument.build(snapshot: served.snapshot, endpoints: API.endpoints, reloadEnabled: reloadEnabled)
        let bytes = json.serialized
        // Tagged by content, not only by dataset version: a new build whose document changed while the data
        // did not must not be answered 304 to a client holding the old document.
        var hash = FNV1a()
        hash.add(String(decoding: bytes, as: UTF8.self))
        var doc = Document(mediaType: "application/json; charset=utf-8", bytes: bytes, etag: "\"\(served.version)-\(hash.hex)\"")
        doc.negotiated = false
        doc.prepare()
        cache.withLock { $0 = (served.version, doc) }
        return doc
    }
}
