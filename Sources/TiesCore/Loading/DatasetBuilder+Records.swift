import Foundation

// Records before the cross-links (events of a leader, mentions, counts) are added.

struct CountryDraft { let code: String; let name: String; let aliases: [String]; let notMentions: [String] }
struct TopicDraft { let id: String; let name: String; let description: String }
struct OfficeDraft { let title: String; let country: String; let from: PartialDate?; let to: PartialDate?; let citations: [Citation] }
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
        guard let title else { return nil }
        return DatasetInfo(formatVersion: raw.formatVersion ?? 0, title: title, description: raw.description ?? "",
                           subjectCountries: raw.subjectCountries ?? [], licence: raw.licence ?? "",
                           notes: raw.notes ?? [], eventTypes: types, outcomeKinds: kinds)
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
        for entry in decodeArray(file, RawTopic.self) {
            guard let raw = entry.value?.value else { continue }
            let place = Place(file: file, record: entry.recordName, prefix: "")
            guard let id = slug(raw.id, place) else { continue }
            guard topicIds.insert(id).inserted else {
                report(.duplicateId, place, "id", "topic '\(id)' is listed twice")
                continue
            }
            guard let name = required(raw.name, place, "name"), let description = required(raw.description, place, "description") else { continue }
            out.append(TopicDraft(id: id, name: name, description: description))
        }
        return out
    }

    // MARK: sources/

    mutating func buildSources() -> [SourceDraft] {
        var drafts: [SourceDraft] = []
        for id in files.sourceIds {
            let file = "sources/\(id).json"
            let place = Place(file: file, record: id, prefix: "")
            guard Self.isSlug(id) else {
                report(.invalidId, place, nil, "file name '\(id)' is not a slug: lowercase letters, digits and single hyphens")
                continue
            }
            let checked = decodeObject(file, RawSource.self, record: id)
            guard let data = files["sources/\(id).txt"] else { continue }
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.add(.invalidUTF8, "sources/\(id).txt", id, nil, "the text is not valid UTF-8")
                continue
            }
            if Self.isBlank(text) {
                diagnostics.add(.missingField, "sources/\(id).txt", id, nil, "the text is empty")
            }
            // From here on the source stays in, with stand-ins for bad fields (whose errors are reported and
            // refuse the load), so citations into its text are still checked rather than all reported missing.
            let raw = checked?.value
            if let written = raw?.id, written != id {
                report(.inconsistent, place, "id", "id '\(written)' differs from the file name '\(id)'")
            }
            let title = raw.flatMap { required($0.title, place, "title") }
            var kind: Source.Kind?
            if let raw, let k = required(raw.kind, place, "kind") {
                kind = Source.Kind(rawValue: k)
                if kind == nil {
                    report(.invalidValue, place, "kind", "'\(k)' is not one of: \(Source.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            let language = raw.flatMap { required($0.language, place, "language") }
            if let language, !Self.isLanguageTag(language) {
                report(.invalidValue, place, "language", "'\(language)' is not a BCP 47 language tag such as 'en' or 'ms'")
            }
            var publisher: Source.Publisher?
            if let p = raw?.publisher {
                let pp = place.nested("publisher")
                reportUnknown(p.unknownKeys, pp, allowed: RawPublisher.allowedKeys)
                if let name = required(p.value.name, pp, "name") {
                    let inferred = p.value.inferred ?? false
                    if inferred && (p.value.reason ?? "").isEmpty {
                        report(.missingField, pp, "reason", "an inferred publisher needs the reason it was inferred")
                    }
                    publisher = Source.Publisher(name: name, inferred: inferred, reason: p.value.reason)
                }
            }
            let wires = raw?.wireServices ?? []
            for (i, wire) in wires.enumerated() where !text.contains(wire) {
                report(.invalidValue, place, "wireServices[\(i)]", "'\(wire)' is not credited anywhere in the text")
            }
            let published = raw.flatMap { buildPublished($0.published, place, text: text) }
            var original: String?
            if let name = raw?.originalFile {
                original = name
                checkOriginal(name, text: text, place: place)
            }
            let standIn = Source.Published(date: PartialDate(unchecked: 1970, nil, nil), time: nil, timeZone: nil,
                                           asPrinted: nil, inferred: true, reason: nil, note: nil)
            drafts.append(SourceDraft(id: id, title: title ?? id, kind: kind ?? .newsReport, language: language ?? "und",
                                      url: raw?.url, publisher: publisher, wireServices: wires, published: published ?? standIn,
                                      originalFile: original, removed: raw?.removed ?? [], notes: raw?.notes ?? [],
                                      text: text))
        }
        // Sort positions by precomputed keys, then move each draft once: comparing and swapping the
        // drafts themselves copies every field at every step.
        let keys = drafts.map { DateKey(first: $0.published.date.firstDay, last: $0.published.date.lastDay, id: $0.id) }
        drafts = keys.indices.sorted { keys[$0] < keys[$1] }.map { drafts[$0] }
        for (i, d) in drafts.enumerated() {
            sourceIndexById[d.id] = i
            sourceTexts.append(TextBuffer(bytes: files["sources/\(d.id).txt"] ?? Array(d.text.utf8)))
            sourceDates.append(d.published.date)
        }
        citationsBySource = Array(repeating: [], count: drafts.count)
        return drafts
    }

    static func isLanguageTag(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.utf8.allSatisfy(Tokenizer.isWordASCII) }
    }

    func buildPublished(_ checked: Checked<RawPublished>?, _ place: Place, text: String) -> Source.Published? {
        guard let checked else {
            report(.missingField, place, "published", "the publication date is required (mark it inferred if not printed)")
            return nil
        }
        let p = place.nested("published")
        reportUnknown(checked.unknownKeys, p, allowed: RawPublished.allowedKeys)
        let raw = checked.value
        guard let dateText = required(raw.date, p, "date") else { return nil }
        let date: PartialDate
        do { date = try PartialDate.parse(dateText, parameter: "published.date") } catch {
            report(.badDate, p, "date", error.message)
            return nil
        }
        if let time = raw.time, !Self.isClockTime(time) {
            report(.invalidValue, p, "time", "'\(time)' is not a 24-hour time HH:MM")
        }
        if raw.timeZone != nil && raw.time == nil {
            report(.inconsistent, p, "timeZone", "a time zone without a time")
        }
        if let printed = raw.asPrinted, !text.contains(printed) {
            report(.invalidValue, p, "asPrinted", "'\(printed)' does not appear in the text")
        }
        let inferred = raw.inferred ?? false
        if inferred && (raw.reason ?? "").isEmpty {
            report(.missingField, p, "reason", "an inferred date needs the reason it was inferred")
        }
        if !inferred && raw.asPrinted == nil {
            report(.missingField, p, "asPrinted", "a printed date needs asPrinted (the date line as it stands in the text); otherwise mark it inferred with a reason")
        }
        return Source.Published(date: date, time: raw.time, timeZone: raw.timeZone, asPrinted: raw.asPrinted,
                                inferred: inferred, reason: raw.reason, note: raw.note)
    }

    static func isClockTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 5, b[2] == 0x3A, [b[0], b[1], b[3], b[4]].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let h = Int(b[0] - 0x30) * 10 + Int(b[1] - 0x30), m = Int(b[3] - 0x30) * 10 + Int(b[4] - 0x30)
        return h < 24 && m < 60
    }

    /// The cleaned text must be the original page with lines removed: every non-blank line of the text is a
    /// line of the original, in the same order. So cleaning can only delete, never reword.
    func checkOriginal(_ name: String, text: String, place: Place) {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            report(.invalidValue, place, "originalFile", "'\(name)' must be a file name inside originals/")
            return
        }
        guard let data = files.read("originals/\(name)", required: false) else {
            report(.missingFile, place, "originalFile", "originals/\(name) does not exist")
            return
        }
        guard let original = String(validating: data, as: UTF8.self) else {
            diagnostics.add(.invalidUTF8, "originals/\(name)", place.record, nil, "the original is not valid UTF-8")
            return
        }
        func lines(_ s: String) -> [Substring] {
            s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        }
        let source = lines(original)
        var j = 0
        for (n, line) in lines(text).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            while j < source.count && source[j] != line { j += 1 }
            if j == source.count {
                diagnostics.add(.textNotFromOriginal, "sources/\(place.record ?? "").txt", place.record, "line \(n + 1)",
                                "line is not a line of originals/\(name) (or is out of order): \"\(Self.clip(String(line)))\"")
                return
            }
            j += 1
        }
    }

    // MARK: leaders.json

    mutating func buildLeaders() -> [LeaderDraft] {
        let file = "leaders.json"
        var out: [LeaderDraft] = []
        var ids = Set<String>()
        for entry in decodeArray(file, RawLeader.self) {
            guard let raw = entry.value?.value else { continue }
            let place = Place(file: file, record: entry.recordName, prefix: "")
            guard let id = slug(raw.id, place) else { continue }
            guard ids.insert(id).inserted else {
                report(.duplicateId, place, "id", "leader '\(id)' is listed twice")
                continue
            }
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
                let cites = citations(o.citations, op, recordType: .office, recordId: id)
                if let title, let oc { offices.append(OfficeDraft(title: title, country: oc, from: from, to: to, citations: cites)) }
            }
            let cites = citations(raw.citations, place, recordType: .leader, recordId: id)
            guard let name else { continue }
            out.append(LeaderDraft(id: id, name: name, country: leaderCountry, aliases: aliases, offices: offices, citations: cites))
        }
        return out.sorted { $0.id < $1.id }
    }

    // MARK: events.json

    mutating func buildEvents(leaders: [LeaderDraft]) -> [Event] {
        let file = "events.json"
        let clock = PhaseClock()
        let decoded = decodeArray(file, RawEvent.self)
        clock.lap("events.json parsed (waited)")
        let allIds = Set(decoded.compactMap(\.id))
        let leaderById = Dictionary(leaders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var ids = Set<String>()
        var out: [Event] = []
        out.reserveCapacity(decoded.count)
        for entry in decoded {
            guard let raw = entry.value?.value else { continue }
            let place = Place(file: file, record: entry.recordName, prefix: "")
            guard let id = slug(raw.id, place) else { continue }
            guard ids.insert(id).inserted else {
                report(.duplicateId, place, "id", "event '\(id)' is listed twice")
                continue
            }
            var type: String?
            if let t = required(raw.type, place, "type") {
                if eventTypeIds.contains(t) { type = t } else {
                    report(.danglingReference, place, "type", "event type '\(t)' is not in dataset.json eventTypes")
                }
            }
            let title = required(raw.title, place, "title")
            let summary = required(raw.summary, place, "summary")
            let start = date(raw.date, place, "date", required: true)
            let end = date(raw.endDate, place, "endDate", required: false)
            if let start, let end, end.firstDay < start.firstDay {
                report(.badDate, place, "endDate", "ends (\(end.iso)) before it starts (\(start.iso))")
            }
            var status: Event.Status?
            if let s = required(raw.status, place, "status") {
                status = Event.Status(rawValue: s)
                if status == nil { report(.invalidValue, place, "status", "'\(s)' is not one of: happened, scheduled") }
            }
            var location: Event.Location?
            if let l = raw.location {
                let lp = place.nested("location")
                reportUnknown(l.unknownKeys, lp, allowed: RawLocation.allowedKeys)
                let name = required(l.value.name, lp, "name")
                let lc = country(l.value.country, lp, "country", optional: true)
                let cites = citations(l.value.citations, lp, recordType: .location, recordId: id)
                if let name { location = Event.Location(name: name, detail: l.value.detail, country: lc, citations: cites) }
            }
            var participants: [Event.Participant] = []
            for (i, item) in (raw.participants ?? []).enumerated() {
                let pp = place.nested("participants[\(i)]")
                reportUnknown(item.unknownKeys, pp, allowed: RawParticipant.allowedKeys)
                let p = item.value
                guard let role = required(p.role, pp, "role") else { continue }
                if let lid = p.leaderId {
                    guard let leader = leaderById[lid] else {
                        report(.danglingReference, pp, "leaderId", "leader '\(lid)' does not exist")
                        continue
                    }
                    guard let office = leader.offices.first(where: { $0.title == role }) else {
                        report(.inconsistent, pp, "role",
                               "'\(role)' is not an office of '\(lid)' in leaders.json (offices: \(leader.offices.map(\.title).joined(separator: "; ")))")
                        continue
                    }
                    if let c = p.country, c != office.country {
                        report(.inconsistent, pp, "country", "'\(c)' differs from the office's country '\(office.country)'")
                    }
                    participants.append(Event.Participant(leaderId: lid, name: leader.name, role: role, country: office.country))
                } else {
                    guard let c = country(p.country, pp, "country") else { continue }
                    participants.append(Event.Participant(leaderId: nil, name: nil, role: role, country: c))
                }
            }
            var countries: [String] = []
            if (raw.countries ?? []).isEmpty { report(.missingField, place, "countries", "at least one country is required") }
            var seenCountries = Set<String>()
            for (i, code) in (raw.countries ?? []).enumerated() {
                guard let c = country(code, place, "countries[\(i)]") else { continue }
                if seenCountries.insert(c).inserted { countries.append(c) } else {
                    report(.invalidValue, place, "countries[\(i)]", "'\(c)' is listed twice")
                }
            }
            let topics = references(raw.topics, known: topicIds, what: "topic", place, "topics")
            var outcomes: [Event.Outcome] = []
            for (i, item) in (raw.outcomes ?? []).enumerated() {
                let op = place.nested("outcomes[\(i)]")
                reportUnknown(item.unknownKeys, op, allowed: RawOutcome.allowedKeys)
                let o = item.value
                var kind: String?
                if let k = required(o.kind, op, "kind") {
                    if outcomeKindIds.contains(k) { kind = k } else {
                        report(.danglingReference, op, "kind", "outcome kind '\(k)' is not in dataset.json outcomeKinds")
                    }
                }
                let description = required(o.description, op, "description")
                let cites = citations(o.citations, op, recordType: .outcome, recordId: id)
                var amounts: [Event.Amount] = []
                for (j, a) in (o.amounts ?? []).enumerated() {
                    let ap = op.nested("amounts[\(j)]")
                    reportUnknown(a.unknownKeys, ap, allowed: RawAmount.allowedKeys)
                    guard let value = a.value.value else { report(.missingField, ap, "value", "a number is required"); continue }
                    guard value.isFinite, value >= 0 else { report(.invalidValue, ap, "value", "must be a number ≥ 0"); continue }
                    guard let currency = required(a.value.currency, ap, "currency") else { continue }
                    guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                        report(.invalidValue, ap, "currency", "'\(currency)' is not an ISO 4217 code such as JPY or USD")
                        continue
                    }
                    guard let printed = required(a.value.asPrinted, ap, "asPrinted") else { continue }
                    if !cites.isEmpty && !cites.contains(where: { $0.quote.contains(printed) }) {
                        report(.inconsistent, ap, "asPrinted", "'\(printed)' is not in any of the outcome's quotes")
                    }
                    amounts.append(Event.Amount(value: value, currency: currency, asPrinted: printed))
                }
                if let kind, let description {
                    outcomes.append(Event.Outcome(kind: kind, description: description, amounts: amounts, citations: cites))
                }
            }
            var levelId: String?
            if let l = raw.partnershipLevelId {
                if levelIds.contains(l) { levelId = l } else {
                    report(.danglingReference, place, "partnershipLevelId", "partnership level '\(l)' does not exist")
                }
            }
            var related = references(raw.relatedEventIds, known: allIds, what: "event", place, "relatedEventIds")
            if related.contains(id) {
                report(.invalidValue, place, "relatedEventIds", "an event cannot be related to itself")
                related.removeAll { $0 == id }
            }
            let cites = citations(raw.citations, place, recordType: .event, recordId: id)
            guard let type, let title, let summary, let start, let status else { continue }
            var sourceIds: [String] = []
            var seenSources = Set<String>()
            for c in cites + outcomes.flatMap(\.citations) + (location?.citations ?? []) where seenSources.insert(c.sourceId).inserted {
                sourceIds.append(c.sourceId)
            }
            out.append(Event(id: id, type: type, title: title, summary: summary, date: start, endDate: end, status: status,
                             location: location, participants: participants, countries: countries, topics: topics,
                             outcomes: outcomes, partnershipLevelId: levelId, relatedEventIds: related,
                             citations: cites, sourceIds: sourceIds))
        }
        let keys = out.map { DateKey(first: $0.firstDay, last: $0.date.lastDay, id: $0.id) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { out[$0] }
    }

    // MARK: partnership-levels.json

    mutating func buildLevels(_ decoded: [Decoded<RawLevel>], events: [Event]) -> [LevelDraft] {
        let file = "partnership-levels.json"
        let eventPosition = Dictionary(events.indices.map { (events[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        var ids = Set<String>()
        var ranks: [Int: String] = [:]
        var out: [LevelDraft] = []
        for entry in decoded {
            guard let raw = entry.value?.value else { continue }
            let place = Place(file: file, record: entry.recordName, prefix: "")
            guard let id = slug(raw.id, place) else { continue }
            guard ids.insert(id).inserted else {
                report(.duplicateId, place, "id", "partnership level '\(id)' is listed twice")
                continue
            }
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
