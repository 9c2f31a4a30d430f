import FoundationEssentials
import TiesCore

/// Date expressions of a sentence, resolved against the article's publication date the way the shipped
/// records are (docs/dataset.md, "Dates"): a weekday is the latest such day on or before the dateline; "last
/// week", "this year", a month without a year are approximate; "by …" is an upper bound (qualifier `by`).
enum DateExpressions {
    struct Found: Equatable {
        /// The expression as written.
        let text: String
        let date: PartialDate
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func find(in sentence: String, published: PartialDate?) -> [Found] {
        var out: [Found] = []
        let monthAlt = months.joined(separator: "|")
        let pubDay = published.flatMap { $0.precision == .day ? $0.firstDay : nil }
        func add(_ pattern: String, _ resolve: ([String]) -> PartialDate?) {
            for groups in Patterns.allGroups(pattern, in: sentence) {
                guard let date = resolve(groups) else { continue }
                // A longer expression already found covers this one ("December 16, 2023" over "December 2023").
                if out.contains(where: { $0.text.contains(groups[0]) }) { continue }
                out.append(Found(text: groups[0], date: date))
            }
        }
        func month(_ name: String) -> Int? { months.firstIndex(of: name).map { $0 + 1 } }
        let note = published.map { " in an article dated \($0.iso)" } ?? ""

        // Printed dates first: "December 16, 2023", "16 December 2023", "December 2023", "in 2016".
        add(#"\b(\#(monthAlt)) (\d{1,2}), (\d{4})\b"#) { g in
            PartialDate(year: Int(g[3])!, month: month(g[1]), day: Int(g[2])!, note: "Printed: '\(g[0])'.")
        }
        add(#"\b(\d{1,2}) (\#(monthAlt)) (\d{4})\b"#) { g in
            PartialDate(year: Int(g[3])!, month: month(g[2]), day: Int(g[1])!, note: "Printed: '\(g[0])'.")
        }
        add(#"\bby (\#(monthAlt)) (\d{4})\b"#) { g in
            PartialDate(year: Int(g[2])!, month: month(g[1]), qualifier: .by, note: "'\(g[0])': an upper bound.")
        }
        add(#"\b(\#(monthAlt)) (\d{4})\b"#) { g in PartialDate(year: Int(g[2])!, month: month(g[1]), note: "Printed: '\(g[0])'.") }
        add(#"\bin (\d{4})\b"#) { g in PartialDate(year: Int(g[1])!, note: "'\(g[0])'; no month or day is given.") }
        guard let published else { return out }
        let pub = CivilDays.civil(published.lastDay)

        // Relative to the dateline.
        add(#"\b[Oo]n (\#(weekdays.joined(separator: "|")))\b"#) { g in
            guard let day = pubDay, let want = weekdays.firstIndex(of: g[1]) else { return nil }
            // 1970-01-01 was a Thursday (index 4).
            let back = ((day + 4) % 7 - want + 7) % 7
            let c = CivilDays.civil(day - back)
            return PartialDate(year: c.year, month: c.month, day: c.day, note: "'\(g[0])'\(note).")
        }
        add(#"\b[Oo]n (\#(monthAlt)) (\d{1,2})\b"#) { g in
            PartialDate(year: pub.year, month: month(g[1]), day: Int(g[2])!, approximate: true, note: "'\(g[0])'\(note); the year is the article's.")
        }
        add(#"\bon the (\d{1,2})(st|nd|rd|th)\b"#) { g in
            PartialDate(year: pub.year, month: pub.month, day: Int(g[1])!, approximate: true, note: "'\(g[0])'\(note).")
        }
        add(#"\b[Ll]ast week\b"#) { g in
            let c = CivilDays.civil(published.firstDay - 7)
            return PartialDate(year: c.year, month: c.month, approximate: true, note: "'\(g[0])'\(note).")
        }
        // What happened before something dated "last week" happened by that week's end (its Sunday).
        add(#"\b[Ll]ast week\b.*\bafter\b"#) { g in
            guard let day = pubDay else { return nil }
            let sunday = day - ((day + 4) % 7) - (((day + 4) % 7) == 0 ? 7 : 0)
            let c = CivilDays.civil(sunday)
            return PartialDate(year: c.year, month: c.month, day: c.day, approximate: true, qualifier: .by,
                               note: "What came before something done 'last week'\(note): by the end of that week.")
        }
        // "the three-day summit through Sunday": it began two days before that Sunday.
        add(#"\b(two|three|four|five|2|3|4|5)-day [^.]*? through (\#(weekdays.joined(separator: "|")))\b"#) { g in
            guard let day = pubDay, let want = weekdays.firstIndex(of: g[2]) else { return nil }
            let length = ["two": 2, "three": 3, "four": 4, "five": 5][g[1]] ?? Int(g[1]) ?? 1
            let ahead = (want - (day + 4) % 7 + 7) % 7
            let c = CivilDays.civil(day + ahead - (length - 1))
            return PartialDate(year: c.year, month: c.month, day: c.day, approximate: true,
                               note: "'\(g[0])'\(note): the first of \(length) days ending that \(g[2]).")
        }
        add(#"\b(at|by) the end of last year\b"#) { g in
            PartialDate(year: pub.year - 1, month: 12, approximate: true, qualifier: g[1] == "by" ? .by : nil, note: "'\(g[0])'\(note).")
        }
        add(#"\b[Ll]ast (\#(monthAlt))\b"#) { g in
            let m = month(g[1])!
            return PartialDate(year: m < pub.month ? pub.year : pub.year - 1, month: m, approximate: true, note: "'\(g[0])'\(note).")
        }
        add(#"\bin (\#(monthAlt))\b"#) { g in
            let m = month(g[1])!
            return PartialDate(year: m <= pub.month ? pub.year : pub.year - 1, month: m, approximate: true, note: "'\(g[0])'\(note).")
        }
        add(#"\b[Tt]his year\b"#) { g in PartialDate(year: pub.year, approximate: true, note: "'\(g[0])'\(note).") }
        add(#"\b[Ll]ast year\b"#) { g in PartialDate(year: pub.year - 1, approximate: true, note: "'\(g[0])'\(note).") }
        return out
    }
}
