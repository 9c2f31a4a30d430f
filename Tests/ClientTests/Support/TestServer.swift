import Foundation
import TiesAPI
import TiesCore
import TiesHTTP

/// The real server, started in this process on an ephemeral port and wired like the `ties` executable
/// (Sources/ties/Server.swift): the embedded dataset, the API's responder with the dashboard from `Public/`
/// as fallback when the folder exists, problem+json for every engine error, metrics on every response.
/// Started once per test run and shared; each test drives it through its own `CurlClient`.
final class TestServer: Sendable {
    let server: HTTPServer
    let api: API
    let base: String

    /// `*` origins, as config.json ships.
    static let shared = TestServer(origins: ["*"])
    /// A list of origins, to check echoing and `Vary: Origin`.
    static let listedOrigins = TestServer(origins: ["https://newsroom.example", "https://dash.example"])

    /// The package's `Public/` folder, or nil when this branch has no dashboard yet.
    static let publicDirectory: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Public").path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) && isDirectory.boolValue ? root : nil
    }()

    static let state: ServingState = {
        do throws(DatasetLoadError) { return try ServingState(source: .embedded) } catch {
            fatalError("the embedded dataset does not load: \(error.errors)")
        }
    }()

    private init(origins: [String]) {
        var options = APIOptions()
        options.corsAllowedOrigins = origins
        api = API(state: TestServer.state, options: options)
        let dashboard = TestServer.publicDirectory.flatMap { try? StaticFiles(root: $0) }
        var config = ServerConfiguration()
        config.host = "127.0.0.1"
        config.port = 0
        config.errorResponder = api.errorResponder
        config.shedding.maxQueueDelaySeconds = 0  // a loaded CI machine must not turn these tests' requests into 503s
        let metrics = api.metrics
        config.onResponse = { metrics.record($0) }
        do {
            server = HTTPServer(configuration: config, responder: try api.responder(fallback: dashboard))
            try server.start()
        } catch {
            fatalError("the test server does not start: \(error)")
        }
        let api = api, server = server
        api.reportStats { server.stats }
        base = "http://127.0.0.1:\(server.port)"
    }

    func client() -> CurlClient { CurlClient(base: base) }
}
