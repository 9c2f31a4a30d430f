import TiesHTTP

/// One representation of a resource, ready to send: the bytes, their media type, a strong ETag, and the
/// compressed variants when they were made ahead of time. Endpoints return Documents; `present` turns a
/// Document into a response for a particular request (304, compression, caching headers), so every endpoint
/// gets conditional requests and compression the same way.
struct Document: Sendable {
    var mediaType: String
    var body: Body
    /// Strong validator, quoted (`"…"`), for the identity coding; coded variants append `-gzip`/`-deflate`.
    var etag: String
    /// Extra headers of this representation (`Link`, `Content-Disposition`).
    var headers: [(name: String, value: String)] = []
    /// Precomputed coded bodies (prepared documents carry them; per-request documents compress on demand).
    var gzip: [UInt8]? = nil
    var deflate: [UInt8]? = nil
    /// Whether the representation was chosen from `Accept`/`format` (then `Vary: Accept`).
    var negotiated = true
    /// The longest a cache may keep this representation, when that is shorter than the configured
    /// `max-age` (an answer that changes at midnight must not be kept past it).
    var maxAgeCap: Int? = nil
    /// The type and tag fields checked and encoded once, for documents prepared once per snapshot.
    var wire: Wire? = nil

    struct Wire: Sendable {
        let contentType: PreparedField
        let etag: PreparedField
        let gzipETag: PreparedField?
        let deflateETag: PreparedField?

        func etag(for coding: ContentCoding?) -> PreparedField? {
            switch coding {
            case nil: etag
            case .gzip: gzipETag
            case .deflate: deflateETag
            }
        }
    }

    enum Body: Sendable {
        case bytes([UInt8])
        /// A body sent with chunked transfer coding (NDJSON of a whole collection), compressed as it is
        /// pulled when the client accepts a coding.
        case stream(Chunks)
    }

    init(mediaType: String, bytes: [UInt8], etag: String) {
        self.mediaType = mediaType
        self.body = .bytes(bytes)
        self.etag = etag
    }

    init(mediaType: String, stream: Chunks, etag: String) {
        self.mediaType = mediaType
        self.body = .stream(stream)
        self.etag = etag
    }

    var bytes: [UInt8]? {
        if case .bytes(let b) = body { return b }
        return nil
    }

    /// Everything Ties generates is text: byte bodies are worth compressing from a minimum size on; a
    /// stream is a whole collection, so it always is.
    var isCompressible: Bool {
        guard let bytes else { return true }
        return bytes.count >= ContentCoding.minimumWorthCompressing
    }

    /// Makes the gzip and deflate variants and the wire form of its fields now (for prepared documents, once
    /// per snapshot).
    mutating func prepare() {
        // Kept for the snapshot's life: without the spare capacity an encoder's growth left (up to half).
        if let bytes, bytes.capacity > bytes.count {
            body = .bytes([UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                count = buffer.initialize(fromContentsOf: bytes)
            })
        }
        if isCompressible, let bytes {
            gzip = ContentCoding.gzip.compress(bytes)
            deflate = gzip.flatMap { ContentCoding.zlibForm(ofGzip: $0, body: bytes) } ?? ContentCoding.deflate.compress(bytes)
        }
        guard let contentType = PreparedField("Content-Type", mediaType), let etag = PreparedField("ETag", etag) else { return }
        wire = Wire(contentType: contentType, etag: etag,
                    gzipETag: PreparedField("ETag", ETag.variant(self.etag, .gzip)),
                    deflateETag: PreparedField("ETag", ETag.variant(self.etag, .deflate)))
    }

    /// What keeping this document holds: its body and the compressed variants made for it.
    var heldBytes: Int { (bytes?.count ?? 0) + (gzip?.count ?? 0) + (deflate?.count ?? 0) }

    func coded(_ coding: ContentCoding) -> [UInt8]? {
        switch coding {
        case .gzip: gzip ?? bytes.flatMap { ContentCoding.gzip.compress($0) }
        case .deflate: deflate ?? bytes.flatMap { ContentCoding.deflate.compress($0) }
        }
    }
}

/// A document prepared once per snapshot, held by reference: looking one up for a request then costs one
/// retain, where copying the `Document` out of the table retained and released each of its seven references
/// (callgrind: 14 of a leader request's 190 reference-count operations, each an atomic instruction).
final class PreparedDocument: Sendable {
    let document: Document

    init(_ document: Document) { self.document = document }

    /// Presented from here, where `self` keeps the document alive, so it is read in place: passing
    /// `prepared.document` from the caller still copied it.
    func response(_ presenter: Presenter, to request: HTTPRequest) -> HTTPResponse {
        presenter.present(document, to: request)
    }
}

/// A streamed body before it is sent: `make` is called once per response and returns the function that
/// gives each next chunk (nil at the end). Kept apart from the engine's `ResponseStream` so the presenter
/// can compress the chunks on their way out.
struct Chunks: Sendable {
    let make: @Sendable () -> () -> [UInt8]?

    var plain: ResponseStream { ResponseStream(make) }

    func coded(_ coding: ContentCoding) -> ResponseStream { ResponseStream(coding.compressing(make)) }
}

/// Strong entity tags derived from content identity, not from the machine: the dataset version plus a
/// hash of what selects the representation (path, canonical query, media type, API revision). Every replica
/// serving the same dataset gives the same tag, so a CDN or a reverse proxy can revalidate against any of them.
enum ETag {
    /// Bumped when the API's output for the same data changes, so caches do not keep old shapes.
    static let apiRevision = "api-1"

    static func make(datasetVersion: String, path: String, query: [(name: String, value: String)], mediaType: String) -> String {
        var h = FNV1a()
        h.add(apiRevision)
        h.add(path)
        for item in query.sorted(by: { ($0.name, $0.value) < ($1.name, $1.value) }) {
            h.add(item.name)
            h.add(item.value)
        }
        h.add(mediaType)
        return "\"\(datasetVersion)-\(h.hex)\""
    }

    /// The tag of a coded variant: a different byte sequence needs a different strong tag (RFC 9110 §8.8.3).
    static func variant(_ tag: String, _ coding: ContentCoding) -> String {
        String(tag.dropLast()) + "-\(coding.rawValue)\""
    }
}

/// 64-bit FNV-1a: a fast, stable hash for cache keys (not for security).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf29ce484222325

    mutating func add(_ s: String) {
        for b in s.utf8 { value = (value ^ UInt64(b)) &* 0x100000001b3 }
        value = (value ^ 0x1F) &* 0x100000001b3  // field separator, so ("ab","c") ≠ ("a","bc")
    }

    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

import FoundationEssentials
