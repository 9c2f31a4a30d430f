import TiesCore

/// CSL-JSON (the Citation Style Language's data format, `application/vnd.citationstyles.csl+json`): an array
/// of items, which Zotero, Mendeley and every citeproc read and render in any of the CSL styles.
enum CSLJSON {
    static func document(_ references: [Reference]) -> [UInt8] {
        var out: [UInt8] = []
        JSONNode.array(references.map(item)).write(to: &out)
        return out
    }

    static func item(_ r: Reference) -> JSONNode {
        var fields: [(String, JSONNode)] = [
            ("id", .string(r.id)),
            ("type", .string(type(r.type))),
            ("title", .string(r.title)),
        ]
        if !r.authors.isEmpty { fields.append(("author", .array(r.authors.map { .object([("literal", .string($0))]) }))) }
        if let c = r.containerTitle { fields.append(("container-title", .string(c))) }
        if let p = r.publisher { fields.append(("publisher", .string(p))) }
        fields.append(("issued", .object([("date-parts", .array([.array(dateParts(r.date).map { .number(String($0)) })]))])))
        fields.append(("language", .string(r.language)))
        fields.append(("URL", .string(r.url)))
        if let n = r.note { fields.append(("note", .string(n))) }
        return .object(fields)
    }

    static func type(_ t: Reference.ItemType) -> String {
        switch t {
        case .newspaperArticle: "article-newspaper"
        case .report: "report"
        case .article: "webpage"
        }
    }

    /// `[year, month, day]` down to the date's precision: a month-precision date has no day.
    static func dateParts(_ d: PartialDate) -> [Int] {
        [d.year] + (d.month.map { [$0] } ?? []) + (d.day.map { [$0] } ?? [])
    }
}
