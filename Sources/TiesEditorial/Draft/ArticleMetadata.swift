import FoundationEssentials
import TiesCore

/// What a draft can tell of an article from its text: each field found (with the line it came from) or
/// inferred (with the reason), written to `sources/<id>.json` in the dataset's own format and, with that
/// provenance, to `proposals.json` for the editor.
struct ArticleMetadata {
    struct Field: Encodable {
        let value: String?
        /// The line the value was read from, when it was printed.
        let foundIn: String?
        /// Why the value was inferred, when it was not printed.
        let inferredBecause: String?
    }

    var id: String
    var title: Field
    var kind: Field
    var language: Field
    var published: Field
    var publishedDate: PartialDate?
    var publishedTime: String?
    var publishedZone: String?
    var wireServices: [String]
    var wireFoundIn: [String]

    struct Refusal: Error, CustomStringConvertible { let description: String }

    static let monthNames = DateExpressions.months.joined(separator: "|")

    init(page: PageText, known: Snapshot) throws(Refusal) {
        let lines = Patterns.lines(page.text).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        // English only: the date and office rules read English.
        let letters = page.text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let ascii = letters.filter { $0.isASCII }.count
        guard !letters.isEmpty, Double(ascii) / Double(letters.count) >= 0.9 else {
            throw Refusal(description: "the page is not in English (\(letters.count - ascii) of \(letters.count) letters are not Latin): the drafting rules read English; add it by hand (docs/dataset.md)")
        }
        let countries = known.countries.flatMap { [$0.name] + $0.aliases }
        guard countries.contains(where: { ProposalFinder.containsWord(page.text, $0) }) else {
            throw Refusal(description: "the article names no country the dataset knows (\(known.countries.map(\.name).prefix(5).joined(separator: ", ")), …): is it about this relationship?")
        }
        language = Field(value: "en", foundIn: nil, inferredBecause: "\(ascii) of \(letters.count) letters are Latin")
        title = Field(value: lines.first, foundIn: lines.first, inferredBecause: nil)

        // Wire credits: "SOURCE:Reuters", "… by Reuters", "According to Bernama and Kyodo News,".
        var wires: [String] = [], wireLines: [String] = []
        for line in lines {
            for pattern in [#"^SOURCE: ?([A-Z][\w ]+)$"#, #"^Published .* by ([A-Z][\w]+)$"#, #"^According to ([A-Z][\w]+(?: [A-Z][\w]+)?)(?: and ([A-Z][\w]+(?: [A-Z][\w]+)?))?,"#] {
                guard let m = Self.groups(pattern, line) else { continue }
                for w in m.dropFirst() where !w.isEmpty && !wires.contains(w) { wires.append(w); wireLines.append(line) }
            }
        }
        wireServices = wires
        wireFoundIn = wireLines

        // The dateline: "15:54 JST, January 10, 2025", "Published May 25, 2015 1:18 PM by Reuters", "May 23, 2024".
        var date: PartialDate?, time: String?, zone: String?, printed: String?
        for line in lines.prefix(8) {
            if let g = Self.groups(#"^(\d{1,2}:\d{2}) ([A-Z]{2,4}), ((\#(Self.monthNames)) (\d{1,2}), (\d{4}))$"#, line) {
                date = Self.day(g[4], g[5], g[6]); time = g[1]; zone = g[2]; printed = g[0]
            } else if let g = Self.groups(#"^Published (((\#(Self.monthNames)) (\d{1,2}), (\d{4})) (\d{1,2}):(\d{2}) (AM|PM))"#, line) {
                date = Self.day(g[3], g[4], g[5])
                let h = Int(g[6])! % 12 + (g[8] == "PM" ? 12 : 0)
                time = (h < 10 ? "0" : "") + "\(h):" + g[7]; printed = g[1]
            } else if let g = Self.groups(#"^((\#(Self.monthNames)) (\d{1,2}), (\d{4}))$"#, line) {
                date = Self.day(g[2], g[3], g[4]); printed = g[1]
            }
            if date != nil { break }
        }
        if let date, let printed {
            publishedDate = date
            published = Field(value: date.iso, foundIn: printed, inferredBecause: nil)
        } else if let (event, sentence) = Self.reportedEvent(page.text, known: known) {
            // No dateline, but the text reports a known event as past ("met … on January 10"): the article is
            // from that event's month or later; the month is the honest precision.
            publishedDate = PartialDate(year: event.date.year, month: event.date.month)
            published = Field(value: publishedDate?.iso, foundIn: nil,
                              inferredBecause: "no date is printed; the text reports '\(event.title)' (\(event.date.iso)) as past: '\(sentence)'")
        } else {
            // Otherwise the latest date the text prints, to the month.
            let latest = Sentences.split(page.text).flatMap { DateExpressions.find(in: $0.text, published: nil) }
                .map(\.date).max { $0.lastDay < $1.lastDay }
            publishedDate = latest.flatMap { PartialDate(year: $0.year, month: $0.month) }
            published = Field(value: publishedDate?.iso, foundIn: nil,
                              inferredBecause: latest.map { "no date is printed; the latest date the text reports is \($0.iso), so the article is from that month or later" }
                                  ?? "no date is printed and the text gives none: the editor must date it")
        }
        publishedTime = time
        publishedZone = zone

        let titleText = lines.first ?? ""
        if titleText.contains("(Summary)") {
            kind = Field(value: "summary", foundIn: titleText, inferredBecause: nil)
        } else if page.text.contains("The overview of the meeting is as follows") {
            kind = Field(value: "government-record", foundIn: nil, inferredBecause: "it reads as a ministry's record of a meeting ('The overview of the meeting is as follows')")
        } else {
            kind = Field(value: "news-report", foundIn: nil, inferredBecause: "the default: no marker of a record or a summary")
        }

        // <publisher or wire>-<date>-<few words>, the documented pattern.
        let who = Self.slug(wires.first ?? (kind.value == "summary" ? "summary" : "article"))
        let words = Self.slug(titleText).split(separator: "-").filter { !["and", "the", "of", "to", "a", "with", "in", "for", "on"].contains($0) }.prefix(5)
        id = ([who] + (publishedDate.map { [$0.iso] } ?? []) + words.map(String.init)).joined(separator: "-")
    }

    /// The dataset's sources/<id>.json for this article.
    /// In the shipped files' field order and layout (`DatasetJSON.render`).
    func sourceJSON(originalFile: String, removed: [String]) -> DatasetJSON.Value {
        func text(_ s: String?) -> DatasetJSON.Value { s.map { .string($0) } ?? .null }
        var published: [(String, DatasetJSON.Value)] = [("date", text(publishedDate?.iso)), ("time", text(publishedTime)),
                                                        ("timeZone", text(publishedZone))]
        if let printed = self.published.foundIn {
            published += [("asPrinted", .string(printed)), ("inferred", .bool(false))]
            if publishedTime != nil && publishedZone == nil { published.append(("note", .string("The time is printed without a time zone."))) }
        } else {
            published += [("asPrinted", .null), ("inferred", .bool(true)), ("reason", .string(self.published.inferredBecause ?? ""))]
        }
        return .object([("id", .string(id)), ("title", .string(title.value ?? "")), ("kind", .string(kind.value ?? "news-report")),
                        ("language", .string("en")), ("url", .null), ("publisher", .null),
                        ("wireServices", .array(wireServices.map { .string($0) })), ("published", .object(published)),
                        ("originalFile", .string(originalFile)), ("removed", .array(removed.map { .string($0) })),
                        ("notes", .array([.string("Drafted by `ties draft`: the publisher was not identified; set it if the page names its outlet.")]))])
    }

    /// The latest known event the text reports by month and day without a year ("on January 10"), with a
    /// leader of it named in the same sentence.
    static func reportedEvent(_ text: String, known: Snapshot) -> (Event, String)? {
        var best: (Event, String)?
        for s in Sentences.split(text) {
            guard let g = groups(#"\b(\#(monthNames)) (\d{1,2})\b(?!,? \d{4})"#, s.text),
                  let month = DateExpressions.months.firstIndex(of: g[1]).map({ $0 + 1 }), let day = Int(g[2]) else { continue }
            for e in known.events where e.date.month == month && e.date.day == day {
                let named = e.participants.contains { p in
                    p.leaderId.flatMap { known.leader(id: $0) }.map { l in ([l.name] + l.aliases).contains { ProposalFinder.containsWord(s.text, $0) } } ?? false
                }
                if named, best.map({ $0.0.firstDay < e.firstDay }) ?? true { best = (e, s.text) }
            }
        }
        return best
    }

    static func day(_ month: String, _ day: String, _ year: String) -> PartialDate? {
        PartialDate(year: Int(year)!, month: DateExpressions.months.firstIndex(of: month).map { $0 + 1 }, day: Int(day)!)
    }

    static func groups(_ pattern: String, _ text: String) -> [String]? {
        Patterns.firstGroups(pattern, in: text)
    }

    static func slug(_ s: String) -> String {
        let folded = Folding.folded(s)
        var out = "", dash = false
        for c in folded.unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") { out.unicodeScalars.append(c); dash = false } else if !dash && !out.isEmpty { out += "-"; dash = true }
        }
        return out.hasSuffix("-") ? String(out.dropLast()) : out
    }
}
