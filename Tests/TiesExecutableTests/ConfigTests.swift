import Foundation
import Testing
@testable import ties
@testable import TiesHTTP

private func parse(_ json: String) throws(ConfigErrors) -> Config {
    try Config.parse(json: Data(json.utf8), file: "config.json", baseDirectory: "/srv/ties")
}

private func problems(_ json: String) -> [String] {
    do {
        _ = try parse(json)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

@Test func emptyObjectGivesProductionDefaults() throws {
    let config = try parse("{}")
    #expect(config.port == 8080)
    #expect(config.host == "::")
    #expect(config.limits.maxHeaderBytes == 32 * 1024)
    #expect(config.timeouts.headerReadSeconds == 10)
    #expect(config.publicDirectory == "/srv/ties/Public")
    #expect(config.dataDirectory == nil)
}

@Test func shippedConfigFileIsValidAndMatchesTheDefaults() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("config.json"))
    let shipped = try Config.parse(json: data, file: "config.json", baseDirectory: root.path)
    var defaults = Config()
    defaults.publicDirectory = root.appendingPathComponent("Public").path
    #expect(shipped == defaults)
}

@Test func everyProblemIsReportedWithItsKey() {
    let found = problems(#"{"port": "eighty", "limits": {"maxHeaderBytes": 10, "maxHeaderByte": 5}, "timeouts": {"idleSeconds": -1}, "logLevel": "loud", "colour": true}"#)
    #expect(found.contains { $0.hasPrefix("config.json: port: must be a whole number") && $0.hasSuffix("got \"eighty\"") })
    #expect(found.contains { $0.hasPrefix("config.json: limits.maxHeaderBytes: must be a whole number from 1024") })
    #expect(found.contains("config.json: limits.maxHeaderByte: unknown key"))
    #expect(found.contains { $0.hasPrefix("config.json: timeouts.idleSeconds: must be a number of seconds") })
    #expect(found.contains { $0.hasPrefix("config.json: logLevel: must be one of \"debug\", \"info\"") })
    #expect(found.contains("config.json: colour: unknown key"))
    #expect(found.count == 6)
}

@Test func booleansAreNotNumbersAndNumbersAreNotBooleans() {
    #expect(problems(#"{"port": true}"#).count == 1)
    #expect(problems(#"{"accessLog": 1}"#).count == 1)
    #expect(problems(#"{"accessLog": false}"#).isEmpty)
}

@Test func fractionalCountsAreRefused() {
    #expect(problems(#"{"limits": {"maxConnections": 10.5}}"#).count == 1)
}

@Test func malformedJSONIsNamed() {
    let found = problems(#"{"port": 80"#)
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("config.json: not valid JSON") == true)
}

@Test func corsOriginsMustBeOrigins() {
    #expect(problems(#"{"corsAllowedOrigins": ["https://newsroom.example", "*"]}"#).isEmpty)
    #expect(problems(#"{"corsAllowedOrigins": ["newsroom.example"]}"#).count == 1)
    #expect(problems(#"{"corsAllowedOrigins": ["https://a.example/path"]}"#).count == 1)
}

@Test func publicBaseURLMustBeAnHTTPURL() {
    #expect(problems(#"{"publicBaseURL": "https://ties.example"}"#).isEmpty)
    #expect(problems(#"{"publicBaseURL": "https://example.org/ties/"}"#).isEmpty)
    #expect(problems(#"{"publicBaseURL": null}"#).isEmpty)
    #expect(problems(#"{"publicBaseURL": "ties.example"}"#).count == 1)
    #expect(problems(#"{"publicBaseURL": "ftp://ties.example"}"#).count == 1)
    #expect(problems(#"{"publicBaseURL": "https://ties.example/?x=1"}"#).count == 1)
}

@Test func shortReloadTokensAreRefused() {
    #expect(problems(#"{"reloadToken": "short"}"#).count == 1)
    #expect(problems(#"{"reloadToken": "0123456789abcdef"}"#).isEmpty)
}

@Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
    let file = Data(#"{"port": 9000, "host": "127.0.0.1"}"#.utf8)
    let read: (String) -> Data? = { $0 == "/w/config.json" ? file : nil }
    let fromFile = try Options.resolve(arguments: [], environment: [:], workingDirectory: "/w", readFile: read)
    #expect(fromFile.config.port == 9000)
    #expect(fromFile.configFile == "/w/config.json")
    let fromEnv = try Options.resolve(arguments: [], environment: ["PORT": "9100"], workingDirectory: "/w", readFile: read)
    #expect(fromEnv.config.port == 9100)
    let fromFlag = try Options.resolve(arguments: ["--port=9200", "--data", "data"], environment: ["PORT": "9100"], workingDirectory: "/w", readFile: read)
    #expect(fromFlag.config.port == 9200)
    #expect(fromFlag.config.dataDirectory == "/w/data")
    #expect(fromFlag.config.host == "127.0.0.1")
}

@Test func missingDefaultConfigMeansDefaultsButAMissingNamedConfigIsAnError() throws {
    let none: (String) -> Data? = { _ in nil }
    #expect(try Options.resolve(arguments: [], environment: [:], workingDirectory: "/w", readFile: none).config.port == 8080)
    #expect(throws: ConfigErrors.self) {
        try Options.resolve(arguments: ["--config", "/etc/ties.json"], environment: [:], workingDirectory: "/w", readFile: none)
    }
}

@Test func badFlagsAndEnvironmentAreNamed() {
    do {
        _ = try Options.resolve(arguments: ["--port", "http", "--colour"], environment: [:], workingDirectory: "/w", readFile: { _ in nil })
        Issue.record("expected an error")
    } catch {
        let text = error.problems.map(\.description)
        #expect(text.contains("--colour: unknown option (see --help)"))
    }
    do {
        _ = try Options.resolve(arguments: [], environment: ["PORT": "99999"], workingDirectory: "/w", readFile: { _ in nil })
        Issue.record("expected an error")
    } catch {
        #expect(error.problems.map(\.location) == ["PORT"])
    }
}

@Test func checkModeIsRecognised() throws {
    #expect(try Options.resolve(arguments: ["--check"], environment: [:], workingDirectory: "/w", readFile: { _ in nil }).mode == .check)
}

@Test func logTimestampsAreRFC3339UTCWithMilliseconds() throws {
    let stamp = Log.timestamp()
    let pattern = try Regex(#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#)
    #expect(stamp.wholeMatch(of: pattern) != nil)
    let parsed = try Date(stamp, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
    #expect(abs(parsed.timeIntervalSinceNow) < 2)  // the same second, give or take: the civil-date arithmetic is exact
}

@Test func rateLimitAndSheddingAreReadAndEveryBadValueNamed() throws {
    let config = try parse(#"{"rateLimit": {"requestsPerSecond": 2.5, "burst": 10, "trustedProxies": ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"], "forwardedHeader": "Forwarded", "exempt": ["/healthz", "/static/*"], "maxClients": 5000}, "shedding": {"maxQueueDelaySeconds": 0, "retryAfterSeconds": 3, "exempt": []}}"#)
    #expect(config.rateLimit.requestsPerSecond == 2.5 && config.rateLimit.burst == 10 && config.rateLimit.maxClients == 5000)
    #expect(config.rateLimit.trustedProxies.count == 3 && config.rateLimit.forwardedHeader == .forwarded)
    #expect(config.shedding.maxQueueDelaySeconds == 0 && config.shedding.retryAfterSeconds == 3 && config.shedding.exempt.isEmpty)
    #expect(try parse(#"{"rateLimit": {"enabled": false}}"#).rateLimit.enabled == false)

    let found = problems(#"{"rateLimit": {"requestsPerSecond": 0, "burst": 0, "trustedProxies": ["10.0.0.0/33", "proxy.example"], "forwardedHeader": "X-Real-IP", "exempt": ["healthz"], "maxClients": 1, "rate": 5}, "shedding": {"maxQueueDelaySeconds": -1, "retryAfterSeconds": 0}}"#)
    #expect(found.contains { $0.hasPrefix("config.json: rateLimit.requestsPerSecond: must be a number from 0.001") })
    #expect(found.contains { $0.hasPrefix("config.json: rateLimit.burst: must be a whole number from 1") })
    #expect(found.contains("config.json: rateLimit.trustedProxies: each entry must be an address or CIDR such as \"10.0.0.0/8\" or \"2001:db8::/32\", got \"10.0.0.0/33\""))
    #expect(found.contains { $0.contains("rateLimit.trustedProxies") && $0.hasSuffix("got \"proxy.example\"") })
    #expect(found.contains { $0.hasPrefix("config.json: rateLimit.forwardedHeader: must be one of \"X-Forwarded-For\", \"Forwarded\"") })
    #expect(found.contains { $0.hasPrefix("config.json: rateLimit.exempt: each entry must be a path") })
    #expect(found.contains { $0.hasPrefix("config.json: rateLimit.maxClients: must be a whole number from 16") })
    #expect(found.contains("config.json: rateLimit.rate: unknown key"))
    #expect(found.contains { $0.hasPrefix("config.json: shedding.maxQueueDelaySeconds: must be a number of seconds from 0") })
    #expect(found.contains { $0.hasPrefix("config.json: shedding.retryAfterSeconds: must be a whole number from 1") })
    #expect(found.count == 10)
}

@Test func embedFrameAncestorsAreSourcesACSPTakes() throws {
    #expect(try parse(#"{"embedFrameAncestors": ["'self'", "https://cms.newsroom.example"]}"#).embedFrameAncestors == ["'self'", "https://cms.newsroom.example"])
    #expect(problems(#"{"embedFrameAncestors": ["cms.newsroom.example"]}"#).count == 1)
    #expect(problems(#"{"embedFrameAncestors": ["https://a.example; script-src *"]}"#).count == 1, "no policy injection")
}

@Test func accessLogDurationsAreWrittenAsTheirDoubleDescription() {
    for micros: Int64 in [0, 1, 10, 100, 221, 999, 1000, 1001, 1500, 12_340, 123_456_789, 5_000_000] {
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { t in
            var w = LineWriter(at: t.baseAddress!)
            w.milliseconds(micros: micros)
            return String(decoding: UnsafeBufferPointer(start: t.baseAddress, count: t.baseAddress!.distance(to: w.end)), as: UTF8.self)
        }
        #expect(written == String(Double(micros) / 1000), "\(micros) µs")
    }
}

/// The line is written into memory sized from its fields: the longest ones, every byte escaped six-fold,
/// still fit, and the path is cut at 512 characters.
@Test func anAccessLogLineHoldsItsLongestFields() throws {
    let path = "/" + String(repeating: "\u{01}", count: 700)
    let id = String(repeating: "\"", count: 300)
    let line = AccessLog.line(CompletedExchange(requestID: id, method: .get, path: path, route: String(repeating: "\\", count: 100),
                                                status: .ok, bodyBytes: .max, elapsedNanoseconds: .max,
                                                remoteAddress: "[2001:db8::1]:65535"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.dropLast())) as? [String: Any])
    #expect((object["path"] as? String)?.count == 512 && object["requestId"] as? String == id)
    #expect(object["bytes"] as? Int == Int.max && line.capacity >= line.count)
}

@Test func anAccessLogLineIsOneJSONObjectWithEveryField() throws {
    let exchange = CompletedExchange(requestID: "abc-1", method: .get, path: "/api/v1/events/\"odd\"\n", route: "/api/v1/events/{id}",
                                     status: .notFound, bodyBytes: 123, elapsedNanoseconds: 1_500_000, remoteAddress: "127.0.0.1:5000")
    let line = AccessLog.line(exchange)
    #expect(line.last == 10 && line.filter { $0 == 10 }.count == 1, "one line")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.dropLast())) as? [String: Any])
    #expect(object["path"] as? String == "/api/v1/events/\"odd\"\n" && object["status"] as? Int == 404 && object["bytes"] as? Int == 123)
    #expect(object["durationMs"] as? Double == 1.5 && object["route"] as? String == "/api/v1/events/{id}" && object["method"] as? String == "GET")
    let time = try #require(object["time"] as? String)
    #expect(time.count == 24 && time.hasSuffix("Z") && Log.timestamp().count == 24)
    let bare = AccessLog.line(CompletedExchange(requestID: "x", method: nil, path: nil, route: nil, status: .badRequest, bodyBytes: 0,
                                                elapsedNanoseconds: 0, remoteAddress: "[::1]:1"))
    #expect(String(decoding: bare, as: UTF8.self).contains(#""method":"-","path":"-","route":null,"status":400,"bytes":0,"durationMs":0.0"#))
}
