// Mentions, full-text indexes and the cross-links between records; the last step of a load.

extension Event {
    /// The event's searchable text fields, named as in its JSON, in the order search reports them.
    var searchFields: [(name: String, text: String)] {
        var fields: [(String, String)] = [("title", title), ("summary", summary)]
        for (i, o) in outcomes.enumerated() { fields.append(("outcomes[\(i)].description", o.description)) }
        if let location { fields.append(("location.name", location.name)) }
        return fields
    }
}

extension Source {
    /// The source's searchable text fields: title, then the cleaned text.
    var searchFields: [(name: String, text: String)] { [("title", title), ("text", text)] }
}

extension DatasetBuilder {
    mutating func assemble(info: DatasetInfo?, countries: [CountryDraft], topics: [TopicDraft], sources: [SourceDraft],
                           leaders: [LeaderDraft], events: [Event], levels: [LevelDraft]) -> DatasetModel? {
        if let info { checkSubjectCountries(info) }

        // Every alias of every entity, registered under its first word. Entities are numbered leaders first,
        // then countries, then levels.
        var terms = TermTable(capacity: 1 << 14)
        var matcher = MentionMatcher()
        let countryBase = leaders.count, levelBase = leaders.count + countries.count
        let entityCount = levelBase + levels.count
        var owners: [String: String] = [:]
        var checkedAliases: [(alias: Int, file: String, record: String, field: String)] = []
        func register(_ text: String, entity: Int, file: String, record: String, field: String, mustAppear: Bool) {
            if entity >= 0 {
                let owner = "\(file) '\(record)'"
                if let other = owners[text], other != owner {
                    diagnostics.add(.badAlias, file, record, field, "'\(text)' is also an alias of \(other); a name must point to one record")
                    return
                }
                owners[text] = owner
            }
            guard matcher.add(text, entity: entity, terms: &terms) else {
                diagnostics.add(.badAlias, file, record, field, "an alias must start with a letter or digit: '\(text)'")
                return
            }
            if mustAppear { checkedAliases.append((matcher.aliases.count - 1, file, record, field)) }
        }
        for (i, l) in leaders.enumerated() {
            for (j, a) in l.aliases.enumerated() {
                register(a, entity: i, file: "leaders.json", record: l.id, field: "aliases[\(j)]", mustAppear: true)
            }
        }
        for (i, c) in countries.enumerated() {
            for (j, a) in c.aliases.enumerated() {
                register(a, entity: countryBase + i, file: "countries.json", record: c.code, field: "aliases[\(j)]", mustAppear: false)
            }
            for (j, a) in c.notMentions.enumerated() {
                register(a, entity: -1, file: "countries.json", record: c.code, field: "notMentions[\(j)]", mustAppear: false)
            }
        }
        for (i, l) in levels.enumerated() {
            for (j, s) in l.spellings.enumerated() {
                register(s, entity: levelBase + i, file: "partnership-levels.json", record: l.id, field: "spellings[\(j)]", mustAppear: true)
            }
        }

        // One pass over every source: index its words and collect mention candidates.
        var sourceIndex = FullTextIndex.Builder()
        var aliasSeen = [Bool](repeating: false, count: matcher.aliases.count)
        var entityMentions = [[Mentions]](repeating: [], count: entityCount)
        var mentionCount = 0
        for (s, draft) in sources.enumerated() {
            let doc = Int32(s)
            sourceIndex.noteDocument(doc)
            var title = draft.title
            title.withUTF8 { p in Tokenizer.forEachWord(in: p) { _, w in sourceIndex.add(term: terms.intern(w), doc: doc) } }
            var candidates: [MentionMatcher.Match] = []
            sourceTexts[s].bytes.withUnsafeBufferPointer { p in
                Tokenizer.forEachWord(in: p) { token, w in
                    let t = terms.intern(w)
                    sourceIndex.add(term: t, doc: doc)
                    matcher.candidates(term: t, token: token, in: p, into: &candidates)
                }
            }
            for c in candidates { aliasSeen[c.aliasIndex] = true }
            var spansByEntity: [Int: [MentionSpan]] = [:]
            for m in matcher.resolve(candidates) {
                spansByEntity[m.entity, default: []].append(
                    MentionSpan(start: m.scalarStart, end: m.scalarEnd, text: matcher.aliases[m.aliasIndex].text))
            }
            for (entity, spans) in spansByEntity {
                entityMentions[entity].append(Mentions(sourceId: draft.id, spans: spans))
                mentionCount += spans.count
            }
        }
        for a in checkedAliases where !aliasSeen[a.alias] {
            diagnostics.add(.badAlias, a.file, a.record, a.field,
                            "'\(matcher.aliases[a.alias].text)' appears in no source text (matching is whole-word and case-sensitive)")
        }

        var eventIndex = FullTextIndex.Builder()
        for (e, event) in events.enumerated() {
            let doc = Int32(e)
            eventIndex.noteDocument(doc)
            for field in event.searchFields {
                var text = field.text
                text.withUTF8 { p in Tokenizer.forEachWord(in: p) { _, w in eventIndex.add(term: terms.intern(w), doc: doc) } }
            }
        }

        guard diagnostics.isEmpty, let info else { return nil }

        // Cross-links.
        var eventIdsByLeader: [String: [String]] = [:]
        var eventCountByCountry: [String: Int] = [:]
        var eventCountByTopic: [String: Int] = [:]
        for e in events {
            var seen = Set<String>()
            for p in e.participants { if let l = p.leaderId, seen.insert(l).inserted { eventIdsByLeader[l, default: []].append(e.id) } }
            for c in e.countries { eventCountByCountry[c, default: 0] += 1 }
            for t in e.topics { eventCountByTopic[t, default: 0] += 1 }
        }
        func distinctSources(_ lists: [[Citation]]) -> [String] {
            var seen = Set<String>()
            return lists.joined().compactMap { seen.insert($0.sourceId).inserted ? $0.sourceId : nil }
        }
        let sourceDateById = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.published) })
        let leaderRecords = leaders.enumerated().map { i, l in
            let offices = l.offices.map { o -> Leader.Office in
                var dates: [String: PartialDate] = [:]
                for c in o.citations {
                    guard let p = sourceDateById[c.sourceId] else { continue }
                    let d = p.date
                    dates[d.iso] = PartialDate(year: d.year, month: d.month, day: d.day, approximate: p.inferred) ?? d
                }
                let citedOn = dates.values.sorted { ($0.firstDay, $0.lastDay) < ($1.firstDay, $1.lastDay) }
                return Leader.Office(title: o.title, country: o.country, from: o.from, to: o.to, citedOn: citedOn, citations: o.citations)
            }
            return Leader(id: l.id, name: l.name, country: l.country, aliases: l.aliases, offices: offices,
                          eventIds: eventIdsByLeader[l.id] ?? [], mentions: entityMentions[i], citations: l.citations,
                          sourceIds: distinctSources([l.citations] + l.offices.map(\.citations)))
        }
        let countryRecords = countries.enumerated().map { i, c in
            Country(code: c.code, name: c.name, aliases: c.aliases, notMentions: c.notMentions,
                    leaderIds: leaders.filter { $0.country == c.code }.map(\.id),
                    eventCount: eventCountByCountry[c.code] ?? 0, mentions: entityMentions[countryBase + i])
        }
        let topicRecords = topics.map { Topic(id: $0.id, name: $0.name, description: $0.description, eventCount: eventCountByTopic[$0.id] ?? 0) }
        let levelRecords = levels.enumerated().map { i, l in
            PartnershipLevel(id: l.id, name: l.name, rank: l.rank, spellings: l.spellings, reached: l.reached, eventId: l.eventId,
                             citations: l.citations, sourceIds: distinctSources([l.citations]), mentions: entityMentions[levelBase + i])
        }
        for s in citationsBySource.indices {
            citationsBySource[s].sort {
                ($0.citation.start, $0.citation.end, $0.recordId, $0.field) < ($1.citation.start, $1.citation.end, $1.recordId, $1.field)
            }
        }
        let sourceRecords = sources.enumerated().map { s, d in
            Source(id: d.id, title: d.title, kind: d.kind, language: d.language, url: d.url, publisher: d.publisher,
                   wireServices: d.wireServices, published: d.published, originalFile: d.originalFile, removed: d.removed,
                   notes: d.notes, text: d.text, textLength: sourceTexts[s].scalarCount, citationCount: citationsBySource[s].count)
        }
        return DatasetModel(info: info, sources: sourceRecords, sourceTexts: sourceTexts, events: events, leaders: leaderRecords,
                            levels: levelRecords, topics: topicRecords, countries: countryRecords,
                            citationsBySource: citationsBySource, terms: terms,
                            eventIndex: eventIndex.finish(termCount: terms.count),
                            sourceIndex: sourceIndex.finish(termCount: terms.count),
                            citationCount: citationCount, mentionCount: mentionCount)
    }
}
