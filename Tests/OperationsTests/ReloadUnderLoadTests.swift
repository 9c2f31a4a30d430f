import Foundation
import Synchronization
import Testing
import TiesAPI
import TiesCore
import TiesHTTP

/// The tests that load the machine run one at a time: handlers that block on purpose (the shutdown tests)
/// must not wait for Dispatch threads that another load test keeps busy.
@Suite(.serialized) enum UnderLoad {}

extension UnderLoad {
    /// Reloads while clients keep the server busy: no request fails, and every response comes whole from one
    /// snapshot. No assertion is about time.
    @Suite struct ReloadUnderLoadTests {
        /// What the clients ask, in turn: a prepared document, a computed one, a list and the overview.
        static let paths = [
            "/api/v1/events/\(DatasetCopy.markedEvent)",
            "/api/v1/events?limit=5&sort=date",
            "/api/v1/events",
            "/api/v1",
        ]

        struct Observation: Hashable {
            var version: String
            var revision: Int?
        }

        /// One client's tally.
        struct Tally: Sendable {
            var requests = 0
            var failures: [String] = []
            var observations = Set<Observation>()
        }

        @Test func repeatedReloadsUnderLoadFailNoRequestAndNeverMixTwoSnapshots() throws {
            let data = try DatasetCopy()
            try data.writeRevision(0)
            let live = try LiveAPI(dataDirectory: data.path)
            let clients = 4
            let minimumPerClient = 1_500
            let reloads = 24   // alternating: valid revision 1, broken, valid revision 2, broken, …
            let versionOfRevision = Locked<[Int: String]>([0: live.state.served.version])
            let reloading = Flag(true)
            let started = Count()
            let tallies = Locked<[Tally]>([])
            let reloadProblems = Locked<[String]>([])

            let client: @Sendable () -> Void = {
                let http = live.client()
                var tally = Tally()
                started.add()
                while (reloading.isSet || tally.requests < minimumPerClient) && tally.requests < 200_000 {
                    let path = Self.paths[tally.requests % Self.paths.count]
                    tally.requests += 1
                    do {
                        let r = try http.request(path)
                        let body = r.text
                        guard r.status == 200 else { tally.failures.append("\(path): status \(r.status)"); continue }
                        guard let inBody = Versions.inBody(body), let inTag = Versions.inETag(r.header("ETag")) else {
                            tally.failures.append("\(path): no version in body or ETag \(r.header("ETag") ?? "-")")
                            continue
                        }
                        if inBody != inTag { tally.failures.append("\(path): body says \(inBody), ETag says \(inTag)") }
                        let revisions = Versions.revisions(body)
                        if revisions.count > 1 { tally.failures.append("\(path): revisions \(revisions.sorted()) in one body") }
                        tally.observations.insert(Observation(version: inBody, revision: revisions.first))
                    } catch {
                        tally.failures.append("\(path): \(error)")
                    }
                }
                tallies.withLock { $0.append(tally) }
            }

            let reloader: @Sendable () -> Void = {
                guard eventually({ started.current == clients }) else {
                    reloadProblems.withLock { $0.append("clients did not start") }
                    reloading.set(false)
                    return
                }
                let admin = live.client()
                let breakages = DatasetCopy.Breakage.allCases
                for k in 1...reloads {
                    do {
                        let before = live.state.served.version
                        let valid = k % 2 == 1
                        if valid { try data.writeRevision((k + 1) / 2) } else { try data.writeBroken(breakages[(k / 2) % breakages.count]) }
                        // Half the reloads come over HTTP, half as SIGHUP does it.
                        let succeeded: Bool
                        let version: String
                        if k % 4 < 2 {
                            let r = try admin.request("/admin/reload", method: "POST", headers: [("Authorization", "Bearer \(LiveAPI.reloadToken)")])
                            guard r.status == (valid ? 200 : 422) else { throw TestFailure("reload \(k): status \(r.status): \(r.text)") }
                            succeeded = r.text.contains("\"result\":\"success\"")
                            version = Versions.inBody(r.text) ?? "?"
                        } else {
                            let result = live.api.reload()
                            succeeded = result.succeeded
                            version = result.version
                            if !valid && result.errors.isEmpty { throw TestFailure("reload \(k): refused without errors") }
                        }
                        if succeeded != valid { throw TestFailure("reload \(k): succeeded=\(succeeded) for a \(valid ? "valid" : "broken") dataset") }
                        if valid {
                            versionOfRevision.withLock { $0[(k + 1) / 2] = version }
                            if version == before { throw TestFailure("reload \(k): the version did not change") }
                        } else {
                            if version != before { throw TestFailure("reload \(k): a refused reload changed the version") }
                            let ready = try admin.request("/readyz")
                            guard ready.status == 200, ready.text.contains("\"result\":\"failure\""), ready.text.contains("\"errors\":[\"") else {
                                throw TestFailure("reload \(k): /readyz does not report the failure: \(ready.text)")
                            }
                        }
                    } catch {
                        reloadProblems.withLock { $0.append("\(error)") }
                    }
                }
                reloading.set(false)
            }

            runThreads([reloader] + Array(repeating: client, count: clients))

            #expect(reloadProblems.value == [])
            let all = tallies.value
            let requests = all.map(\.requests).reduce(0, +)
            let failures = all.flatMap(\.failures)
            print("reload under load: \(requests) requests by \(clients) clients, \(reloads) reloads (\(reloads / 2) valid, \(reloads / 2) refused), \(failures.count) failed")
            #expect(all.count == clients)
            #expect(requests >= clients * minimumPerClient)
            #expect(failures.isEmpty, "\(failures.prefix(10))")

            // Every body came from one complete snapshot: its version is the one that revision loaded as.
            let known = versionOfRevision.value
            #expect(known.count == reloads / 2 + 1)
            #expect(Set(known.values).count == known.count, "each revision has its own version")
            let observations = all.reduce(into: Set<Observation>()) { $0.formUnion($1.observations) }
            for o in observations {
                if let revision = o.revision {
                    #expect(known[revision] == o.version, "revision \(revision) was served under version \(o.version)")
                } else {
                    #expect(known.values.contains(o.version), "version \(o.version) was never loaded")
                }
            }
            #expect(Set(observations.map(\.version)).count > 2, "responses should span several reloads")

            // The last reload was refused: the last valid revision still serves, and the refusal is visible.
            let last = known[reloads / 2]
            #expect(live.state.served.version == last)
            let check = live.client()
            let overview = try check.request("/api/v1")
            #expect(Versions.inBody(overview.text) == last)
            let ready = try check.request("/readyz")
            #expect(ready.status == 200 && ready.text.contains("\"result\":\"failure\"") && ready.text.contains("\"datasetVersion\":\"\(last ?? "")\""))
            let metrics = try check.request("/metrics").text
            #expect(metrics.contains("ties_dataset_reloads_total{result=\"success\"} \(reloads / 2)\n"))
            #expect(metrics.contains("ties_dataset_reloads_total{result=\"failure\"} \(reloads / 2)\n"))
            #expect(metrics.contains("ties_dataset_last_reload_success 0\n"))
            #expect(metrics.contains("ties_dataset_info{version=\"\(last ?? "")\"} 1\n"))
        }
    }
}
