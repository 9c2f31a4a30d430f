import Foundation
import Testing
import TiesCore
@testable import TiesAPI
@testable import TiesHTTP

/// CSL-JSON, BibTeX and RIS written from one `Reference` per source; what independent parsers make of them
/// is checked by scripts/checks/citations.sh (citeproc-py, bibtexparser, rispy).
@Suite struct ReferenceFormatTests {
    static let state: ServingState = try! ServingState(source: .embedded)
    static let responder: any HTTPResponder = try! API(state: state, options: APIOptions()).responder()

    func get(_ target: String, accept: String? = nil) throws -> (status: Int, type: String?, text: String, headers: HTTPHeaders) {
        var headers = HTTPHeaders([("Host", "api.test")])
        if let accept { headers.add("Accept", accept) }
        let request = try HTTPRequest(method: .get, target: target, headers: headers)
        var response = Self.responder.respond(to: request, context: RequestContext(requestID: "t"))
        response = response.renderingError(with: Problem.render)
        guard case .bytes(let bytes) = response.body else { return (response.status.code, nil, "", response.headers) }
        return (response.status.code, response.headers["Content-Type"], String(decoding: bytes, as: UTF8.self), response.headers)
    }

    static let reuters = "reuters-2023-12-16-japan-malaysia-maritime-assistance-deal"
    static let summary = "summary-2025-01-japan-malaysia-enhance-security-cooperation"

    @Test func eachFormatIsChosenByAcceptOrFormat() throws {
        for (accept, format, prefix) in [("application/vnd.citationstyles.csl+json", "csl", "[{\"id\":"),
                                          ("application/x-bibtex", "bibtex", "@misc{\(Self.reuters),"),
                                          ("application/x-research-info-systems", "ris", "TY  - NEWS\r\n")] {
            let byAccept = try get("/api/v1/sources/\(Self.reuters)", accept: accept)
            let byQuery = try get("/api/v1/sources/\(Self.reuters)?format=\(format)")
            #expect(byAccept.status == 200 && byAccept.type?.hasPrefix(accept) == true, "\(accept)")
            #expect(byAccept.text == byQuery.text && byAccept.text.hasPrefix(prefix), "\(format): \(byAccept.text.prefix(80))")
        }
    }

    @Test func aWireReportWithNoKnownOutletIsCreditedToTheWire() throws {
        let csl = try get("/api/v1/sources/\(Self.reuters)?format=csl").text
        #expect(csl.contains(#""type":"article-newspaper","title":"Japan, Malaysia fortify security ties with $2.8M maritime assistance deal","author":[{"literal":"Reuters"}],"issued":{"date-parts":[[2023,12,16]]}"#))
        #expect(!csl.contains("container-title"), "no newspaper is made up")
        let bib = try get("/api/v1/sources/\(Self.reuters)?format=bibtex").text
        #expect(bib.contains("author = {{Reuters}}") && bib.contains(#"\$2.8M"#) && bib.contains("month = dec,"))
    }

    @Test func aMonthPrecisionInferredDateStaysAMonthAndSaysItIsInferred() throws {
        let csl = try get("/api/v1/sources/\(Self.summary)?format=csl").text
        #expect(csl.contains(#""type":"webpage""#) && csl.contains(#""date-parts":[[2025,1]]"#))
        #expect(csl.contains("Publication date inferred (2025-01)"))
        let ris = try get("/api/v1/sources/\(Self.summary)?format=ris").text
        #expect(ris.contains("TY  - GEN\r\n") && ris.contains("DA  - 2025/01//\r\n") && !ris.contains("AU  - "))
    }

    @Test func aRecordExportsTheSourcesItCites() throws {
        let event = try get("/api/v1/events/2023-12-16-japan-malaysia-security-assistance-grant")
        let ids = try #require(((try JSONSerialization.jsonObject(with: Data(event.text.utf8)) as? [String: Any])?["data"] as? [String: Any])?["sourceIds"] as? [String])
        let ris = try get("/api/v1/events/2023-12-16-japan-malaysia-security-assistance-grant?format=ris")
        let risIDs = ris.text.components(separatedBy: "\r\n").filter { $0.hasPrefix("ID  - ") }.map { String($0.dropFirst(6)) }
        #expect(risIDs == ids)
        #expect(ris.headers["Content-Disposition"]?.contains(".ris\"") == true)
        let level = try get("/api/v1/partnership-levels/comprehensive-strategic-partnership?format=bibtex")
        #expect(level.status == 200 && level.text.hasPrefix("@"))
    }

    @Test func listsThatAreNotSourcesRefuseThem() throws {
        #expect(try get("/api/v1/events", accept: "application/x-bibtex").status == 406)
        #expect(try get("/api/v1/events?format=bibtex").status == 400, "?format= names the values it offers")
    }

    @Test func texSpecialsAreEscapedAndRISValuesStayOnOneLine() {
        #expect(BibTeX.escape(##"50% & $3 #1 {x} a_b ~ ^ \"##) == ##"50\% \& \$3 \#1 \{x\} a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"##)
        #expect("a\nb\r\nc".replacingLineBreaks() == "a b c")
    }
}
