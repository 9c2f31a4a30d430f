import Dispatch
import Synchronization
import Testing
@testable import TiesAPI
import TiesCore
import TiesHTTP

/// Prepared documents are made on first request and kept up to a byte limit: the load no longer makes them,
/// so these check that what is made late is what was made early, that the limit holds, and that racing
/// requests share one document.
@Suite struct PreparedDocumentsTests {
    static let catalog = InProcessAPI.state.served.catalog

    static func fresh(maxBytes: Int = ServingState.defaultMaxPreparedBytes) -> PreparedDocuments {
        PreparedDocuments(catalog: catalog, endpoints: API.endpoints, maxBytes: maxBytes)
    }

    static func computed(_ path: String) throws -> Document {
        let (endpoint, parameters) = try #require(fixedPaths.first { $0.path == path }.map { ($0.endpoint, $0.parameters) })
        return try endpoint.compute(Call(catalog: catalog, path: path, query: [], parameters: parameters, format: .json))
    }

    static let fixedPaths: [(path: String, endpoint: Endpoint, parameters: PathParameters)] = API.endpoints.filter { $0.method == .get }.flatMap { e in
        e.fixedPaths(catalog.snapshot).map { ($0.path, e, e.parameters(id: $0.id)) }
    }

    @Test func nothingIsMadeAtLoadAndEachDocumentOnceWhenFirstAsked() throws {
        let table = Self.fresh()
        #expect(table.count == Self.fixedPaths.count)
        #expect(table.kept.documents == 0 && table.kept.bytes == 0)
        var bytes = 0
        for (path, _, _) in Self.fixedPaths {
            let first = try #require(table.document(for: path), "\(path)")
            let again = try #require(table.document(for: path))
            #expect(first === again, "kept, not made again: \(path)")
            #expect(first.document.wire != nil, "prepared with its header fields: \(path)")
            bytes += first.document.heldBytes
        }
        #expect(table.kept.documents == Self.fixedPaths.count)
        #expect(table.kept.bytes == bytes)
    }

    @Test func onlyFixedURLsHaveSlots() {
        let table = Self.fresh()
        #expect(table.document(for: "/api/v1/events/no-such-event") == nil)
        #expect(table.document(for: "/api/v1/partnership-levels/current") == nil, "depends on today")
        #expect(table.document(for: "/nowhere") == nil)
        #expect(table.kept.documents == 0)
    }

    /// Past the limit a document is still served, the same bytes and tag, only not kept.
    @Test func theLimitBoundsWhatIsKeptNotWhatIsServed() throws {
        let leader = "/api/v1/leaders/anwar-ibrahim", events = "/api/v1/events"
        let leaderSize = try #require(Self.fresh().document(for: leader)).document.heldBytes
        let table = Self.fresh(maxBytes: leaderSize)
        let kept = try #require(table.document(for: leader))
        #expect(table.kept.documents == 1 && table.kept.bytes == leaderSize)
        for _ in 0..<2 {
            let overflow = try #require(table.document(for: events))
            let expected = try Self.computed(events)
            #expect(overflow.document.bytes == expected.bytes)
            #expect(overflow.document.etag == expected.etag)
            #expect(overflow.document.gzip == nil, "not compressed ahead for a document that is not kept")
        }
        #expect(table.kept.documents == 1 && table.kept.bytes == leaderSize)
        #expect(table.document(for: leader) === kept)

        let none = Self.fresh(maxBytes: 0)
        for (path, _, _) in Self.fixedPaths.prefix(20) {
            let served = try #require(none.document(for: path))
            #expect(served.document.bytes == (try Self.computed(path)).bytes, "\(path)")
        }
        #expect(none.kept.documents == 0 && none.kept.bytes == 0)
    }

    /// Requests racing for a document not made yet all get the one that was kept, and it is counted once.
    @Test func racingFirstRequestsShareOneDocument() throws {
        let paths = Self.fixedPaths.prefix(8).map(\.path)
        for _ in 0..<20 {
            let table = Self.fresh()
            let got = Mutex<[PreparedDocument?]>(Array(repeating: nil, count: paths.count * 8))
            DispatchQueue.concurrentPerform(iterations: paths.count * 8) { i in
                let document = table.document(for: paths[i % paths.count])
                got.withLock { $0[i] = document }
            }
            let results = got.withLock { $0 }
            for (n, path) in paths.enumerated() {
                let kept = try #require(table.document(for: path))
                for i in stride(from: n, to: paths.count * 8, by: paths.count) {
                    #expect(results[i] === kept, "\(path)")
                }
            }
            #expect(table.kept.documents == paths.count)
            #expect(table.kept.bytes == paths.reduce(0) { $0 + (table.document(for: $1)?.document.heldBytes ?? 0) })
        }
    }

    /// Every fixed URL, asked for as a client asks (through the router), finds its slot: the paths made from
    /// the patterns are the ones requests carry.
    @Test func everyFixedURLRequestedIsServedFromItsSlot() throws {
        let state = try ServingState(source: .embedded)
        let responder = try API(state: state, options: APIOptions()).responder()
        for (path, _, _) in Self.fixedPaths {
            #expect(try respond(responder, path, []).status == .ok, "\(path)")
        }
        #expect(state.served.prepared.kept.documents == Self.fixedPaths.count)
        #expect(state.served.prepared.count == Self.fixedPaths.count)
    }

    /// A served snapshot with nothing kept answers exactly as one that keeps everything.
    @Test func aServerKeepingNothingAnswersTheSame() throws {
        let keeping = try API(state: InProcessAPI.state, options: APIOptions()).responder()
        let keepingNothing = try API(state: try ServingState(source: .embedded, maxPreparedBytes: 0), options: APIOptions()).responder()
        for target in ["/api/v1/events", "/api/v1/leaders/anwar-ibrahim", "/api/v1/sources"] {
            for coding in ["", "gzip", "deflate"] {
                let headers = coding.isEmpty ? [] : [("Accept-Encoding", coding)]
                let a = try respond(keeping, target, headers), b = try respond(keepingNothing, target, headers)
                #expect(a.status == .ok && b.status == .ok, "\(target) \(coding)")
                for name in ["ETag", "Content-Type", "Content-Encoding", "Vary", "Cache-Control"] {
                    #expect(a.headers[name] == b.headers[name], "\(target) \(coding) \(name)")
                }
                let plain = { (r: HTTPResponse) in coding.isEmpty ? r.bodyBytes : ContentCoding(rawValue: coding)?.decompress(r.bodyBytes) }
                #expect(plain(a) == plain(b), "\(target) \(coding)")
            }
        }
    }

    private func respond(_ responder: any HTTPResponder, _ target: String, _ headers: [(String, String)]) throws -> HTTPResponse {
        let request = try HTTPRequest(method: .get, target: target, headers: HTTPHeaders(headers))
        return responder.respond(to: request, context: RequestContext(requestID: "t"))
    }
}
