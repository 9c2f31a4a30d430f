import TiesCore
import TiesHTTP

/// `GET /api/v1/{events|leaders|partnership-levels}/{id}/citation?style=text|apa|chicago|mla`: a record's
/// citation ready to paste — the quote of its strongest citation with an in-text citation, then the
/// reference in the style — as `text/plain` (default) or `text/html` with the quote highlighted.
enum CitationEndpoints {
    static let all: [Endpoint] = [
        endpoint(Paths.base + "/events/{id}/citation", .event, what: "event", form: .clause) { s, id in s.event(id: id)?.citations },
        endpoint(Paths.base + "/leaders/{id}/citation", .leader, what: "leader", form: .phrase) { s, id in
            s.leader(id: id)?.factCitations
        },
        endpoint(Paths.base + "/partnership-levels/{id}/citation", .partnershipLevel, what: "partnership level", form: .clause) { s, id in
            s.partnershipLevel(id: id)?.citations
        },
    ]

    static func endpoint(_ pattern: String, _ kind: RecordKind, what: String, form: Attribution.QuoteForm,
                         citations: @escaping @Sendable (Snapshot, String) -> [Citation]?) -> Endpoint {
        Endpoint(pattern, formats: [.txt, .html], fixed: Fixed.none) { call throws(Problem) in
            let style = try self.style(call)
            let id = call.parameter("id")
            let recordPath = String(call.path.dropLast("/citation".count))
            guard let cited = citations(call.snapshot, id),
                  let attribution = Attribution(record: recordPath, citations: cited, snapshot: call.snapshot, form: form),
                  let source = call.snapshot.source(id: attribution.sourceId) else {
                throw call.notFound(kind, what, id: id)
            }
            let x = Export(call)
            let reference = Reference(source, url: x.url(Paths.source(source.id)))
            let permalink = x.url(recordPath)
            let body: String
            if call.format == .html {
                body = html(style, attribution, reference, permalink: permalink)
            } else if style == .text {
                body = "\(attribution.text)\n\(permalink)\n"
            } else {
                body = "“\(attribution.quote)” \(style.inText(reference))\n\n\(CitationStyle.plain(style.reference(reference)))\n"
            }
            return Document(mediaType: call.format.mediaType, bytes: Array(body.utf8),
                            etag: ETag.make(datasetVersion: call.version, path: call.path,
                                            query: call.canonicalQuery + [("@base", x.base)], mediaType: call.format.type))
        }
    }

    /// `style`, once, from the four; anything else is a 400 naming what is offered.
    static func style(_ call: Call) throws(Problem) -> CitationStyle {
        var errors: [ParameterError] = []
        var style = CitationStyle.text
        for item in call.query {
            if item.name != "style" {
                errors.append(ParameterError(parameter: item.name, value: item.value, message: "unknown parameter; this resource takes: style"))
            } else if let s = CitationStyle(rawValue: item.value), call.query.filter({ $0.name == "style" }).count == 1 {
                style = s
            } else {
                errors.append(ParameterError(parameter: "style", value: item.value,
                                             message: "must be one of \(CitationStyle.allCases.map(\.rawValue).joined(separator: ", ")), given once"))
            }
        }
        if !errors.isEmpty { throw Problem.invalidParameters(QueryError(errors), instance: call.selfLink) }
        return style
    }

    /// A small self-contained page: the quote highlighted, then the attribution or the reference.
    static func html(_ style: CitationStyle, _ a: Attribution, _ r: Reference, permalink: String) -> String {
        let cite = style == .text
            ? XMLWriter.escape(a.text)
            : CitationStyle.html(style.reference(r))
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Citation: \(XMLWriter.escape(r.title))</title></head>
        <body>
        <blockquote cite="\(XMLWriter.escape(r.url, attribute: true))"><p><mark>\(XMLWriter.escape(a.quote))</mark>\(style == .text ? "" : " " + XMLWriter.escape(style.inText(r)))</p></blockquote>
        <p>\(cite)</p>
        <p><a href="\(XMLWriter.escape(permalink, attribute: true))">\(XMLWriter.escape(permalink))</a></p>
        </body></html>

        """
    }
}
