import TiesHTTP

/// Every response names the dataset's licence — `Link: <url>; rel="license"` (RFC 8288; the relation is RFC
/// 4946's) — so a tool that keeps only headers, or only one response, can still answer "may I publish this?".
/// The URL comes from the serving snapshot's dataset.json, so a reload that changes it changes every answer.
struct LicenceLink: HTTPResponder {
    let inner: any HTTPResponder
    let state: ServingState

    func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        var response = inner.respond(to: request, context: context)
        state.served.addLicenceLink(to: &response.headers)
        return response
    }
}
