import Foundation
import Testing
import TiesCore
@testable import TiesAPI
@testable import TiesHTTP

/// `cite` on every fact-bearing record and `…/citation?style=` through the API's real responder.
@Suite struct AttributionTests {
    static let state: ServingState = try! ServingState(source: .embedded)
    static let responder: any HTTPResponder = try! API(state: state, options: APIOptions()).responder()
    var snapshot: Snapshot { Self.state.served.snapshot }

    func get(_ target: String, accept: String? = nil) throws -> (status: Int, type: String?, text: String) {
        var headers = HTTPHeaders([("Host", "api.test")])
        if let accept { headers.add("Accept", accept) }
        let request = try HTTPRequest(method: .get, target: target, headers: headers)
        let response = Self.responder.respond(to: request, context: RequestContext(requestID: "t")).renderingError(with: Problem.render)
        guard case .bytes(let bytes) = response.body else { return (response.status.code, nil, "") }
        return (response.status.code, response.headers["Content-Type"], String(decoding: bytes, as: UTF8.self))
    }

    func cite(_ path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(try get(path).text.utf8)) as? [String: Any]
        return try #require((object?["data"] as? [String: Any])?["cite"] as? [String: Any], "\(path) has a cite")
    }

    @Test func theComprehensiveStrategicPartnershipIsCitedAsReutersReportedIt() throws {
        let c = try cite("/api/v1/partnership-levels/comprehensive-strategic-partnership")
        #expect(c["text"] as? String == "Reuters reported on 16 December 2023 that “Japan and Malaysia forge a comprehensive strategic partnership”.")
        #expect(c["quoteLink"] as? String == "/api/v1/sources/reuters-2023-12-16-japan-malaysia-maritime-assistance-deal/text#126-188")
        #expect(c["styles"] as? String == "/api/v1/partnership-levels/comprehensive-strategic-partnership/citation")
    }

    @Test func inferredMetadataIsSaidToBeInferred() throws {
        let japanNews = try cite("/api/v1/events/2025-01-10-ishiba-anwar-welcome-ceremony")["text"] as? String
        #expect(japanNews == "The Japan News (publisher inferred) reported on 10 January 2025 that “Prior to the meeting, Ishiba and Anwar attended a welcome ceremony.”")
        let summary = try cite("/api/v1/events/2025-01-11-ishiba-prabowo-summit")["text"] as? String ?? ""
        #expect(summary.hasPrefix("A summary citing Bernama and Kyodo News said in January 2025 (date inferred) that “"))
        let leader = try cite("/api/v1/leaders/najib-razak")["text"] as? String
        #expect(leader == "Reuters reported on 25 May 2015: “Prime Minister Najib (Razak)”.", "a leader's quote is a name, after a colon")
    }

    /// Every record's `cite` quotes one of its own citations, and every quote link slices the source to it.
    @Test func everyQuoteLinkPointsAtItsQuote() throws {
        let paths = snapshot.events.map { Paths.event($0.id) } + snapshot.leaders.map { Paths.leader($0.id) }
            + snapshot.partnershipLevels.map { Paths.level($0.id) }
        var checked = 0
        for path in paths {
            let c = try cite(path)
            // The per-citation entries follow the record's own citations, which hold the quotes.
            let record = try #require((try JSONSerialization.jsonObject(with: Data(try get(path).text.utf8)) as? [String: Any])?["data"] as? [String: Any])
            let own = path.contains("/leaders/")
                ? ((record["offices"] as? [[String: Any]] ?? []).flatMap { $0["citations"] as? [[String: Any]] ?? [] })
                : (record["citations"] as? [[String: Any]] ?? [])
            let perCitation = c["citations"] as? [[String: Any]] ?? []
            #expect(perCitation.count == own.count, "\(path): one entry per citation")
            var entries = [c]
            for (entry, citation) in zip(perCitation, own) {
                var e = entry
                e["quote"] = citation["quote"]
                entries.append(e)
            }
            for entry in entries {
                let link = try #require(entry["quoteLink"] as? String)
                let sourceId = try #require(entry["sourceId"] as? String)
                let range = link.split(separator: "#").last!.split(separator: "-").compactMap { Int($0) }
                let text = Array(try #require(snapshot.sourceText(id: sourceId)).unicodeScalars)
                let quoted = String(String.UnicodeScalarView(text[range[0]..<range[1]]))
                #expect(quoted == entry["quote"] as? String, "\(path): \(link)")
                #expect((entry["readerLink"] as? String)?.hasSuffix("&cite=\(range[0])-\(range[1])") == true)
                checked += 1
            }
        }
        #expect(checked >= paths.count * 2)
    }

    @Test func theCitationIsRenderedInEachStyleFromTheSameData() throws {
        let base = "/api/v1/partnership-levels/comprehensive-strategic-partnership/citation"
        let quote = "“Japan and Malaysia forge a comprehensive strategic partnership”"
        let title = "Japan, Malaysia fortify security ties with $2.8M maritime assistance deal"
        let apa = try get(base + "?style=apa")
        #expect(apa.status == 200 && apa.type == "text/plain; charset=utf-8")
        #expect(apa.text == "\(quote) (Reuters, 2023)\n\nReuters. (2023, December 16). \(title). http://api.test/api/v1/sources/reuters-2023-12-16-japan-malaysia-maritime-assistance-deal\n")
        #expect(try get(base + "?style=chicago").text.contains("Reuters. 2023. “\(title).” December 16."))
        #expect(try get(base + "?style=mla").text.contains("Reuters. “\(title).” 16 Dec. 2023, http://api.test/"))
        #expect(try get(base).text == "Reuters reported on 16 December 2023 that \(quote).\nhttp://api.test/api/v1/partnership-levels/comprehensive-strategic-partnership\n",
                "text is the default")
        let mofa = try get("/api/v1/events/2024-05-23-kishida-anwar-summit/citation?style=apa").text
        #expect(mofa.hasSuffix(" [Publisher inferred.]\n"), "the styles say what is inferred too")
    }

    @Test func htmlHighlightsTheQuoteEscaped() throws {
        let page = try get("/api/v1/events/2024-05-23-kishida-anwar-summit/citation?style=mla", accept: "text/html")
        #expect(page.status == 200 && page.type == "text/html; charset=utf-8")
        #expect(page.text.contains("<mark>Mr. KISHIDA Fumio, Prime Minister of Japan, held a Japan-Malaysia Summit Meeting with H.E. Dato&apos;Seri") ||
                page.text.contains("<mark>Mr. KISHIDA Fumio, Prime Minister of Japan, held a Japan-Malaysia Summit Meeting with H.E. Dato&#39; Seri") ||
                page.text.contains("<mark>Mr. KISHIDA Fumio, Prime Minister of Japan, held a Japan-Malaysia Summit Meeting with H.E. Dato' Seri"))
        #expect(try get("/api/v1/events/2024-05-23-kishida-anwar-summit/citation?style=mla&format=html").text == page.text)
    }

    @Test func badStylesAndUnknownRecordsAreProblems() throws {
        let bad = try get("/api/v1/events/2024-05-23-kishida-anwar-summit/citation?style=harvard")
        #expect(bad.status == 400 && bad.text.contains("\"parameter\":\"style\""))
        #expect(try get("/api/v1/events/2024-05-23-kishida-anwar-summit/citation?style=apa&style=mla").status == 400)
        #expect(try get("/api/v1/leaders/nobody/citation").status == 404)
        #expect(try get("/api/v1/events/2024-05-23-kishida-anwar-summit/citation", accept: "application/json").status == 406)
    }
}
