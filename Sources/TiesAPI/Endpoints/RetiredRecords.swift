import TiesCore
import TiesHTTP

/// A retired id's URLs (retired.json): `301` to the record that replaced it, same sub-path and query, or
/// `410 Gone` with the reason. Ids are never reused, so a link printed in a story never silently points at
/// something else.
enum RetiredRecords {
    /// Which path segment names which kind: `/api/v1/events/{id}…` is an event.
    static let collections: [String: RecordKind] = [
        "events": .event, "leaders": .leader, "partnership-levels": .partnershipLevel,
        "sources": .source, "topics": .topic, "countries": .country,
    ]

    /// The kind and the path parameter of an endpoint whose path names one record, if it does.
    static func recordParameter(of pattern: String) -> (kind: RecordKind, parameter: String)? {
        let parts = pattern.split(separator: "/").map(String.init)   // api, v1, events, {id}, …
        guard parts.count >= 4, let kind = collections[parts[2]], parts[3].hasPrefix("{"), parts[3].hasSuffix("}") else { return nil }
        return (kind, String(parts[3].dropFirst().dropLast()))
    }

    /// The answer for a retired id, or nil when the id is not retired.
    static func response(_ endpoint: Endpoint, _ request: HTTPRequest, _ context: RequestContext, history: History,
                         maxAge: Int) -> HTTPResponse? {
        guard !history.retired.isEmpty, let (kind, name) = endpoint.record, let id = context.parameters[name],
              let retired = history.retired(kind, id: id) else { return nil }
        let historyLink = HistoryEndpoints.historyLink(kind, id)
        guard let replacement = retired.replacedBy else {
            var problem = Problem(status: .gone, type: "/problems/retired", title: "Retired",
                                  detail: "The \(kind.rawValue) '\(id)' was retired in dataset version \(retired.version): \(retired.reason)",
                                  instance: request.target)
            problem.members = [("retiredIn", retired.version), ("reason", retired.reason), ("history", historyLink)]
            return problem.response(requestID: context.requestID)
        }
        // The same URL with the id segment replaced: /events/old/citation?style=apa → /events/new/citation?style=apa.
        var segments = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        segments[4] = Paths.segment(replacement)
        var location = segments.joined(separator: "/")
        if let q = request.target.firstIndex(of: "?") { location += String(request.target[q...]) }
        var body: [UInt8] = []
        JSONNode.object([("kind", .string(kind.rawValue)), ("id", .string(id)), ("replacedBy", .string(replacement)),
                         ("reason", .string(retired.reason)), ("retiredIn", .string(retired.version)),
                         ("location", .string(location)), ("history", .string(historyLink))]).write(to: &body)
        var headers = HTTPHeaders()
        headers.add("Location", location)
        headers.add("Content-Type", "application/json; charset=utf-8")
        headers.add("Cache-Control", "max-age=\(maxAge)")
        return HTTPResponse(status: .movedPermanently, headers: headers, body: .bytes(body))
    }
}
