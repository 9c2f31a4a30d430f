import CCurl
import Foundation

/// A real HTTP client for the end-to-end tests: one libcurl easy handle per client, so consecutive
/// requests reuse the connection the way curl users' scripts and newsroom tools do.
final class CurlClient {
    struct Response {
        var status: Int
        /// Header lines of the final response, in order, names as sent.
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// Connections libcurl had to open for this transfer: 0 means an existing one was reused.
        var newConnections: Int

        var text: String { String(decoding: body, as: UTF8.self) }
        /// The media type of `Content-Type`, without parameters, lowercased.
        var mediaType: String {
            (header("Content-Type") ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        func headerValues(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        func jsonObject() throws -> [String: Any] {
            guard let object = try json() as? [String: Any] else { throw CurlError("body is not a JSON object: \(text.prefix(200))") }
            return object
        }
        /// `data` of a list envelope.
        func records() throws -> [[String: Any]] {
            guard let data = try jsonObject()["data"] as? [[String: Any]] else { throw CurlError("no data list: \(text.prefix(200))") }
            return data
        }
        /// `data` of a single-record envelope.
        func record() throws -> [String: Any] {
            guard let data = try jsonObject()["data"] as? [String: Any] else { throw CurlError("no data object: \(text.prefix(200))") }
            return data
        }
        /// The parameters a problem document's `errors` names.
        func problemParameters() throws -> [String] {
            ((try jsonObject()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["parameter"] as? String }
        }
    }

    struct CurlError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private let handle: UnsafeMutableRawPointer
    private let sink = Sink()
    let base: String

    /// `curl_global_init` is not thread-safe and must run once before any handle exists; tests run in parallel.
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    init(base: String) {
        _ = CurlClient.globalInit
        guard let h = curl_easy_init() else { fatalError("curl_easy_init failed") }
        handle = h
        self.base = base
    }

    deinit { curl_easy_cleanup(handle) }

    /// Sends one request. `decodeContent` asks libcurl to advertise and undo gzip/deflate, as `curl --compressed`.
    func request(_ path: String, method: String = "GET", headers: [String] = [], body: [UInt8]? = nil,
                 decodeContent: Bool = false, timeoutSeconds: Int = 30) throws -> Response {
        sink.reset()
        curl_easy_reset(handle)
        let url = path.hasPrefix("http") ? path : base + path
        var lists: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(lists) }
        for h in headers { lists = curl_slist_append(lists, h) }

        try url.withCString { u in
            try check(ties_curl_setopt_ptr(handle, CURLOPT_URL, u))
            try check(ties_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeoutSeconds))
            // Send the path exactly as given (no `..` squashing): tests probe odd paths on purpose.
            try check(ties_curl_setopt_long(handle, CURLOPT_PATH_AS_IS, 1))
            try check(ties_curl_setopt_ptr(handle, CURLOPT_HTTPHEADER, UnsafeRawPointer(lists)))
            if method == "HEAD" {
                try check(ties_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
            } else {
                try method.withCString { try check(ties_curl_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, $0)) }
            }
            if decodeContent { try "".withCString { try check(ties_curl_setopt_ptr(handle, CURLOPT_ACCEPT_ENCODING, $0)) } }
            let box = Unmanaged.passUnretained(sink).toOpaque()
            try check(ties_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION, bodyCallback))
            try check(ties_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, box))
            try check(ties_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION, headerCallback))
            try check(ties_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, box))
            if let body {
                try body.withUnsafeBytes { raw in
                    try check(ties_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, raw.count))
                    try check(ties_curl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, raw.baseAddress))
                }
            }
            try check(curl_easy_perform(handle))
        }
        var status = 0, connects = 0
        try check(ties_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        try check(ties_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects))
        return Response(status: status, headers: sink.finalHeaders(), body: sink.body, newConnections: connects)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else { throw CurlError("libcurl: \(String(cString: curl_easy_strerror(code)))") }
    }
}

/// Collects what libcurl hands the callbacks. Used from the test's own thread only (curl_easy_perform is synchronous).
private final class Sink {
    var body: [UInt8] = []
    var headerLines: [String] = []

    func reset() { body = []; headerLines = [] }

    /// libcurl passes the header lines of every response it saw (100 Continue, redirects); keep the last block.
    func finalHeaders() -> [(name: String, value: String)] {
        var block: [(name: String, value: String)] = []
        for line in headerLines {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("HTTP/") { block = []; continue }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            block.append((String(trimmed[..<colon]), trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return block
    }
}

private let bodyCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
    let sink = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
    let n = size * count
    if let data, n > 0 {
        sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n))
    }
    return n
}

private let headerCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
    let sink = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
    let n = size * count
    if let data, n > 0 {
        sink.headerLines.append(String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self))
    }
    return n
}
