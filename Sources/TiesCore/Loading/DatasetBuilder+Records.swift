import FoundationEssentials

// Records before the cross-links (events of a leader, mentions, counts) are added.

struct CountryDraft { let code: String; let name: String; let aliases: [String]; let notMentions: [String] }
struct TopicDraft { let id: String; let name: String; let description: String }
struct OfficeDraft { let title: String; let country: String; let from: PartialDate?; let to: PartialDate?; let inferred: Bool; let reason: String?; let citations: [Citation] }
struct LeaderDraft { let id: String; let name: String; let country: String; let aliases: [String]; let offices: [OfficeDraft]; let citations: [Citation] }
struct LevelDraft { let id: String; let name: String; let rank: Int; let spellings: [String]; let eventId: String; let reached: PartialDate; let citations: [Citation] }
struct SourceDraft {
    let id: String, title: String, kind: Source.Kind, language: String, url: String?
    let publisher: Source.Publisher?, wireServices: [String], published: Source.Published
    let originalFile: String?, removed: [String], notes: [String], text: String
}

extension DatasetBuilder {
    // MARK: dataset.json

    mutating func buildInfo() -> DatasetInfo? {
        let file = "dataset.json"
        guard let checked = decodeObject(file, RawDatasetInfo.self, record: nil) else { return nil }
        let raw = checked.value
        let place = Place(file: file, record: nil, prefix: "")
        if raw.formatVersion != 1 {
            report(.invalidValue, place, "formatVersion", "formatVersion must be 1 (this loader reads format 1)")
        }
        let title = required(raw.title, place, "title")
        func vocabulary(_ list: [Checked<RawVocabularyTerm>]?, _ field: String) -> [VocabularyTerm] {
            var out: [VocabularyTerm] = []
            var seen = Set<String>()
            if (list ?? []).isEmpty { report(.missingField, place, field, "the list must not be empty") }
            for (i, item) in (list ?? []).enumerated() {
                let p = place.nested("\(field)[\(i)]")
                reportUnknown(item.unknownKeys, p, allowed: RawVocabularyTerm.allowedKeys)
                guard let id = slug(item.value.id, p) else { continue }
                guard seen.insert(id).inserted else { report(.duplicateId, p, "id", "'\(id)' is listed twice"); continue }
                out.append(VocabularyTerm(id: id, description: item.value.description ?? ""))
            }
            return out
        }
        let types = vocabulary(raw.eventTypes, "eventTypes")
        let kinds = vocabulary(raw.outcomeKinds, "outcomeKinds")
        eventTypeIds = Set(types.map(\.id))
        outcomeKindIds = Set(kinds.map(\.id))
        // The licence URL goes into a `Link` header on every response: an absolute http(s) URL, nothing else.
        if let url = raw.licenceURL, !DatasetBuilder.isHTTPURL(url) {
            report(.invalidValue, place, "licenceURL", "must be an absolute http or https URL without spaces, such as \"https://creativecommons.org/licenses/by/4.0/\"")
        }
        if (raw.licenceURL == nil) != (raw.licenceName == nil) {
            report(.missingField, place, raw.licenceURL == nil ? "licenceURL" : "licenceName", "licenceName and licenceURL go together")
        }
        guard let title else { return nil }
        return DatasetInfo(formatVersion: raw.formatVersion ?? 0, title: title, description: raw.description ?? "",
                           subjectCountries: raw.subjectCountries ?? [], licence: raw.licence ?? "",
                           licenceName: raw.licenceName, licenceURL: raw.licenceURL,
                           notes: raw.notes ?? [], eventTypes: types, outcomeKinds: kinds)
    }

    static func isHTTPURL(_ s: String) -> Bool {
        (s.hasPrefix("https://") || s.hasPrefix("http://")) && s.count > 8 && s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "<" && $0 != ">" }
    }

    /// Subject countries can only be checked once countries.json is read.
    func checkSubjectCountries(_ info: DatasetInfo) {
        let place = Place(file: "dataset.json", record: nil, prefix: "")
        for (i, code) in info.subjectCountries.enumerated() { _ = country(code, place, "subjectCountries[\(i)]") }
    }

    // MARK: countries.json, topics.json

    mutating func buildCountries() -> [CountryDraft] {
        let file = "countries.json"
        var out: [CountryDraft] = []
        for entry in decodeArray(file, RawCountry.self) {
            guard let raw = entry.value?.value else { continue }
            let place = Place(file: file, record: entry.recordName, prefix: "")
            guard let code = required(raw.code, place, "code") else { continue }
            guard code.utf8.count == 2, code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                report(.invalidValue, place, "code", "'\(code)' is not an ISO 3166-1 alpha-2 code (two capital letters)")
                continue
            }
            guard countryCodes.insert(code).inserted else {
                report(.duplicateId, place, "code", "country '\(code)' is listed twice")
                continue
            }
            guard let name = required(raw.name, place, "name") else { continue }
            let aliases = (raw.aliases ?? []).filter { !$0.isEmpty }
            if aliases.isEmpty { report(.missingField, place, "aliases", "at least one alias (the name as written) is required") }
            out.append(CountryDraft(code: code, name: name, aliases: aliases, notMentions: raw.notMentions ?? []))
        }
        return out
    }

    mutating func buildTopics() -> [TopicDraft] {
        let file = "topics.json"
        var out: [TopicDraft] = []
        let decoded = decodeArray(file, RawTopic.self)
        for (i, place, id) in identified(decoded, file: file, what: "topic", id: \.id, seen: &topicIds) {
            let raw = decoded[i].value!.value
            guard let name = required(raw.name, place, "name"), let description = required(raw.description, place, "description") else { continue }
            out.append(TopicDraft(id: id, name: name, description: description))
        }
        return out
    }

    // MARK: leaders.json

    mutating func buildLeaders() -> [LeaderDraft] {
        let file = "leaders.json"
        var out: [LeaderDraft] = []
        var ids = Set<String>()
        let decoded = decodeArray(file, RawLeader.self)
        for (i, place, id) in identified(decoded, file: file, what: "leader", id: \.id, seen: &ids) {
            let raw = decoded[i].value!.value
            let name = required(raw.name, place, "name")
            // A bad country is reported but does not drop the leader, so events naming it are still checked.
            let leaderCountry = country(raw.country, place, "country") ?? ""

            var aliases: [String] = []
            for (i, alias) in (raw.aliases ?? []).enumerated() {
                guard let first = alias.unicodeScalars.first, Tokenizer.isWord(first) else {
                    report(.badAlias, place, "aliases[\(i)]", "an alias must start with a letter or digit: '\(alias)'")
                    continue
                }
                aliases.append(alias)
            }
            if (raw.aliases ?? []).isEmpty { report(.missingField, place, "aliases", "at least one alias (the name as written) is required") }
            var offices: [OfficeDraft] = []
            if (raw.offices ?? []).isEmpty { report(.missingField, place, "offices", "at least one office, as cited, is required") }
            for (i, item) in (raw.offices ?? []).enumerated() {
                let op = place.nested("offices[\(i)]")
                reportUnknown(item.unknownKeys, op, allowed: RawOffice.allowedKeys)
                let o = item.value
                let title = required(o.title, op, "title")
                let oc = country(o.country, op, "country")
                let from = date(o.from, op, "from", required: false)
                let to = date(o.to, op, "to", required: false)
                if let from, let to, from.firstDay > to.lastDay {
                    report(.badDate, op, "to", "ends (\(to.iso)) before it starts (\(from.iso))")
                }
                let inferred = o.inferred ?? false
                if inferred && (o.reason ?? "").isEmpty {
                    report(.missingField, op, "reason", "an inferred title needs the reason: what the quotes do not say")
                }
                if !inferred && o.reason != nil { report(.inconsistent, op, "reason", "a reason is given only for an inferred title") }
                let cites = citations(o.citations, op, recordType: .office, recordId: id)
                if let title, let oc {
                    offices.append(OfficeDraft(title: title, country: oc, from: from, to: to, inferred: inferred, reason: o.reason, citations: cites))
                }
            }
            let cites = citations(raw.citations, place, recordType: .leader, recordId: id)
            guard let name else { continue }
            out.append(LeaderDraft(id: id, name: name, country: leaderCountry, aliases: aliases, offices: offices, citations: cites))
        }
        return out.sorted { $0.id < $1.id }
    }

    // MARK: partnership-levels.json

    mutating func buildLevels(_ decoded: [Decoded<RawLevel>], events: [Event]) -> [LevelDraft] {
        let file = "partnership-levels.json"
        let eventPosition = Dictionary(events.indices.map { (events[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        var ids = Set<String>()
        var ranks: [Int: String] = [:]
        var out: [LevelDraft] = []
        for (i, place, id) in identified(decoded, file: file, what: "partnership level", id: \.id, seen: &ids) {
            let raw = decoded[i].value!.value
            let name = required(raw.name, place, "name")
            var rank: Int?
            if let r = raw.rank {
                if r < 1 {
                    report(.invalidValue, place, "rank", "rank must be 1 or more (1 is the lowest rung)")
                } else if let other = ranks[r] {
                    report(.duplicateRank, place, "rank", "rank \(r) is already held by '\(other)'")
                } else {
                    ranks[r] = id
                    rank = r
                }
            } else {
                report(.missingField, place, "rank", "a rank is required")
            }
            var spellings: [String] = []
            if (raw.spellings ?? []).isEmpty { report(.missingField, place, "spellings", "at least one spelling, as written, is required") }
            for (i, s) in (raw.spellings ?? []).enumerated() {
                guard let first = s.unicodeScalars.first, Tokenizer.isWord(first) else {
                    report(.badAlias, place, "spellings[\(i)]", "a spelling must start with a letter or digit: '\(s)'")
                    continue
                }
                spellings.append(s)
            }
            var event: Event?
            if let eid = required(raw.eventId, place, "eventId") {
                event = eventPosition[eid].map { events[$0] }
                if event == nil {
                    report(.danglingReference, place, "eventId", "event '\(eid)' does not exist")
                } else if event?.partnershipLevelId != id {
                    report(.inconsistent, place, "eventId",
                           "event '\(eid)' must name this level in its partnershipLevelId (it has \(event?.partnershipLevelId.map { "'\($0)'" } ?? "none"))")
                }
            }
            let cites = citations(raw.citations, place, recordType: .partnershipLevel, recordId: id)
            guard let name, let rank, let event else { continue }
            out.append(LevelDraft(id: id, name: name, rank: rank, spellings: spellings, eventId: event.id,
                                  reached: event.date, citations: cites))
        }
        // The link runs both ways: an event that names a level must be the one that reached it.
        let reachedBy = Dictionary(out.map { ($0.id, $0.eventId) }, uniquingKeysWith: { a, _ in a })
        for e in events {
            guard let l = e.partnershipLevelId, let eid = reachedBy[l], eid != e.id else { continue }
            diagnostics.add(.inconsistent, "events.json", e.id, "partnershipLevelId",
                            "level '\(l)' was reached by event '\(eid)' (its eventId in partnership-levels.json), not by this one")
        }
        return out.sorted { $0.rank < $1.rank }
    }
}
