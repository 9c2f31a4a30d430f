import TiesCore

/// BibTeX (`application/x-bibtex`), as BibTeX, biber and reference managers import it: one entry per source,
/// keyed by the source id. A newspaper article is `@article` with its newspaper as `journal` (Zotero and
/// Mendeley import it as a newspaper/journal article); wire copy with no known outlet, and summaries, are
/// `@misc`; a government record is `@techreport` with the ministry as `institution`. Both the classic
/// `year`/`month` fields and biblatex's `date` (at the date's precision) are written.
enum BibTeX {
    static func document(_ references: [Reference]) -> [UInt8] {
        Array(references.map(entry).joined(separator: "\n").utf8)
    }

    static func entry(_ r: Reference) -> String {
        let kind: String
        var fields: [(String, String)] = []
        switch r.type {
        case .newspaperArticle where r.containerTitle != nil:
            kind = "article"
        case .report:
            kind = "techreport"
        default:
            kind = "misc"
        }
        if !r.authors.isEmpty {
            // Braces keep an institution a single literal name instead of "Last, First".
            fields.append(("author", r.authors.map { "{\(escape($0))}" }.joined(separator: " and ")))
        }
        fields.append(("title", "{\(escape(r.title))}"))
        if let c = r.containerTitle { fields.append(("journal", escape(c))) }
        if r.type == .report, let p = r.publisher { fields.append(("institution", escape(p))) }
        if r.type == .newspaperArticle && r.containerTitle == nil, let wire = r.authors.first {
            fields.append(("howpublished", "\(escape(wire)) wire report"))
        }
        fields.append(("year", String(r.date.year)))
        if let m = r.date.month { fields.append(("month", monthMacros[m - 1])) }
        fields.append(("date", r.date.iso))
        fields.append(("language", r.language))
        fields.append(("url", r.url))
        if let n = r.note { fields.append(("note", escape(n))) }
        var out = "@\(kind){\(r.id),\n"
        for (i, (name, value)) in fields.enumerated() {
            // Month macros are bare words; everything else is braced.
            let braced = name == "month" ? value : "{\(value)}"
            out += "  \(name) = \(braced)\(i == fields.count - 1 ? "" : ",")\n"
        }
        return out + "}\n"
    }

    static let monthMacros = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// TeX's special characters escaped; UTF-8 is kept (biber, bibtexparser and Zotero read it).
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "&", "%", "$", "#", "_": out += "\\\(c)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.append(c)
            }
        }
        return out
    }
}
