import FoundationEssentials
import TiesCore

/// The card a CMS embeds for one fact (`/embed/events/{id}`, `/embed/leaders/{id}`,
/// `/embed/partnership-levels/{id}`): the fact, its date at its precision, the quote of its strongest citation,
/// who published it (inferred metadata said), and links back. One HTML document with its style inline, no
/// script, no third-party resource, readable from 320 px; its Content-Security-Policy allows exactly that
/// style (by hash) and whatever `frame-ancestors` the operator configured.
struct EmbedCard {
    enum Kind: String, CaseIterable, Sendable {
        case events, leaders, levels = "partnership-levels"

        var label: String {
            switch self {
            case .events: "Event"
            case .leaders: "Leader"
            case .levels: "Partnership level"
            }
        }
    }

    let kind: Kind
    let id: String
    let heading: String
    /// "10 January 2025", "December 2023 (month only)", an office held.
    let detail: String?
    let attribution: Attribution
    /// Where "see on Ties" goes: the dashboard's view of the record, or the API record.
    let viewPath: String
    let apiPath: String
    /// Who published the quote and when, as the card prints it under the quote.
    let sourceLine: String

    /// The card, or nil when the snapshot has no such record.
    init?(_ kind: Kind, id: String, snapshot: Snapshot) {
        self.kind = kind
        self.id = id
        switch kind {
        case .events:
            guard let e = snapshot.event(id: id),
                  let a = Attribution(record: Paths.event(id), citations: e.citations, snapshot: snapshot) else { return nil }
            heading = e.title
            detail = EmbedCard.date(e.date)
            attribution = a
            viewPath = "/?event=" + Paths.queryEscaped(id)
            apiPath = Paths.event(id)
        case .leaders:
            guard let l = snapshot.leader(id: id) else { return nil }
            guard let a = Attribution(record: Paths.leader(id), citations: l.factCitations, snapshot: snapshot, form: .phrase) else { return nil }
            heading = l.name
            var titles: [String] = []
            for o in l.offices where !titles.contains(o.title) { titles.append(o.title) }
            detail = titles.isEmpty ? nil : titles.joined(separator: "; ")
            attribution = a
            viewPath = "/?leader=" + Paths.queryEscaped(id)
            apiPath = Paths.leader(id)
        case .levels:
            guard let level = snapshot.partnershipLevel(id: id),
                  let a = Attribution(record: Paths.level(id), citations: level.citations, snapshot: snapshot) else { return nil }
            heading = level.name
            detail = "Reached " + (EmbedCard.date(level.reached) ?? level.reached.iso)
            attribution = a
            viewPath = "/"
            apiPath = Paths.level(id)
        }
        sourceLine = EmbedCard.sourceLine(attribution, snapshot)
    }

    var path: String { "/embed/\(kind.rawValue)/" + Paths.segment(id) }

    /// "10 January 2025", "December 2023 (month only)", "2016 (year only)", "about …" when approximate.
    static func date(_ d: PartialDate) -> String? {
        let month = d.month.map { Reference.monthNames[$0 - 1] }
        var text: String
        switch d.precision {
        case .day: text = "\(d.day ?? 1) \(month ?? "") \(d.year)"
        case .month: text = "\(month ?? "") \(d.year) (month only)"
        default: text = "\(d.year) (year only)"
        }
        if d.approximate { text = "about " + text }
        return text
    }

    /// The source line under the quote: "Reuters: “Title”, 16 December 2023", with what is inferred said.
    static func sourceLine(_ attribution: Attribution, _ snapshot: Snapshot) -> String {
        guard let source = snapshot.source(id: attribution.sourceId) else { return "" }
        let who = Attribution.credit(source).map { $0 + (source.publisher?.inferred == true ? " (publisher inferred)" : "") }
            ?? "A summary of other reports"
        let when = (EmbedCard.date(source.published.date) ?? source.published.date.iso) + (source.published.inferred ? ", date inferred" : "")
        return "\(who): “\(source.title)”, \(when)"
    }

    static let style = """
    :root{color-scheme:light dark;--ink:#1b1b1b;--muted:#5a5a5a;--rule:#b3261e;--bg:#fff;--quote:#f6f1ea}
    @media (prefers-color-scheme:dark){:root{--ink:#eee;--muted:#b8b8b8;--rule:#ff8a80;--bg:#161616;--quote:#262320}}
    *{box-sizing:border-box}html,body{margin:0;background:var(--bg);color:var(--ink)}
    body{font:16px/1.45 Georgia,"Times New Roman",serif;padding:14px 16px;overflow-wrap:anywhere}
    .kind{font:600 12px/1.2 system-ui,sans-serif;letter-spacing:.06em;text-transform:uppercase;color:var(--rule);margin:0 0 6px}
    h1{font-size:20px;line-height:1.25;margin:0 0 4px}
    .detail{font:14px/1.4 system-ui,sans-serif;color:var(--muted);margin:0 0 10px}
    blockquote{margin:0 0 8px;padding:8px 12px;border-left:4px solid var(--rule);background:var(--quote)}
    blockquote p{margin:0}
    .source{font:13px/1.4 system-ui,sans-serif;color:var(--muted);margin:0 0 10px}
    footer{font:13px/1.4 system-ui,sans-serif;display:flex;flex-wrap:wrap;gap:4px 14px}
    a{color:var(--rule)}
    """

    /// `'sha256-…'` of the style, for the Content-Security-Policy: the one inline style allowed.
    static let styleHash: String = "'sha256-" + Data(SHA256Digest.bytes(Array(style.utf8))).base64EncodedString() + "'"

    /// The page. `base` makes every link absolute: the card is shown inside another site's page.
    func html(base: String) -> String {
        let e = { (s: String) in XMLWriter.escape(s) }
        let a = { (s: String) in XMLWriter.escape(s, attribute: true) }
        let oembed = base + "/oembed?url=" + Paths.queryEscaped(base + path)
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <title>\(e(heading)) — Ties</title>
        <link rel="alternate" type="application/json+oembed" href="\(a(oembed + "&format=json"))" title="\(a(heading))">
        <link rel="alternate" type="text/xml+oembed" href="\(a(oembed + "&format=xml"))" title="\(a(heading))">
        <link rel="canonical" href="\(a(base + path))">
        <style>\(EmbedCard.style)</style></head>
        <body><article>
        <p class="kind">\(e(kind.label)) · Japan–Malaysia relations</p>
        <h1>\(e(heading))</h1>
        \(detail.map { "<p class=\"detail\">\(e($0))</p>" } ?? "")
        <blockquote cite="\(a(base + attribution.quoteLink))"><p>“\(e(attribution.quote))”</p></blockquote>
        <p class="source">\(e(sourceLine))</p>
        <footer><a href="\(a(base + viewPath))" target="_blank" rel="noopener">See it on Ties</a><a href="\(a(base + attribution.quoteLink))" target="_blank" rel="noopener">The quote in its source</a><a href="\(a(base + apiPath))" target="_blank" rel="noopener">Data</a></footer>
        </article></body></html>

        """
    }

    /// A height for the iframe at `width` px: the card's fixed parts plus the quote's and heading's lines at
    /// about 8.5 px (16 px serif) and 10 px (20 px) a character — enough not to clip, not so much it gapes.
    func height(width: Int) -> Int {
        let inner = max(120, width - 32)
        func lines(_ text: String, perChar: Double) -> Int { max(1, Int((Double(text.count) * perChar / Double(inner - 24)).rounded(.up))) }
        return 150 + 26 * lines(heading, perChar: 10) + 24 * lines(attribution.quote, perChar: 8.5)
            + 20 * lines(sourceLine, perChar: 7) + (detail == nil ? 0 : 20 * lines(detail!, perChar: 7.5))
    }
}
