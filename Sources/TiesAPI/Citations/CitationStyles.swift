import TiesCore

/// A record's citation rendered in a citation style — APA 7, Chicago author-date, MLA 9 — or as the plain
/// attribution sentence (`text`). The reference is written from the source's `Reference` (the data CSL-JSON
/// carries), not from a template of its own, so the styles say what the exports say.
enum CitationStyle: String, CaseIterable, Sendable {
    case text, apa, chicago, mla

    /// Styled runs: plain text, or a title set in italics (newspaper, report), which HTML shows as `<i>`.
    enum Run { case plain(String), italic(String) }

    /// The reference list entry.
    func reference(_ r: Reference) -> [Run] {
        let author = CitationStyle.authors(r)
        let title = r.title
        let d = r.date
        let month = d.month.map { Reference.monthNames[$0 - 1] }
        var runs: [Run] = []
        switch self {
        case .apa:
            // Author. (2023, December 16). Title. Newspaper. URL — no author: the title moves to the front.
            let date = "(" + ([String(d.year)] + [month.map { m in d.day.map { "\(m) \($0)" } ?? m }].compactMap { $0 }).joined(separator: ", ") + ")."
            if let author { runs += [.plain("\(author). \(date) ")] ; runs += titleRuns(title, italic: r.type == .report) }
            else { runs += titleRuns(title, italic: r.type == .report); runs += [.plain(" \(date)")] }
            if let c = r.containerTitle { runs += [.plain(" "), .italic(c), .plain(".")] }
            if let p = r.publisher, p != author { runs += [.plain(" \(p).")] }
            runs += [.plain(" \(r.url)")]
        case .chicago:
            // Author. 2023. "Title." Newspaper, December 16. URL.
            let when = month.map { m in d.day.map { "\(m) \($0)" } ?? m }
            if let author { runs += [.plain("\(author). \(d.year). ")] }
            runs += r.type == .report ? titleRuns(title, italic: true) : [.plain("“\(title).”")]
            if author == nil { runs += [.plain(" \(d.year).")] }
            if let c = r.containerTitle { runs += [.plain(" "), .italic(c)]; runs += [.plain(when.map { ", \($0)." } ?? ".")] }
            else if let p = r.publisher, p != author { runs += [.plain(" \(p)") , .plain(when.map { ", \($0)." } ?? ".")] }
            else if let when { runs += [.plain(" \(when).")] }
            runs += [.plain(" \(r.url).")]
        case .mla:
            // Author. "Title." Newspaper, 16 Dec. 2023, URL.
            let short = month.map { m in m.count > 4 ? String(m.prefix(3)) + "." : m }
            let when = ([d.day.map(String.init), short, String(d.year)].compactMap { $0 }).joined(separator: " ")
            if let author { runs += [.plain("\(author). ")] }
            runs += [.plain("“\(title).” ")]
            if let c = r.containerTitle { runs += [.italic(c), .plain(", ")] }
            else if let p = r.publisher, p != author { runs += [.plain("\(p), ")] }
            runs += [.plain("\(when), \(r.url).")]
        case .text:
            return []
        }
        // What the source does not print is not passed off as printed.
        switch (r.publisherInferred, r.dateInferred) {
        case (true, true): runs.append(.plain(" [Publisher and date inferred.]"))
        case (true, false): runs.append(.plain(" [Publisher inferred.]"))
        case (false, true): runs.append(.plain(" [Date inferred.]"))
        case (false, false): break
        }
        return runs
    }

    /// The in-text citation after a quote: (Reuters, 2023), (Reuters 2023), (Reuters).
    func inText(_ r: Reference) -> String {
        let who = CitationStyle.authors(r) ?? "“" + CitationStyle.shortTitle(r.title) + "”"
        switch self {
        case .apa: return "(\(who), \(r.date.year))"
        case .chicago: return "(\(who) \(r.date.year))"
        case .mla, .text: return "(\(who))"
        }
    }

    private func titleRuns(_ title: String, italic: Bool) -> [Run] {
        italic ? [.italic(title), .plain(".")] : [.plain(title.last.map { ".!?".contains($0) } == true ? title : title + ".")]
    }

    /// Institutional authors as the style names them; nil when nobody signs the text.
    static func authors(_ r: Reference) -> String? {
        r.authors.isEmpty ? nil : Reference.list(r.authors)
    }

    static func shortTitle(_ title: String) -> String {
        let words = title.split(separator: " ")
        return words.count <= 4 ? title : words.prefix(4).joined(separator: " ") + "…"
    }

    static func plain(_ runs: [Run]) -> String {
        runs.map { run in switch run { case .plain(let s), .italic(let s): s } }.joined()
    }

    static func html(_ runs: [Run]) -> String {
        runs.map { run in
            switch run {
            case .plain(let s): XMLWriter.escape(s)
            case .italic(let s): "<i>" + XMLWriter.escape(s) + "</i>"
            }
        }.joined()
    }
}
