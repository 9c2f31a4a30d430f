import Foundation
import Testing
import TiesCore
@testable import TiesAPI
@testable import TiesHTTP

/// Embed cards, the oEmbed provider (checked against the spec's required fields) and discovery, through the
/// API's real responder with the dashboard as its fallback.
@Suite struct EmbedTests {
    static let state: ServingState = try! ServingState(source: .embedded)
    static let publicDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Public").path
    static func responder(frameAncestors: [String] = ["*"]) -> any HTTPResponder {
        var options = APIOptions()
        options.embedFrameAncestors = frameAncestors
        return try! API(state: state, options: options).responder(fallback: try! StaticFiles(root: publicDirectory))
    }
    static let open = responder()
    static let event = "2024-05-23-kishida-anwar-summit"

    func get(_ target: String, headers: [(String, String)] = [], responder: any HTTPResponder = EmbedTests.open) throws -> (status: Int, headers: HTTPHeaders, text: String) {
        let request = try HTTPRequest(method: .get, target: target, headers: HTTPHeaders([("Host", "ties.test")] + headers))
        let r = responder.respond(to: request, context: RequestContext(requestID: "t")).renderingError(with: Problem.render)
        guard case .bytes(let b) = r.body else { return (r.status.code, r.headers, "") }
        return (r.status.code, r.headers, String(decoding: b, as: UTF8.self))
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aCardIsSelfContainedAndItsPolicyAllowsOnlyItsOwnStyle() throws {
        let card = try get("/embed/events/\(Self.event)")
        #expect(card.status == 200 && card.headers["Content-Type"] == "text/html; charset=utf-8")
        let csp = try #require(card.headers["Content-Security-Policy"])
        #expect(csp.hasPrefix("default-src 'none'; style-src 'sha256-") && csp.hasSuffix("frame-ancestors *"))
        // The hash in the policy is the hash of the style the page carries.
        let style = try #require(card.text.range(of: "<style>").flatMap { s in card.text.range(of: "</style>").map { String(card.text[s.upperBound..<$0.lowerBound]) } })
        #expect(csp.contains("'sha256-" + Data(SHA256Digest.bytes(Array(style.utf8))).base64EncodedString() + "'"))
        #expect(!card.text.contains("<script") && !card.text.contains("src="), "no script, no external resource")
        #expect(card.text.contains("<blockquote cite=\"http://ties.test/api/v1/sources/mofa-2024-05-23-japan-malaysia-summit-meeting/text#"),
                "the quote links its place in the source")
        #expect(card.text.contains("23 May 2024") && card.text.contains("Ministry of Foreign Affairs of Japan (publisher inferred)"))
        #expect(card.text.contains(#"<link rel="alternate" type="application/json+oembed" href="http://ties.test/oembed?url=http://ties.test/embed/events/\#(Self.event)&amp;format=json""#))
        let strict = try get("/embed/events/\(Self.event)", responder: Self.responder(frameAncestors: ["'self'", "https://cms.example"]))
        #expect(strict.headers["Content-Security-Policy"]?.hasSuffix("frame-ancestors 'self' https://cms.example") == true)
        #expect(try get("/embed/leaders/anwar-ibrahim").text.contains("Prime Minister of Malaysia"))
        #expect(try get("/embed/partnership-levels/comprehensive-strategic-partnership").text.contains("December 2023 (month only)"))
        #expect(try get("/embed/events/nope").status == 404)
        #expect(try get("/embed/events/\(Self.event)?x=1").status == 400)
    }

    @Test func oEmbedAnswersARichResponseWithTheRequiredFields() throws {
        for url in ["http://ties.test/embed/events/\(Self.event)", "http://ties.test/?event=\(Self.event)",
                    "http://ties.test/api/v1/events/\(Self.event)"] {
            let r = try get("/oembed?url=" + Paths.queryEscaped(url))
            #expect(r.status == 200 && r.headers["Content-Type"] == "application/json; charset=utf-8", "\(url)")
            let o = try object(r.text)
            // oEmbed 1.0 §2.3.4: version and type always; rich needs html, width and height.
            #expect(o["version"] as? String == "1.0" && o["type"] as? String == "rich")
            #expect(o["width"] as? Int == 480 && (o["height"] as? Int ?? 0) > 100)
            #expect((o["html"] as? String)?.hasPrefix("<iframe src=\"http://ties.test/embed/events/\(Self.event)\" width=\"480\"") == true)
            #expect(o["provider_name"] as? String == "Ties" && o["title"] as? String == "Kishida and Anwar hold a summit in Japan")
        }
        let bounded = try object(try get("/oembed?url=http://ties.test/embed/events/\(Self.event)&maxwidth=300&maxheight=150").text)
        #expect(bounded["width"] as? Int == 300 && bounded["height"] as? Int == 150, "maxwidth and maxheight are honoured")
        #expect((bounded["html"] as? String)?.contains("width=\"300\" height=\"150\"") == true)
        let leader = try object(try get("/oembed?url=" + Paths.queryEscaped("http://ties.test/?leader=anwar-ibrahim")).text)
        #expect((leader["html"] as? String)?.contains("/embed/leaders/anwar-ibrahim") == true)
    }

    @Test func oEmbedAnswersXMLAndRefusesWhatItDoesNotKnow() throws {
        let xml = try get("/oembed?url=http://ties.test/embed/partnership-levels/comprehensive-strategic-partnership&format=xml")
        #expect(xml.status == 200 && xml.headers["Content-Type"] == "text/xml; charset=utf-8")
        #expect(xml.text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<oembed>"))
        #expect(xml.text.contains("<type>rich</type>") && xml.text.contains("<html>&lt;iframe src="))
        #expect(try get("/oembed?url=http://ties.test/embed/events/\(Self.event)&format=yaml").status == 501)
        for unknown in ["http://elsewhere.example/embed/events/\(Self.event)", "http://ties.test/embed/events/nope",
                        "http://ties.test/api/v1/sources/x", "ftp://ties.test/embed/events/\(Self.event)", "http://ties.test:8080/?event=\(Self.event)"] {
            #expect(try get("/oembed?url=" + Paths.queryEscaped(unknown)).status == 404, "\(unknown)")
        }
        #expect(try get("/oembed").status == 400)
        #expect(try get("/oembed?url=http://ties.test/&maxwidth=wide").status == 400)
    }

    @Test func dashboardRecordViewsCarryDiscoveryLinks() throws {
        let page = try get("/?event=\(Self.event)")
        #expect(page.status == 200 && page.text.contains(#"type="application/json+oembed" href="http://ties.test/oembed?url=http://ties.test/embed/events/\#(Self.event)&amp;format=json""#))
        #expect(try get("/?leader=anwar-ibrahim").text.contains("embed/leaders/anwar-ibrahim"))
        let plain = try get("/")
        #expect(!plain.text.contains("oembed") && plain.headers["ETag"] != page.headers["ETag"])
        let again = try get("/?event=\(Self.event)", headers: [("If-None-Match", page.headers["ETag"] ?? "")])
        #expect(again.status == 304)
        #expect(try get("/?event=\(Self.event)", headers: [("If-None-Match", plain.headers["ETag"] ?? "")]).status == 200,
                "the plain page's tag does not validate the page with links")
        #expect(!(try get("/?event=nope").text.contains("oembed")))
    }
}
