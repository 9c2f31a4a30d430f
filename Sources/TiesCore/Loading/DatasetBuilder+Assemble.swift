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

/// What one pass over the source texts found: each entity's mentions and the source search index.
struct SourceScan {
    let leaderMentions: [String: [Mentions]]
    let countryMentions: [String: [Mentions]]
    let levelMentions: [String: [Mentions]]
    let mentionCount: Int
    let search: TextIndex
}

extension DatasetBuilder {
    /// Indexes every source's words and finds every alias of every leader, country and partnership level
    /// in one pass; reports aliases that appear nowhere and aliases shared by two records.
    func scanSources(_ sources: [SourceDraft], leaders: [LeaderDraft], countries: [CountryDraft],
                     levels: [Decoded<RawLevel>]) -> SourceScan {
        enum Owner: Hashable { case leader(String), country(String), level(String), none }
        var terms = TermTable(capacity: 1 << 14)
        var matcher = MentionMatcher()
        var owners: [Owner] = []
        var ownerOfText: [String: String] = [:]
        var checkedAliases: [(alias: Int, file: String, record: String, field: String)] = []
        func register(_ text: String, _ owner: Owner, file: String, record: String, field: String, mustAppear: Bool) {
            if case .none = owner {} else {
                let name = "\(file) '\(record)'"
                if let other = ownerOfText[text], other != name {
                    diagnostics.add(.badAlias, file, record, field, "'\(text)' is also an alias of \(other); a name must point to one record")
                    return
                }
                ownerOfText[text] = name
            }
            guard matcher.add(text, entity: owners.count, terms: &terms) else {
                diagnostics.add(.badAlias, file, record, field, "an alias must start with a letter or digit: '\(text)'")
                return
            }
            owners.append(owner)
            if mustAppear { checkedAliases.append((matcher.aliases.count - 1, file, record, field)) }
        }
        for l in leaders {
            for (j, a) in l.aliases.enumerated() { register(a, .leader(l.id), file: "leaders.json", record: l.id, field: "aliases[\(j)]", mustAppear: true) }
        }
        for c in countries {
            for (j, a) in c.aliases.enumerated() { register(a, .country(c.code), file: "countries.json", record: c.code, field: "aliases[\(j)]", mustAppear: false) }
            for (j, a) in c.notMentions.enumerated() { register(a, .none, file: "countries.json", record: c.code, field: "notMentions[\(j)]", mustAppear: false) }
        }
        for entry in levels {
            guard let raw = entry.value?.value, let id = raw.id else { continue }
            for (j, a) in (raw.spellings ?? []).enumerated() where a.unicodeScalars.first.map(Tokenizer.isWord) == true {
                register(a, .level(id), file: "partnership-levels.json", record: id, field: "spellings[\(j)]", mustAppear: true)
            }
        }

        // Registered; from here on only read. A `let` is read in the word loop without a retain per word,
        // which reading through the closure's capture of a `var` cost (a tenth of the mention scan).
        let aliasMatcher = matcher
        var index = FullTextIndex.Builder()
        var aliasSeen = [Bool](repeating: false, count: matcher.aliases.count)
        var leaderMentions: [String: [Mentions]] = [:], countryMentions: [String: [Mentions]] = [:]
        var levelMentions: [String: [Mentions]] = [:]
        var mentionCount = 0
        for (s, draft) in sources.enumerated() {
            let doc = Int32(s)
            index.noteDocument(doc)
            var title = draft.title
            title.withUTF8 { p in Tokenizer.forEachWord(in: p) { _, w in index.add(term: terms.intern(w), doc: doc) } }
            var candidates: [MentionMatcher.Match] = []
            sourceTexts[s].bytes.withUnsafeBufferPointer { p in
                var previous: MentionMatcher.Word?
                Tokenizer.forEachWord(in: p) { token, w in
                    let t = terms.intern(w)
                    index.add(term: t, doc: doc)
                    aliasMatcher.candidates((t, token), previous: previous, in: p, into: &candidates)
                    previous = (t, token)
                }
            }
            for c in candidates { aliasSeen[c.aliasIndex] = true }
            // Winners come sorted by offset; group them by the record their alias belongs to.
            var spansByOwner: [Owner: [MentionSpan]] = [:]
            for m in matcher.resolve(candidates) {
                spansByOwner[owners[m.entity], default: []].append(
                    MentionSpan(start: m.scalarStart, end: m.scalarEnd, text: matcher.aliases[m.aliasIndex].text))
            }
            for (owner, spans) in spansByOwner {
                let mentions = Mentions(sourceId: draft.id, spans: spans)
                switch owner {
                case .leader(let id): leaderMentions[id, default: []].append(mentions)
                case .country(let code): countryMentions[code, default: []].append(mentions)
                case .level(let id): levelMentions[id, default: []].append(mentions)
                case .none: continue   // a phrase that is not a mention ("South China Sea") only shadows
                }
                mentionCount += mentions.count
            }
        }
        for a in checkedAliases where !aliasSeen[a.alias] {
            diagnostics.add(.badAlias, a.file, a.record, a.field,
                            "'\(matcher.aliases[a.alias].text)' appears in no source text (matching is whole-word and case-sensitive)")
        }
        return SourceScan(leaderMentions: leaderMentions, countryMentions: countryMentions, levelMentions: levelMentions,
                          mentionCount: mentionCount, search: TextIndex(terms: terms, postings: index.finish(termCount: terms.count)))
    }

    mutating func assemble(info: DatasetInfo?, countries: [CountryDraft], topics: [TopicDraft], sources: [SourceDraft],
                           leaders: [LeaderDraft], events: [Event], levels: [LevelDraft], scan: SourceScan) -> DatasetModel? {
        if let info { checkSubjectCountries(info) }
        guard diagnostics.isEmpty, let info else { return nil }

        // The event search index (its own term table) and the snapshot's indexes over the events need nothing
        // else built here, so at scale they are built on two more threads while this one links the records:
        // the three take about as long together as the search index alone (two cores, 1,000×).
        let eventSearch = Background { TextIndex.build(count: events.count) { events[$0].searchFields } }
        let levelRecords = levels.map { l in
            PartnershipLevel(id: l.id, name: l.name, rank: l.rank, spellings: l.spellings, reached: l.reached, eventId: l.eventId,
                             citations: l.citations, sourceIds: distinctSources([l.citations]), mentions: scan.levelMentions[l.id] ?? [])
        }
        let eventIndexes = events.count >= DatasetLoader.eventsWorthASecondThread
            ? Background { [levelRecords] in Snapshot.EventIndexes(events: events, levels: levelRecords) } : nil

        var eventIdsByLeader: [String: [String]] = [:]
        var eventCountByCountry: [String: Int] = [:]
        var eventCountByTopic: [String: Int] = [:]
        for i in events.indices {
            var seen = Set<String>()
            for p in events[i].participants { if let l = p.leaderId, seen.insert(l).inserted { eventIdsByLeader[l, default: []].append(events[i].id) } }
            for c in events[i].countries { eventCountByCountry[c, default: 0] += 1 }
            for t in events[i].topics { eventCountByTopic[t, default: 0] += 1 }
        }
        func distinctSources(_ lists: [[Citation]]) -> [String] {
            var seen = Set<String>()
            return lists.joined().compactMap { seen.insert($0.sourceId).inserted ? $0.sourceId : nil }
        }
        let sourceDateById = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.published) })
        let leaderRecords = leaders.map { l in
            let offices = l.offices.map { o in
                Leader.Office(title: o.title, country: o.country, from: o.from, to: o.to, inferred: o.inferred, reason: o.reason,
                              citedOn: Leader.Office.citedOn(o.citations, sourceDates: sourceDateById), citations: o.citations)
            }
            return Leader(id: l.id, name: l.name, country: l.country, aliases: l.aliases, offices: offices,
                          eventIds: eventIdsByLeader[l.id] ?? [], mentions: scan.leaderMentions[l.id] ?? [], citations: l.citations,
                          sourceIds: distinctSources([l.citations] + l.offices.map(\.citations)))
        }
        var leadersByCountry: [String: [String]] = [:]
        for l in leaders { leadersByCountry[l.country, default: []].append(l.id) }
        let countryRecords = countries.map { c in
            Country(code: c.code, name: c.name, aliases: c.aliases, notMentions: c.notMentions,
                    leaderIds: leadersByCountry[c.code] ?? [], eventCount: eventCountByCountry[c.code] ?? 0,
                    mentions: scan.countryMentions[c.code] ?? [])
        }
        let topicRecords = topics.map { Topic(id: $0.id, name: $0.name, description: $0.description, eventCount: eventCountByTopic[$0.id] ?? 0) }
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
        return DatasetModel(info: info, sources: sourceRecords, events: events, leaders: leaderRecords,
                            levels: levelRecords, topics: topicRecords, countries: countryRecords,
                            citationsBySource: citationsBySource, eventSearch: eventSearch.wait(), sourceSearch: scan.search,
                            citationCount: citationCount, mentionCount: scan.mentionCount, eventIndexes: eventIndexes?.wait())
    }
}
