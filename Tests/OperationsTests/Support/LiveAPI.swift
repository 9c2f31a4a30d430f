import Foundation
import Synchronization
import TiesAPI
import TiesCore
import TiesHTTP

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// The shipped dataset copied to a temporary directory, to be edited into new revisions or broken.
final class DatasetCopy: Sendable {
    let directory: URL
    var path: String { directory.path }
    /// The event whose summary carries the revision marker.
    static let markedEvent = "2015-05-25-abe-najib-summit"
    let pristineEvents: String

    /// `keepHistory: false` (the default) drops changelog.json: tests about reloads edit the copy freely, where a
    /// logged dataset would (rightly) refuse a version its log does not name.
    init(keepHistory: Bool = false) throws {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let shipped = packageRoot.appendingPathComponent("Sources/TiesCore/Dataset")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ties-ops-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: shipped, to: directory)
        if !keepHistory { try? FileManager.default.removeItem(at: directory.appendingPathComponent("changelog.json")) }
        pristineEvents = try String(contentsOf: directory.appendingPathComponent("events.json"), encoding: .utf8)
        guard pristineEvents.contains("\"id\": \"\(Self.markedEvent)\"") else { throw TestFailure("events.json lacks \(Self.markedEvent)") }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func write(_ file: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(file), options: .atomic)
    }

    func read(_ file: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    }

    /// A valid dataset whose marked event's summary begins with `[rev N] `: a new version per N.
    func writeRevision(_ n: Int) throws {
        // The marked event is the first in the file, so the first summary is its own.
        guard let range = pristineEvents.range(of: "\"summary\": \"") else { throw TestFailure("no summary in events.json") }
        try write("events.json", pristineEvents.replacingCharacters(in: range, with: "\"summary\": \"[rev \(n)] "))
    }

    /// Two ways to break the dataset, told apart by the errors they give.
    enum Breakage: CaseIterable {
        /// events.json cut in half: a syntax error.
        case truncatedJSON
        /// A quote that is not in its source and a participant who is not in leaders.json: two errors.
        case unknownQuoteAndLeader
    }

    func writeBroken(_ kind: Breakage) throws {
        switch kind {
        case .truncatedJSON:
            try write("events.json", String(pristineEvents.prefix(pristineEvents.count / 2)))
        case .unknownQuoteAndLeader:
            var text = pristineEvents
            guard let quote = text.range(of: "\"quote\": \"I've agreed with Prime Minister Najib"),
                  let leader = text.range(of: "{\"leaderId\": \"najib-razak\"") else { throw TestFailure("events.json changed shape") }
            // Replace the later range first so the earlier one stays valid.
            if quote.lowerBound > leader.lowerBound {
                text.replaceSubrange(quote, with: "\"quote\": \"Words nobody wrote, with Prime Minister Najib")
                text.replaceSubrange(leader, with: "{\"leaderId\": \"nobody-at-all\"")
            } else {
                text.replaceSubrange(leader, with: "{\"leaderId\": \"nobody-at-all\"")
                text.replaceSubrange(quote, with: "\"quote\": \"Words nobody wrote, with Prime Minister Najib")
            }
            try write("events.json", text)
        }
    }
}

/// The real API on the real engine, in process, on 127.0.0.1 with an ephemeral port: what `ties` wires,
/// minus logging and signals.
final class LiveAPI: Sendable {
    static let reloadToken = "test-reload-token-0123456789"
    let api: API
    let server: HTTPServer
    var state: ServingState { api.state }
    var port: Int { server.port }

    init(dataDirectory: String, reloadToken: String? = LiveAPI.reloadToken, workers: Int = 2,
         rateLimit: RateLimitOptions? = nil,
         configure: (inout ServerConfiguration) -> Void = { _ in },
         wrap: (any HTTPResponder) -> any HTTPResponder = { $0 }) throws {
        let state = try ServingState(source: .directory(dataDirectory))
        var options = APIOptions()
        options.reloadToken = reloadToken
        options.rateLimit = rateLimit
        api = API(state: state, options: options)
        var config = ServerConfiguration()
        config.host = "127.0.0.1"
        config.port = 0
        config.workerCount = workers
        config.timeouts.shutdownGraceSeconds = 30
        config.errorResponder = api.errorResponder
        let metrics = api.metrics
        config.onResponse = { metrics.record($0) }
        // Shedding answers 503 to a request that waited half a second: on a loaded CI machine that would fail
        // tests about something else. LoadSheddingTests turn it on with a bound of their own.
        config.shedding.maxQueueDelaySeconds = 0
        configure(&config)
        server = HTTPServer(configuration: config, responder: wrap(try api.responder()))
        try server.start()
        let server = self.server
        api.reportStats { server.stats }
    }

    deinit { server.shutdown(gracePeriod: .seconds(2)) }

    func client() -> KeepAliveClient { KeepAliveClient(port: port) }
}

/// Reads `"datasetVersion":"…"` from a response body, and the version part of a strong ETag `"<version>-<hash>"`.
enum Versions {
    static func inBody(_ text: String) -> String? {
        guard let r = text.range(of: "\"datasetVersion\":") else { return nil }
        let rest = text[r.upperBound...].drop { $0 == " " }
        guard rest.first == "\"" else { return nil }
        return String(rest.dropFirst().prefix { $0 != "\"" })
    }

    static func inETag(_ tag: String?) -> String? {
        guard let tag, tag.hasPrefix("\""), let dash = tag.firstIndex(of: "-") else { return nil }
        return String(tag[tag.index(after: tag.startIndex)..<dash])
    }

    /// Every `[rev N]` marker in a body, as numbers.
    static func revisions(_ text: String) -> Set<Int> {
        var out = Set<Int>()
        var rest = text[...]
        while let r = rest.range(of: "[rev ") {
            let digits = rest[r.upperBound...].prefix { $0.isNumber }
            if let n = Int(digits) { out.insert(n) }
            rest = rest[r.upperBound...]
        }
        return out
    }
}

/// Runs closures on their own threads (not Dispatch's pool, which is as wide as the machine's two cores and
/// would run blocking clients one after another) and waits for all of them.
func runThreads(_ bodies: [@Sendable () -> Void]) {
    let done = DispatchGroup()
    for body in bodies {
        done.enter()
        let thread = Thread {
            body()
            done.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    done.wait()
}

/// Polls a condition for up to `seconds` (a bound that only keeps a broken server from hanging the run; no
/// assertion is about time).
func eventually(within seconds: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

/// Shared state for test threads (a noncopyable `Atomic` or `Mutex` cannot be captured by their closures).
final class Flag: Sendable {
    private let value: Atomic<Bool>
    init(_ initial: Bool = false) { value = Atomic(initial) }
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set(_ v: Bool = true) { value.store(v, ordering: .releasing) }
}

final class Count: Sendable {
    private let value = Atomic<Int>(0)
    var current: Int { value.load(ordering: .acquiring) }
    func add(_ n: Int = 1) { value.add(n, ordering: .acquiringAndReleasing) }
}

final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}
