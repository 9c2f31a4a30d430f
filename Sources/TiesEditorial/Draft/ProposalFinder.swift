import FoundationEssentials
import TiesCore

/// Finds the candidate facts of a cleaned text against what the dataset already holds.
struct ProposalFinder {
    let known: Snapshot
    let published: PartialDate?

    static let offices = ["Prime Minister", "Deputy Prime Minister", "Foreign Minister", "Defence Minister", "Defense Minister",
                          "Deputy Chief Cabinet Secretary", "Chief Cabinet Secretary", "President", "Minister", "King", "Ambassador"]
    /// Verbs of the reported acts the dataset records as events.
    static let eventVerbs = #"\b(sign(ed|s)?|agree(d|s)?|agreeing|handed over|will provide|provid(e|ed|es|ing)|visit(ed|s|ing)?|met|meet(s|ing)?|held|hold|order(ed|s)?|announc(ed|es|ing)|decid(ed|es)|decision|elevat(e|ed|ing)|launch(ed|es)?|discuss(ed|es)?|talked|welcom(ed|es)|express(ed|es)|stated|said|confirm(ed|s)?|aim(ed|s)?|call(ed|s) for|accus(ed|es)|expected|referred|claim(s|ed)?|attended|chair(s|ing)|took office|taking office|forge|fortify|bolster|boost)\b"#
    /// "strategic partnership", "Comprehensive and Strategic Partnership": a rung of a ladder, named.
    static let levelPattern = #"\b((comprehensive|strategic|special|enhanced|global)( and| &)? )+partnership\b"#
    static let amountPattern = #"(US\$|\$|¥)\s?\d[\d,.]*\s?(million|billion|trillion|M|B)?|\b\d[\d,.]*\s?(million|billion|trillion)?\s?(yen|dollars|ringgit)\b"#

    func proposals(in text: String) -> [Proposal] {
        var out: [Proposal] = []
        func add(_ kind: Proposal.Kind, _ s: Sentence, _ reason: String, _ fill: (inout Proposal) -> Void = { _ in }) {
            var p = Proposal(id: "p\(out.count + 1)", kind: kind, quote: s.text, start: s.start, end: s.end, reason: reason)
            fill(&p)
            out.append(p)
        }
        var introduced: [(word: String, name: String)] = []
        let aliases = known.leaders.flatMap { l in ([l.name] + l.aliases).map { ($0, l) } }.sorted { $0.0.count > $1.0.count }
        for s in Sentences.split(text) {
            var leadersHere: [String] = []
            for (alias, leader) in aliases where !leadersHere.contains(leader.id) && Self.containsWord(s.text, alias) {
                leadersHere.append(leader.id)
                add(.leaderMention, s, "names \(leader.name) as '\(alias)'") { $0.leaderId = leader.id; $0.name = leader.name }
            }
            for (office, name) in newPeople(in: s.text) where !aliases.contains(where: { Self.containsWord(name, $0.0) || Self.containsWord($0.0, name) }) {
                add(.newPerson, s, "introduces '\(name)' as \(office), who is not a known leader") { $0.name = name; $0.office = office }
                if let first = name.split(separator: " ").first.map(String.init), !introduced.contains(where: { $0.word == first }) {
                    introduced.append((first, name))
                }
            }
            // A person introduced earlier, named again by one word ("Najib called for Japan's help").
            for person in introduced where Self.containsWord(s.text, person.word) && !out.contains(where: { $0.start == s.start && $0.name == person.name }) {
                add(.newPerson, s, "names '\(person.name)' again as '\(person.word)'") { $0.name = person.name }
            }
            var levelNamed = false
            for level in known.partnershipLevels {
                if let spelling = ([level.name] + level.spellings).first(where: { s.text.lowercased().contains($0.lowercased()) }) {
                    levelNamed = true
                    add(.levelMention, s, "names the level '\(level.name)' as '\(spelling)'") { $0.levelId = level.id }
                }
            }
            if !levelNamed, let r = Patterns.firstRange(Self.levelPattern, in: s.text, ignoringCase: true) {
                add(.levelMention, s, "names a partnership level the dataset does not have (or a new spelling): '\(s.text[r])'") { $0.name = String(s.text[r]) }
            }
            let dates = DateExpressions.find(in: s.text, published: published)
            for d in dates {
                add(.date, s, "dates the sentence: '\(d.text)' → \(d.date.iso)\(d.date.approximate ? ", approximate" : "")\(d.date.qualifier != nil ? ", on or before" : "")") { $0.date = d.date }
            }
            if Patterns.matches(Self.eventVerbs, s.text), s.text.split(separator: " ").count >= 5 {
                let when = dates.first?.date ?? published
                let existing = when.flatMap { matchingEvent(date: $0, leaders: leadersHere) }
                add(.event, s, existing.map { "reports the event '\($0.title)' again: a new citation raises its corroboration" }
                        ?? "reports an act (agreement, transfer, visit, meeting, statement): a candidate event") {
                    $0.eventId = existing?.id
                    $0.date = when
                }
                if Patterns.matches(Self.amountPattern, s.text) || s.text.contains("Official Security Assistance") || s.text.contains("OSA") {
                    add(.amount, s, "names an amount, equipment or a programme")
                }
            }
        }
        return out
    }

    /// "Prime Minister Shigeru Ishiba", "Defence Minister X": an office and the capitalised words after it.
    func newPeople(in sentence: String) -> [(office: String, name: String)] {
        var out: [(String, String)] = []
        for office in Self.offices {
            let pattern = #"\b\#(office) ((?:[A-Z][A-Za-z'’.-]+ ?){1,3})"#
            for m in Patterns.allGroups(pattern, in: sentence) {
                let name = m[1].trimmingWhitespace()
                let words = name.split(separator: " ")
                if words.contains(where: { ["Of", "And", "The"].contains(String($0)) }) || Self.offices.contains(name) { continue }
                if !out.contains(where: { $0.1 == name }) { out.append((office, name)) }
            }
        }
        // "Mohamad Hasan, Malaysia's foreign minister": a name, then its office in apposition.
        do {
            let pattern = #"\b((?:[A-Z][A-Za-z'’-]+ ){1,2}[A-Z][A-Za-z'’-]+), ((?:[A-Z][a-z]+(?:'s|’s) )?(?:[a-z]+ )*(?:minister|president|secretary|ambassador))\b"#
            for m in Patterns.allGroups(pattern, in: sentence) {
                let name = m[1], office = m[2]
                if !out.contains(where: { $0.1 == name }) { out.append((office, name)) }
            }
        }
        return out
    }

    /// An existing event the sentence reports again: its dates overlap and it shares a leader.
    func matchingEvent(date: PartialDate, leaders: [String]) -> Event? {
        guard !leaders.isEmpty else { return nil }
        return known.events.first { e in
            date.overlaps(firstDay: e.firstDay, lastDay: e.lastDay) && e.participants.contains { $0.leaderId.map(leaders.contains) ?? false }
                && ["summit", "meeting", "visit", "agreement"].contains(e.type)
        }
    }

    static func containsWord(_ text: String, _ word: String) -> Bool {
        var search = text.startIndex..<text.endIndex
        while let r = text[search].firstRange(of: word) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
            search = r.upperBound..<text.endIndex
        }
        return false
    }
}
