import Glibc
import TiesHTTP

/// Serves the bench fixtures as fixed bytes, so `compare.sh` measures the HTTP engine alone:
/// `/api/v1/events` → events.json, `/api/v1/leaders/anwar-ibrahim` → leader.json, `/healthz`, JSON 404.
///
///     TiesHTTPBench [--port 8080] [--host ::] [--fixtures DIR] [--workers N]
///
/// DIR defaults to $BENCH_FIXTURES, else shared/bench/fixtures beside the working directory or beside the
/// package this binary was built in (`<package>/.build/release/TiesHTTPBench`). SIGTERM/SIGINT shut down
/// gracefully.
@main
struct BenchServer {
    static func main() {
        var configuration = ServerConfiguration()
        var fixtures = getenv("BENCH_FIXTURES").map { String(cString: $0) } ?? defaultFixtures()
        var args = CommandLine.arguments.dropFirst()
        while let flag = args.popFirst() {
            guard let value = args.popFirst() else { fail("missing value for \(flag)") }
            switch flag {
            case "--port": configuration.port = Int(value) ?? 8080
            case "--host": configuration.host = value
            case "--fixtures": fixtures = value
            case "--workers": configuration.workerCount = Int(value) ?? configuration.workerCount
            default: fail("unknown flag \(flag)")
            }
        }
        configuration.errorResponder = { error in
            let body = "{\"type\":\"about:blank\",\"title\":\"\(error.status.reasonPhrase)\",\"status\":\(error.status.code)}"
            return HTTPResponse(status: error.status, headers: ["Content-Type": "application/json"], body: .bytes(Array(body.utf8)))
        }
        let json: HTTPHeaders = ["Content-Type": "application/json"]
        let events = HTTPResponse(headers: json, body: .bytes(read(fixtures + "/events.json")))
        let leader = HTTPResponse(headers: json, body: .bytes(read(fixtures + "/leader.json")))
        let health = HTTPResponse(headers: json, body: .bytes(Array("{\"status\":\"ok\"}".utf8)))

        var routes = Router.Builder()
        routes.add(.get, "/api/v1/events") { _, _ in events }
        routes.add(.get, "/api/v1/leaders/{id}") { _, context in
            context.parameters["id"] == "anwar-ibrahim"
                ? leader : .error(HTTPError(.notFound, detail: "no such leader"))
        }
        routes.add(.get, "/healthz") { _, _ in health }
        let server: HTTPServer
        do {
            server = HTTPServer(configuration: configuration, responder: try routes.build())
            try server.start()
        } catch {
            fail("\(error)")
        }
        write(1, "TiesHTTPBench listening on port \(server.port) with \(configuration.workerCount) worker(s)\n")
        server.shutdownOnSignals()
        server.waitUntilStopped()
    }

    static func defaultFixtures() -> String {
        // <package>/.build/release/X or <package>/.build/<triple>/release/X
        let parts = CommandLine.arguments[0].split(separator: "/", omittingEmptySubsequences: false)
        let packages = [3, 4].map { parts.dropLast($0).joined(separator: "/") }
        let candidates = ["../shared/bench/fixtures"] + packages.map { $0 + "/../shared/bench/fixtures" }
        return candidates.first { access($0 + "/events.json", R_OK) == 0 } ?? candidates[0]
    }

    static func read(_ path: String) -> [UInt8] {
        guard let f = fopen(path, "rb") else { fail("cannot read \(path)") }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    static func write(_ fd: Int32, _ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    static func fail(_ message: String) -> Never {
        write(2, "TiesHTTPBench: \(message)\n")
        exit(2)
    }
}
