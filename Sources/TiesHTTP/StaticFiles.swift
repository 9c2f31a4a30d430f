import Glibc
import Synchronization

/// Serves a small folder (the dashboard in `Public/`) for GET and HEAD.
///
/// Design: the folder is read into memory when the responder is made and again on `rescan()`, and each
/// file's 200 response (with its strong ETag, a hash of its bytes) is built then. Serving is a dictionary
/// lookup with no file-system access, so nothing outside the folder can be served whatever the request says:
/// the lookup key comes from a path that was percent-decoded once, whose segments may not be empty, `.`, `..`,
/// hidden (`.name`), or contain `/`, `\` or NUL after decoding (all 404), and symbolic links are followed at
/// scan time only when they resolve inside the folder. Scanning stops at `maxTotalBytes`; the folder is meant
/// to be small.
///
/// `/` and `/dir/` serve `index.html`; `/dir` redirects (301) to `/dir/` so relative links work. `If-None-Match`
/// with a matching tag answers 304. A path with no file is 404 whatever the method; for a file, OPTIONS answers
/// 204 and other methods 405, both with `Allow: GET, HEAD, OPTIONS`.
public final class StaticFiles: HTTPResponder {
    public struct Options: Sendable {
        /// `Cache-Control` on every file. Default `no-cache`: browsers revalidate, and the ETag makes that a
        /// bodiless 304.
        public var cacheControl: String = "no-cache"
        public var maxFileBytes: Int = 16 * 1024 * 1024
        public var maxTotalBytes: Int = 64 * 1024 * 1024
        public init() {}
    }

    final class Snapshot: Sendable {
        let files: [String: HTTPResponse]
        let directories: Set<String>

        init(files: [String: HTTPResponse], directories: Set<String>) {
            self.files = files
            self.directories = directories
        }
    }

    public let root: String
    public let options: Options
    private let snapshot: Mutex<Snapshot>

    public init(root: String, options: Options = Options()) throws(StaticFilesError) {
        self.root = root
        self.options = options
        self.snapshot = Mutex(try StaticFiles.scan(root: root, options: options))
    }

    /// Reads the folder again and swaps the new contents in atomically.
    public func rescan() throws(StaticFilesError) {
        let fresh = try StaticFiles.scan(root: root, options: options)
        snapshot.withLock { $0 = fresh }
    }

    /// The relative paths served, sorted (for tests and start-up logs).
    public var files: [String] { snapshot.withLock { $0 }.files.keys.sorted() }

    public func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        let current = snapshot.withLock { $0 }
        guard let (relative, trailingSlash) = StaticFiles.normalize(request.path) else { return notFound(request) }
        var key = relative
        let isDirectory = current.directories.contains(relative)
        if isDirectory {
            key = relative.isEmpty ? "index.html" : relative + "/index.html"
        } else if trailingSlash {
            return notFound(request)
        }
        // A path with nothing behind it is 404 whatever the method; only an existing file can answer 405.
        guard let response = current.files[key] else { return notFound(request) }
        switch request.method {
        case .get, .head: break
        case .options:
            return HTTPResponse(status: .noContent, headers: ["Allow": "GET, HEAD, OPTIONS"])
        default:
            var error = HTTPError(.methodNotAllowed, detail: "static files are served for GET and HEAD")
            error.headers.add("Allow", "GET, HEAD, OPTIONS")
            return .error(error)
        }
        if isDirectory && !(trailingSlash || relative.isEmpty) {
            var headers = HTTPHeaders()
            let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) } ?? ""
            headers.add("Location", request.path + "/" + query)
            return HTTPResponse(status: .movedPermanently, headers: headers)
        }
        if let tags = request.headers["If-None-Match"], let etag = response.headers["ETag"],
           EntityTag.matches(ifNoneMatch: tags, etag: etag) {
            var headers = HTTPHeaders()
            headers.add("ETag", etag)
            headers.add("Cache-Control", options.cacheControl)
            return HTTPResponse(status: .notModified, headers: headers)
        }
        return response
    }

    private func notFound(_ request: HTTPRequest) -> HTTPResponse {
        .error(HTTPError(.notFound, detail: "no file at \(request.path)"))
    }

    // MARK: - Paths

    /// The decoded relative path (`css/app.css`, `` for the root) and whether the request path ended in `/`;
    /// nil for anything that could step outside the folder or name something hidden.
    static func normalize(_ path: String) -> (String, Bool)? {
        let raw = Array(path.utf8)
        guard raw.first == ASCII.slash else { return nil }
        var segments: [String] = []
        let parts = raw.dropFirst().split(separator: ASCII.slash, omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            if part.isEmpty {
                if i == parts.count - 1 { break }  // trailing slash
                return nil                          // "//"
            }
            guard let bytes = PercentDecoding.decodeBytes(part, plusAsSpace: false),
                  !bytes.contains(0), !bytes.contains(ASCII.slash), !bytes.contains(UInt8(ascii: "\\")),
                  bytes.first != UInt8(ascii: "."),  // ".", "..", and hidden files
                  let text = String(validating: bytes, as: UTF8.self) else { return nil }
            segments.append(text)
        }
        return (segments.joined(separator: "/"), raw.count > 1 && raw.last == ASCII.slash)
    }

    // MARK: - Scanning

    static func scan(root: String, options: Options) throws(StaticFilesError) -> Snapshot {
        guard let realRoot = realPath(root) else { throw StaticFilesError(path: root, reason: "not found") }
        var files: [String: HTTPResponse] = [:]
        var directories: Set<String> = [""]
        var visited: Set<String> = [realRoot]
        var total = 0

        func walk(_ directory: String, _ relative: String) throws(StaticFilesError) {
            guard let dir = opendir(directory) else { throw StaticFilesError(path: directory, reason: "cannot open") }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }  // ".", "..", and hidden files are never served
                let full = directory + "/" + name
                let rel = relative.isEmpty ? name : relative + "/" + name
                guard let real = realPath(full), real == realRoot || real.hasPrefix(realRoot + "/") else {
                    continue  // a symbolic link leading outside the folder
                }
                var st = stat()
                guard stat(real, &st) == 0 else { continue }
                if st.st_mode & S_IFMT == S_IFDIR {
                    guard visited.insert(real).inserted else { continue }
                    directories.insert(rel)
                    try walk(real, rel)
                } else if st.st_mode & S_IFMT == S_IFREG {
                    guard Int(st.st_size) <= options.maxFileBytes else { continue }
                    guard let bytes = System.readSmallFile(real) else { continue }
                    total += bytes.count
                    guard total <= options.maxTotalBytes else {
                        throw StaticFilesError(path: root, reason: "more than \(options.maxTotalBytes) bytes")
                    }
                    files[rel] = makeResponse(name: name, bytes: bytes, options: options)
                }
            }
        }
        try walk(realRoot, "")
        return Snapshot(files: files, directories: directories)
    }

    static func makeResponse(name: String, bytes: [UInt8], options: Options) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType(forName: name))
        headers.add("ETag", etag(bytes))
        headers.add("Cache-Control", options.cacheControl)
        headers.add("X-Content-Type-Options", "nosniff")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(bytes))
    }

    /// A strong validator: FNV-1a over the bytes, with the length.
    static func etag(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let hex = String(h, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "-" + String(bytes.count, radix: 16) + "\""
    }

    static func contentType(forName name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json", "map": return "application/json"
        case "webmanifest": return "application/manifest+json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(decoding: UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)), as: UTF8.self)
    }
}

public struct StaticFilesError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "static files: \(path): \(reason)" }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
