import Foundation
import Testing
import TiesAPI
import TiesCore
@testable import TiesHTTP

/// `/healthz`, `/readyz`, `/metrics` and `POST /admin/reload` on the real API.
@Suite struct OperationsRoutesTests {
    static let authorized = [("Authorization", "Bearer \(LiveAPI.reloadToken)")]

    @Test func reloadRouteIsAbsentWithoutAToken() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path, reloadToken: nil)
        let r = try live.client().request("/admin/reload", method: "POST", headers: Self.authorized)
        #expect(r.status == 404)
        #expect(live.state.lastReload.version == live.state.served.version)
    }

    @Test func reloadWithoutTheRightTokenIsRefusedAndReloadsNothing() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path)
        let http = live.client()
        for headers in [[], [("Authorization", "Bearer wrong-token-wrong-token")], [("Authorization", LiveAPI.reloadToken)],
                        [("Authorization", "Bearer \(LiveAPI.reloadToken)x")]] {
            let r = try http.request("/admin/reload", method: "POST", headers: headers)
            #expect(r.status == 401)
            #expect(r.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(r.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        }
        // GET is not a way in either.
        #expect(try http.request("/admin/reload", headers: Self.authorized).status == 405)
        let metrics = try http.request("/metrics").text
        #expect(metrics.contains("ties_dataset_reloads_total{result=\"success\"} 0\n"))
        #expect(metrics.contains("ties_dataset_reloads_total{result=\"failure\"} 0\n"))
    }

    @Test func refusedReloadReportsEveryErrorAndKeepsServingTheOldVersion() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path)
        let http = live.client()
        let before = live.state.served.version
        let reloads = Locked<[ReloadResult]>([])
        live.api.onReload { result in reloads.withLock { $0.append(result) } }

        try data.writeBroken(.unknownQuoteAndLeader)
        let r = try http.request("/admin/reload", method: "POST", headers: Self.authorized)
        #expect(r.status == 422)
        #expect(r.text.contains("\"result\":\"failure\""))
        #expect(r.text.contains("\"datasetVersion\":\"\(before)\""))
        let errors = try #require(reloads.value.last?.errors)
        #expect(errors.count >= 2, "both the missing quote and the unknown leader are reported: \(errors)")
        #expect(errors.contains { $0.description.contains("nobody-at-all") })
        #expect(errors.contains { $0.description.contains("Words nobody wrote") })
        for e in errors { #expect(r.text.contains(jsonEscaped(e.description)), "\(e) is in the answer") }

        // The old data serves; readiness stays up and tells what happened.
        #expect(live.state.served.version == before)
        let event = try http.request("/api/v1/events/\(DatasetCopy.markedEvent)")
        #expect(event.status == 200 && Versions.inBody(event.text) == before)
        let ready = try http.request("/readyz")
        #expect(ready.status == 200)
        #expect(ready.text.contains("\"status\":\"ready\""))
        #expect(ready.text.contains("\"lastReload\":{\"result\":\"failure\""))
        #expect(ready.text.contains("nobody-at-all"))
        let metrics = try http.request("/metrics").text
        #expect(metrics.contains("ties_dataset_reloads_total{result=\"failure\"} 1\n"))
        #expect(metrics.contains("ties_dataset_last_reload_success 0\n"))

        // Fixed, it loads: a new version, announced everywhere.
        try data.writeRevision(1)
        let fixed = try http.request("/admin/reload", method: "POST", headers: Self.authorized)
        #expect(fixed.status == 200)
        let after = live.state.served.version
        #expect(after != before)
        #expect(fixed.text.contains("\"datasetVersion\":\"\(after)\""))
        let readyAgain = try http.request("/readyz")
        #expect(readyAgain.text.contains("\"lastReload\":{\"result\":\"success\""))
        #expect(readyAgain.text.contains("\"datasetVersion\":\"\(after)\""))
        let changed = try http.request("/api/v1/events/\(DatasetCopy.markedEvent)")
        #expect(Versions.revisions(changed.text) == [1])
        #expect(Versions.inETag(changed.header("ETag")) == after)
    }

    @Test func readinessAndLivenessTakeNoParametersAndAreNeverCached() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path)
        let http = live.client()
        for path in ["/healthz", "/readyz", "/metrics"] {
            let r = try http.request(path)
            #expect(r.status == 200)
            #expect(r.header("Cache-Control") == "no-store")
            #expect(try http.request(path + "?verbose=1").status == 400)
        }
        #expect(try http.request("/metrics").header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
    }

    /// Prepared documents are made on first request, per snapshot: `/metrics` shows how many are kept and
    /// their bytes against the limit, and a reload starts the count again.
    @Test func metricsCountThePreparedDocumentsOfTheServingDataset() throws {
        let data = try DatasetCopy()
        let live = try LiveAPI(dataDirectory: data.path)
        let http = live.client()
        func gauge(_ name: String) throws -> Int? {
            let line = try http.request("/metrics").text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            return line.flatMap { Int($0.split(separator: " ")[1]) }
        }
        #expect(try gauge("ties_prepared_documents") == 0)
        #expect(try gauge("ties_prepared_bytes") == 0)
        #expect(try gauge("ties_prepared_max_bytes") == ServingState.defaultMaxPreparedBytes)
        let first = try http.request("/api/v1/events/\(DatasetCopy.markedEvent)")
        let again = try http.request("/api/v1/events/\(DatasetCopy.markedEvent)")
        #expect(first.status == 200 && again.text == first.text && again.header("ETag") == first.header("ETag"))
        #expect(try gauge("ties_prepared_documents") == 1)
        #expect(try (gauge("ties_prepared_bytes") ?? 0) >= first.body.count)

        try data.writeRevision(1)
        #expect(try http.request("/admin/reload", method: "POST", headers: Self.authorized).status == 200)
        #expect(try gauge("ties_prepared_documents") == 0)
    }

    private func jsonEscaped(_ s: String) -> String {
        String(decoding: try! JSONEncoder().encode(s), as: UTF8.self).dropFirst().dropLast().replacingOccurrences(of: "\\/", with: "/")
    }
}

/// The exposition text itself, fed by hand-made exchanges.
@Suite struct MetricsTextTests {
    static func exchange(route: String?, method: HTTPMethod? = .get, status: HTTPStatus = .ok, bytes: Int = 10, seconds: Double) -> CompletedExchange {
        CompletedExchange(requestID: "r", method: method, path: "/p", route: route, status: status, bodyBytes: bytes,
                          elapsedNanoseconds: Int64(seconds * 1e9), remoteAddress: "127.0.0.1:1")
    }

    static let gauges = Metrics.Gauges(openConnections: 3, acceptedConnections: 7, rejectedConnections: 1, datasetVersion: "abc\"def",
                                       datasetLoadSeconds: 0.5, datasetLoadedAt: Date(timeIntervalSince1970: 1_700_000_000),
                                       recordCounts: [("events", 22)], lastReloadSucceeded: false,
                                       lastReloadAt: Date(timeIntervalSince1970: 1_700_000_100), draining: true)

    @Test func histogramBucketsAreCumulativeAndEndInTheCount() {
        let metrics = Metrics()
        for s in [0.00005, 0.0003, 0.0003, 0.004, 7.0] { metrics.record(Self.exchange(route: "/api/v1/events", seconds: s)) }
        let text = metrics.render(Self.gauges)
        let buckets = text.split(separator: "\n").filter { $0.hasPrefix("ties_http_request_duration_seconds_bucket{route=\"/api/v1/events\"") }
        let counts = buckets.compactMap { Int($0.split(separator: " ").last!) }
        #expect(counts.count == 16)
        #expect(counts == counts.sorted(), "cumulative")
        #expect(buckets.first!.contains("le=\"0.0001\"") && counts.first == 1)
        #expect(buckets.last!.contains("le=\"+Inf\"") && counts.last == 5)
        #expect(text.contains("ties_http_request_duration_seconds_count{route=\"/api/v1/events\"} 5\n"))
        #expect(text.contains("ties_http_requests_total{route=\"/api/v1/events\",method=\"GET\",status=\"200\"} 5\n"))
        #expect(text.contains("ties_http_response_body_bytes_total{route=\"/api/v1/events\"} 50\n"))
    }

    /// Labels are remembered by representation for speed: the same label held in different storage still
    /// counts as one series, and more labels than the memory has slots are each counted apart.
    @Test func everyLabelCountsAsOneSeriesWhateverItsStorage() {
        let metrics = Metrics()
        let routes = (0..<100).map { "/api/v1/collection-number-\($0)/{id}" }
        for round in 0..<3 {
            for (i, route) in routes.enumerated() {
                // A fresh copy of the bytes each time, besides the one String the router would hand over.
                let label = round == 1 ? String(decoding: Array(route.utf8), as: UTF8.self) : route
                metrics.record(Self.exchange(route: label, status: i.isMultiple(of: 2) ? .ok : .notFound, seconds: 0.001))
            }
        }
        let text = metrics.render(Self.gauges)
        for (i, route) in routes.enumerated() {
            let status = i.isMultiple(of: 2) ? 200 : 404
            #expect(text.contains("ties_http_requests_total{route=\"\(route)\",method=\"GET\",status=\"\(status)\"} 3\n"), "\(route)")
            #expect(text.contains("ties_http_request_duration_seconds_count{route=\"\(route)\"} 3\n"), "\(route)")
        }
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("ties_http_requests_total{") }.count == 100)
    }

    @Test func unmatchedPathsAndOddMethodsShareBoundedLabels() {
        let metrics = Metrics()
        for i in 0..<50 { metrics.record(CompletedExchange(requestID: "r", method: .get, path: "/probe-\(i)", route: nil, status: .notFound,
                                                           bodyBytes: 1, elapsedNanoseconds: 0, remoteAddress: "")) }
        metrics.record(Self.exchange(route: nil, method: nil, status: .badRequest, seconds: 0))
        let text = metrics.render(Self.gauges)
        #expect(text.contains("ties_http_requests_total{route=\"(unmatched)\",method=\"GET\",status=\"404\"} 50\n"))
        #expect(text.contains("ties_http_requests_total{route=\"(unmatched)\",method=\"UNPARSED\",status=\"400\"} 1\n"))
        #expect(!text.contains("probe-"))
    }

    @Test func gaugesAndLabelValuesFollowTheExpositionFormat() {
        let text = Metrics().render(Self.gauges)
        #expect(text.contains("ties_dataset_info{version=\"abc\\\"def\"} 1\n"), "a quote in a label value is escaped")
        #expect(text.contains("ties_http_connections_open 3\n"))
        #expect(text.contains("ties_http_connections_accepted_total 7\n"))
        #expect(text.contains("ties_http_connections_rejected_total 1\n"))
        #expect(text.contains("ties_draining 1\n"))
        #expect(text.contains("ties_dataset_last_reload_success 0\n"))
        #expect(text.contains("ties_dataset_last_reload_timestamp_seconds 1700000100.0\n"))
        #expect(text.contains("ties_dataset_records{kind=\"events\"} 22\n"))
        // Every sample line belongs to a family announced by # TYPE before it.
        var typed = Set<String>()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { typed.insert(String(line.split(separator: " ")[2])); continue }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let family = ["_bucket", "_sum", "_count"].reduce(name) { n, suffix in
                n.hasSuffix(suffix) && typed.contains(String(n.dropLast(suffix.count))) ? String(n.dropLast(suffix.count)) : n
            }
            #expect(typed.contains(family), "\(name) has no # TYPE")
        }
    }
}

/// A reload reads a symlink-swapped dataset through one resolution of the link.
@Suite struct DatasetSwapTests {
    @Test func aKubeletVolumeIsReadThroughItsDataLinkSoAnUpdateIsSeenWhole() throws {
        let data = try DatasetCopy()
        let volume = FileManager.default.temporaryDirectory.appendingPathComponent("ties-volume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: volume) }
        try FileManager.default.createDirectory(at: volume, withIntermediateDirectories: true)
        // Only the `..data` link: no visible entries, so loading works only through it.
        try FileManager.default.copyItem(at: data.directory, to: volume.appendingPathComponent("..2026_01_01_1"))
        try FileManager.default.createSymbolicLink(atPath: volume.appendingPathComponent("..data").path, withDestinationPath: "..2026_01_01_1")
        let state = try ServingState(source: .directory(volume.path))
        let first = state.served.version

        // The kubelet's update: a new folder, then `..data` renamed over in one step.
        try data.writeRevision(7)
        try FileManager.default.copyItem(at: data.directory, to: volume.appendingPathComponent("..2026_01_01_2"))
        try FileManager.default.createSymbolicLink(atPath: volume.appendingPathComponent("..data_tmp").path, withDestinationPath: "..2026_01_01_2")
        #expect(rename(volume.appendingPathComponent("..data_tmp").path, volume.appendingPathComponent("..data").path) == 0)
        let result = state.reload()
        #expect(result.succeeded)
        #expect(result.version != first)
        #expect(result.version == (try DatasetLoader.load(directory: data.directory)).version)
    }

    @Test func aSymlinkedReleaseFolderIsResolvedOncePerLoad() throws {
        let data = try DatasetCopy()
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("ties-current-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: link) }
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: data.path)
        let state = try ServingState(source: .directory(link.path))
        #expect(state.served.version == (try DatasetLoader.load(directory: data.directory)).version)
        #expect(state.served.snapshot.directory.hasPrefix(data.directory.resolvingSymlinksInPath().path))
    }
}
