import Foundation
import Testing
@testable import TiesHTTP

@Suite struct StaticFilesTests {
    /// A dashboard folder with an outside secret reachable only through tricks.
    final class Fixture {
        let base: String
        let root: String
        init() throws {
            base = NSTemporaryDirectory() + "ties-static-" + UUID().uuidString
            root = base + "/Public"
            let fm = FileManager.default
            try fm.createDirectory(atPath: root + "/css", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
            try "<h1>Ties</h1>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
            try "console.log(1)".write(toFile: root + "/app.js", atomically: true, encoding: .utf8)
            try "body{}".write(toFile: root + "/css/site.css", atomically: true, encoding: .utf8)
            try "<p>docs</p>".write(toFile: root + "/docs/index.html", atomically: true, encoding: .utf8)
            try "{}".write(toFile: root + "/manifest.webmanifest", atomically: true, encoding: .utf8)
            try "hidden".write(toFile: root + "/.env", atomically: true, encoding: .utf8)
            try "SECRET".write(toFile: base + "/outside/secret.txt", atomically: true, encoding: .utf8)
            try fm.createSymbolicLink(atPath: root + "/leak.txt", withDestinationPath: base + "/outside/secret.txt")
            try fm.createSymbolicLink(atPath: root + "/outdir", withDestinationPath: base + "/outside")
            try fm.createSymbolicLink(atPath: root + "/alias.js", withDestinationPath: root + "/app.js")
        }
        deinit { try? FileManager.default.removeItem(atPath: base) }
    }

    func get(_ files: StaticFiles, _ target: String, method: HTTPMethod = .get, headers: HTTPHeaders = HTTPHeaders()) throws -> HTTPResponse {
        files.respond(to: try HTTPRequest(method: method, target: target, headers: headers), context: RequestContext(requestID: "t"))
    }

    func text(_ r: HTTPResponse) -> String? {
        guard case .bytes(let b) = r.body else { return nil }
        return String(decoding: b, as: UTF8.self)
    }

    @Test func servesIndexForDirectoriesWithContentTypes() throws {
        let f = try Fixture()
        let files = try StaticFiles(root: f.root)
        #expect(files.files == ["alias.js", "app.js", "css/site.css", "docs/index.html", "index.html", "manifest.webmanifest"])
        let root = try get(files, "/")
        #expect(text(root) == "<h1>Ties</h1>")
        #expect(root.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(root.headers["Cache-Control"] == "no-cache")
        #expect(try get(files, "/css/site.css").headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(try get(files, "/app.js").headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(try get(files, "/manifest.webmanifest").headers["Content-Type"] == "application/manifest+json")
        #expect(text(try get(files, "/docs/")) == "<p>docs</p>")
        #expect(text(try get(files, "/alias.js")) == "console.log(1)")
    }

    @Test func redirectsDirectoryWithoutSlash() throws {
        let f = try Fixture()
        let r = try get(try StaticFiles(root: f.root), "/docs?x=1")
        #expect(r.status == .movedPermanently)
        #expect(r.headers["Location"] == "/docs/?x=1")
    }

    @Test func answersNotModifiedForMatchingETag() throws {
        let f = try Fixture()
        let files = try StaticFiles(root: f.root)
        let etag = try #require(try get(files, "/app.js").headers["ETag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
        for header in [etag, "\"other\", \(etag)", "W/\(etag)", "*"] {
            let r = try get(files, "/app.js", headers: ["If-None-Match": header])
            #expect(r.status == .notModified, "\(header)")
            #expect(r.headers["ETag"] == etag)
        }
        #expect(try get(files, "/app.js", headers: ["If-None-Match": "\"stale\""]).status == .ok)
        #expect(try get(files, "/index.html").headers["ETag"] != etag)
    }

    @Test func neverServesAnythingOutsideTheRoot() throws {
        let f = try Fixture()
        let files = try StaticFiles(root: f.root)
        let attempts = ["/../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/%2E%2E%2Foutside%2Fsecret.txt",
                        "/css/..%2fapp.js", "/css%2fsite.css", "/css%5csite.css", "/css/%5C..%5C..%5Coutside",
                        "/index.html%00.js", "/.env", "/%2eenv", "/leak.txt", "/outdir/secret.txt", "//app.js",
                        "/./app.js", "/css/./site.css", "/css/../app.js", "/nope.js", "/app.js/", "/%FF"]
        for target in attempts {
            let r = try get(files, target)
            #expect(r.error?.status == .notFound, "\(target) gave \(r.status)")
            #expect(text(r) == nil, "\(target) served a body")
        }
    }

    @Test func answers405ForOtherMethodsOnAFileAnd404WhereThereIsNone() throws {
        let f = try Fixture()
        let files = try StaticFiles(root: f.root)
        let r = try get(files, "/app.js", method: .post)
        #expect(r.error?.status == .methodNotAllowed)
        #expect(r.error?.headers["Allow"] == "GET, HEAD, OPTIONS")
        let options = try get(files, "/app.js", method: .options)
        #expect(options.status == .noContent)
        #expect(options.headers["Allow"] == "GET, HEAD, OPTIONS")
        // A POST to a path with no file (say a disabled admin route) must not claim the path exists.
        #expect(try get(files, "/admin/reload", method: .post).error?.status == .notFound)
        #expect(try get(files, "/nope", method: .options).error?.status == .notFound)
    }

    @Test func rescanPicksUpChanges() throws {
        let f = try Fixture()
        let files = try StaticFiles(root: f.root)
        try "new".write(toFile: f.root + "/new.txt", atomically: true, encoding: .utf8)
        #expect(try get(files, "/new.txt").error?.status == .notFound)
        try files.rescan()
        let r = try get(files, "/new.txt")
        #expect(text(r) == "new")
        #expect(r.headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func failsForAMissingRoot() {
        #expect(throws: StaticFilesError.self) { try StaticFiles(root: "/nonexistent/ties-public") }
    }
}
