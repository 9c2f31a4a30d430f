import TiesCore

/// RIS (`application/x-research-info-systems`), the tagged format EndNote, Zotero and Mendeley import: a
/// record per source, `TY` first and `ER` last, each line `XX  - value`, CRLF-terminated. Types: `NEWS` for a
/// newspaper or wire report, `GOVDOC` for a government record, `GEN` for a summary.
enum RIS {
    static func document(_ references: [Reference]) -> [UInt8] {
        Array(references.map(record).joined().utf8)
    }

    static func record(_ r: Reference) -> String {
        var lines: [(String, String)] = []
        let type = switch r.type {
        case .newspaperArticle: "NEWS"
        case .report: "GOVDOC"
        case .article: "GEN"
        }
        lines.append(("TY", type))
        lines.append(("ID", r.id))
        lines.append(("TI", r.title))
        for a in r.authors { lines.append(("AU", a)) }
        if let c = r.containerTitle { lines.append(("T2", c)) }
        if let p = r.publisher { lines.append(("PB", p)) }
        lines.append(("PY", String(r.date.year)))
        // DA is YYYY/MM/DD/other, with empty parts below the date's precision.
        let month = r.date.month.map { pad($0) } ?? ""
        let day = r.date.day.map { pad($0) } ?? ""
        lines.append(("DA", "\(r.date.year)/\(month)/\(day)/"))
        lines.append(("LA", r.language))
        lines.append(("UR", r.url))
        if let n = r.note { lines.append(("N1", n)) }
        lines.append(("ER", ""))
        // One line per tag: a line break inside a value would start a new tag.
        return lines.map { "\($0.0)  - \($0.1.replacingLineBreaks())\r\n" }.joined()
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

extension String {
    func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
