import TiesCore

/// A fact-bearing record's `cite`: a ready-to-paste attribution built from its strongest citation — "Reuters
/// reported on 16 December 2023 that “…”" — and, for each of its citations, who published the source, its
/// title and date with their precision, and links to the record and to the quote in the source text.
///
/// Inferred metadata is said to be inferred in the sentence too ("The Japan News (publisher inferred)"), so a
/// pasted attribution never passes off a recognised publisher or a reasoned date as printed.
struct Attribution: Encodable, Sendable {
    /// One entry per citation, in the record's `citations` order (whose `quote` it does not repeat).
    struct CitedSource: Encodable, Sendable {
        let sourceId: String
        /// Who to credit: the publisher, else the wire services, else nil (a summary of unknown provenance).
        let credit: String?
        let publisher: String?
        let publisherInferred: Bool
        let title: String
        let published: Published
        /// The quote in the source text: `start-end` in Unicode scalars, as the citation's offsets.
        let quoteLink: String
        /// The dashboard's reader, opened at the quote.
        let readerLink: String
    }

    struct Published: Encodable, Sendable {
        let date: String
        let precision: String
        let inferred: Bool
    }

    /// The attribution sentence, ending with the quote in curly quotes.
    let text: String
    let sourceId: String
    let quote: String
    /// The record this fact is (relative, like every `links` value).
    let record: String
    let quoteLink: String
    let readerLink: String
    /// The same citation rendered in APA, Chicago or MLA: `<record>/citation?style=…`.
    let styles: String
    let citations: [CitedSource]

    /// How the quote joins the sentence: an event's or a level's quotes are clauses ("… reported that “…”");
    /// a leader's are names with their office, quoted after a colon ("… reported on 25 May 2015: “Prime
    /// Minister Najib (Razak)”").
    enum QuoteForm: Sendable { case clause, phrase }

    /// nil for a record without citations (the loader refuses those, so only a broken snapshot has none).
    init?(record: String, citations: [Citation], snapshot: Snapshot, form: QuoteForm = .clause) {
        let cited = citations.compactMap { c in snapshot.source(id: c.sourceId).map { (c, $0) } }
        guard let strongest = cited.enumerated().max(by: { a, b in
            // Higher strength wins; on a tie the earlier-published source, then the first listed.
            let (sa, sb) = (Attribution.strength(a.element.1), Attribution.strength(b.element.1))
            if sa != sb { return sa < sb }
            let (da, db) = (a.element.1.published.date.firstDay, b.element.1.published.date.firstDay)
            if da != db { return da > db }
            return a.offset > b.offset
        })?.element else { return nil }
        self.record = record
        self.citations = cited.map { Attribution.citedSource($0.0, $0.1) }
        let (citation, source) = strongest
        sourceId = source.id
        quote = citation.quote
        quoteLink = Attribution.quoteLink(citation)
        readerLink = Attribution.readerLink(citation)
        styles = record + "/citation"
        text = Attribution.sentence(citation, source, form: form)
    }

    /// Printed metadata beats inferred, a day beats a month, a report beats a summary of reports.
    static func strength(_ s: Source) -> Int {
        var score = 0
        if !s.published.inferred { score += 8 }
        if !(s.publisher?.inferred ?? false) { score += 4 }
        switch s.published.date.precision {
        case .day: score += 2
        case .month: score += 1
        default: break
        }
        if s.kind != .summary { score += 1 }
        return score
    }

    static func citedSource(_ c: Citation, _ s: Source) -> CitedSource {
        CitedSource(sourceId: s.id, credit: credit(s), publisher: s.publisher?.name,
                    publisherInferred: s.publisher?.inferred ?? false, title: s.title,
                    published: Published(date: s.published.date.iso, precision: s.published.date.precision.rawValue,
                                         inferred: s.published.inferred),
                    quoteLink: quoteLink(c), readerLink: readerLink(c))
    }

    static func quoteLink(_ c: Citation) -> String { Paths.source(c.sourceId) + "/text#\(c.start)-\(c.end)" }
    static func readerLink(_ c: Citation) -> String { "/?source=" + Paths.queryEscaped(c.sourceId) + "&cite=\(c.start)-\(c.end)" }

    /// The publisher; for wire copy with no known outlet, the wire; nil for a summary nobody signs.
    static func credit(_ s: Source) -> String? {
        if let p = s.publisher { return p.name }
        if s.kind == .newsReport, !s.wireServices.isEmpty { return Reference.list(s.wireServices) }
        return nil
    }

    /// "Reuters reported on 16 December 2023 that “…”."
    static func sentence(_ c: Citation, _ s: Source, form: QuoteForm = .clause) -> String {
        let d = s.published.date
        var when = switch d.precision {
        case .day: "on \(d.day ?? 1) \(Reference.monthNames[(d.month ?? 1) - 1]) \(d.year)"
        case .month: "in \(Reference.monthNames[(d.month ?? 1) - 1]) \(d.year)"
        default: "in \(d.year)"
        }
        if s.published.inferred { when += " (date inferred)" }
        let who: String
        if let p = s.publisher {
            let name = s.kind == .governmentRecord && !p.name.hasPrefix("The ") ? "The " + p.name : p.name
            who = name + (p.inferred ? " (publisher inferred)" : "")
        } else if let wire = credit(s) {
            who = wire
        } else {
            who = "A summary" + (s.wireServices.isEmpty ? "" : " citing \(Reference.list(s.wireServices))")
        }
        let verb = switch s.kind {
        case .newsReport: "reported"
        case .governmentRecord: "recorded"
        case .summary: "said"
        }
        // A quote that ends its own sentence closes the attribution too ("… ceremony.”", not "ceremony.”.").
        let end = c.quote.last.map { ".!?".contains($0) } == true ? "" : "."
        switch form {
        case .clause: return "\(who) \(verb) \(when) that “\(c.quote)”\(end)"
        case .phrase: return "\(who) \(verb) \(when): “\(c.quote)”\(end)"
        }
    }
}

extension Leader {
    /// What a leader record states as fact is the offices held: cited from the offices' quotes, or from the
    /// name's own when no office is cited. `cite`, the citation styles and the embed card all use these.
    var factCitations: [Citation] {
        let offices = offices.flatMap(\.citations)
        return offices.isEmpty ? citations : offices
    }
}
