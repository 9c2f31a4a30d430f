/// "What had been reported by DATE": the dataset as the sources published on or before a day support it.
///
/// A source counts when its whole publication period lies on or before the last day of DATE — a source
/// dated only `2025-01` is known at `2025-01-31`, not at `2025-01-10`, because it may have been published
/// after. Sources whose period straddles the cutoff are left out and named, so a reader sees the doubt.
public struct KnownAt: Sendable, Hashable {
    /// The date as asked (`knownAt=2023-12` means "by the end of December 2023").
    public let date: PartialDate
    /// Ids of the sources published on or before the cutoff, oldest first.
    public let sourceIds: [String]
    /// Sources whose publication date is too coarse to tell: their period contains the cutoff.
    public let possiblyPublished: [String]

    /// Whether a source with this publication date is known by the cutoff.
    static func includes(_ published: PartialDate, cutoffDay: Int) -> Bool { published.lastDay <= cutoffDay }
}

extension Snapshot {
    /// The sources known at `date` and the ones that may have been published by then.
    public func knownAt(_ date: PartialDate) -> KnownAt {
        let cutoff = date.lastDay
        var known: [String] = [], possible: [String] = []
        for s in sources {
            let d = s.published.date
            if KnownAt.includes(d, cutoffDay: cutoff) { known.append(s.id) } else if d.firstDay <= cutoff { possible.append(s.id) }
        }
        return KnownAt(date: date.period, sourceIds: known, possiblyPublished: possible)
    }

    /// This dataset restricted to what the sources in `kept` support: every record keeps only the citations,
    /// source ids and mentions from those sources; a record left with none is absent; counts, indexes and
    /// the timeline are rebuilt. Records that cite a kept source for their facts are the records "known".
    public func restricted(toSources kept: Set<String>) -> Snapshot {
        if kept.count == sources.count && sources.allSatisfy({ kept.contains($0.id) }) { return self }
        func trim(_ list: [Citation]) -> [Citation] { list.filter { kept.contains($0.sourceId) } }
        func trim(_ list: [Mentions]) -> [Mentions] { list.filter { kept.contains($0.sourceId) } }
        func sourceIds(_ lists: [[Citation]]) -> [String] {
            var seen = Set<String>()
            return lists.joined().compactMap { seen.insert($0.sourceId).inserted ? $0.sourceId : nil }
        }

        // Events first: leaders and levels link to them.
        var keptEvents: [Event] = []
        for e in events {
            let citations = trim(e.citations)
            guard !citations.isEmpty else { continue }
            let outcomes = e.outcomes.compactMap { o -> Event.Outcome? in
                let c = trim(o.citations)
                return c.isEmpty ? nil : Event.Outcome(kind: o.kind, description: o.description, amounts: o.amounts, citations: c)
            }
            let location = e.location.flatMap { l -> Event.Location? in
                let c = trim(l.citations)
                return c.isEmpty ? nil : Event.Location(name: l.name, detail: l.detail, country: l.country, citations: c)
            }
            keptEvents.append(e.replacing(location: location, outcomes: outcomes, citations: citations,
                                          sourceIds: sourceIds([citations] + outcomes.map(\.citations) + [location?.citations ?? []])))
        }
        let eventIds = Set(keptEvents.map(\.id))
        keptEvents = keptEvents.map { $0.replacing(relatedEventIds: $0.relatedEventIds.filter(eventIds.contains)) }

        let sourceDates = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.published) })
        var keptLeaders: [Leader] = []
        for l in leaders {
            let citations = trim(l.citations)
            let offices = l.offices.compactMap { o -> Leader.Office? in
                let c = trim(o.citations)
                return c.isEmpty ? nil : Leader.Office(title: o.title, country: o.country, from: o.from, to: o.to, inferred: o.inferred, reason: o.reason,
                                                        citedOn: Leader.Office.citedOn(c, sourceDates: sourceDates), citations: c)
            }
            guard !citations.isEmpty || !offices.isEmpty else { continue }
            keptLeaders.append(Leader(id: l.id, name: l.name, country: l.country, aliases: l.aliases, offices: offices,
                                      eventIds: l.eventIds.filter(eventIds.contains), mentions: trim(l.mentions),
                                      citations: citations, sourceIds: sourceIds([citations] + offices.map(\.citations))))
        }
        let leaderIds = Set(keptLeaders.map(\.id))
        // A participant whose leader record is not known yet is still named, without the link.
        keptEvents = keptEvents.map { e in
            guard e.participants.contains(where: { $0.leaderId.map { !leaderIds.contains($0) } ?? false }) else { return e }
            return e.replacing(participants: e.participants.map { p in
                guard let id = p.leaderId, !leaderIds.contains(id) else { return p }
                return Event.Participant(leaderId: nil, name: p.name ?? leader(id: id)?.name, role: p.role, country: p.country)
            })
        }

        let keptLevels = partnershipLevels.compactMap { p -> PartnershipLevel? in
            let c = trim(p.citations)
            guard !c.isEmpty, eventIds.contains(p.eventId) else { return nil }
            return PartnershipLevel(id: p.id, name: p.name, rank: p.rank, spellings: p.spellings, reached: p.reached,
                                    eventId: p.eventId, citations: c, sourceIds: sourceIds([c]), mentions: trim(p.mentions))
        }
        let levelIds = Set(keptLevels.map(\.id))
        keptEvents = keptEvents.map { e in
            guard let id = e.partnershipLevelId, !levelIds.contains(id) else { return e }
            return e.replacing(partnershipLevelId: .some(nil))
        }

        // What survives of each source's citation list: citations of records still present.
        let present: [SourceCitation.RecordType: Set<String>] = [
            .event: eventIds, .outcome: eventIds, .location: eventIds,
            .leader: leaderIds, .office: leaderIds, .partnershipLevel: levelIds,
        ]
        var keptSources: [Source] = [], keptCitations: [[SourceCitation]] = []
        for (i, s) in sources.enumerated() where kept.contains(s.id) {
            let list = citationsBySource[i].filter { present[$0.recordType]?.contains($0.recordId) ?? false }
            keptSources.append(s.replacing(citationCount: list.count))
            keptCitations.append(list)
        }

        var countByCountry: [String: Int] = [:], countByTopic: [String: Int] = [:]
        for e in keptEvents {
            for c in e.countries { countByCountry[c, default: 0] += 1 }
            for t in e.topics { countByTopic[t, default: 0] += 1 }
        }
        let keptCountries = countries.map { c in
            Country(code: c.code, name: c.name, aliases: c.aliases, notMentions: c.notMentions,
                    leaderIds: c.leaderIds.filter(leaderIds.contains), eventCount: countByCountry[c.code] ?? 0,
                    mentions: trim(c.mentions))
        }
        let keptTopics = topics.map { Topic(id: $0.id, name: $0.name, description: $0.description, eventCount: countByTopic[$0.id] ?? 0) }
        let mentionCount = (keptLeaders.flatMap(\.mentions) + keptCountries.flatMap(\.mentions) + keptLevels.flatMap(\.mentions))
            .reduce(0) { $0 + $1.count }
        var model = DatasetModel(
            info: info, sources: keptSources, events: keptEvents, leaders: keptLeaders, levels: keptLevels,
            topics: keptTopics, countries: keptCountries, citationsBySource: keptCitations,
            eventSearch: TextIndex.build(count: keptEvents.count) { keptEvents[$0].searchFields },
            sourceSearch: TextIndex.build(count: keptSources.count) { keptSources[$0].searchFields },
            citationCount: keptCitations.reduce(0) { $0 + $1.count }, mentionCount: mentionCount)
        model.history = history
        return Snapshot(model: model, version: contentHash, loadedAt: loadedAt, directory: directory)
    }

    /// When a record absent at some `knownAt` was first reported: the earliest publication date among the
    /// sources it cites, with that source's id. Nil when no record has the id.
    public func firstReported(_ kind: RecordKind, id: String) -> (date: PartialDate, sourceId: String)? {
        let ids: [String]
        switch kind {
        case .event: ids = event(id: id)?.sourceIds ?? []
        case .leader: ids = leader(id: id)?.sourceIds ?? []
        case .partnershipLevel: ids = partnershipLevel(id: id)?.sourceIds ?? []
        case .source: ids = source(id: id).map { [$0.id] } ?? []
        case .topic, .country: return nil   // vocabularies are not reported; they are always there
        }
        return ids.compactMap { source(id: $0) }
            .min { ($0.published.date.lastDay, $0.id) < ($1.published.date.lastDay, $1.id) }
            .map { ($0.published.date.period, $0.id) }
    }
}

extension Leader.Office {
    /// The publication dates of the sources behind an office's citations, oldest first, one per date; an
    /// inferred publication date is marked approximate.
    static func citedOn(_ citations: [Citation], sourceDates: [String: Source.Published]) -> [PartialDate] {
        var dates: [String: PartialDate] = [:]
        for c in citations {
            guard let p = sourceDates[c.sourceId] else { continue }
            let d = p.date
            dates[d.iso] = PartialDate(year: d.year, month: d.month, day: d.day, approximate: p.inferred) ?? d
        }
        return dates.values.sorted { ($0.firstDay, $0.lastDay) < ($1.firstDay, $1.lastDay) }
    }
}

extension Event {
    /// A copy with some fields replaced (the rest as they are).
    func replacing(participants: [Participant]? = nil, location: Location?? = nil, outcomes: [Outcome]? = nil,
                   partnershipLevelId: String?? = nil, relatedEventIds: [String]? = nil,
                   citations: [Citation]? = nil, sourceIds: [String]? = nil) -> Event {
        Event(id: id, type: type, title: title, summary: summary, date: date, endDate: endDate, status: status,
              location: location ?? self.location, participants: participants ?? self.participants,
              countries: countries, topics: topics, outcomes: outcomes ?? self.outcomes,
              partnershipLevelId: partnershipLevelId ?? self.partnershipLevelId,
              relatedEventIds: relatedEventIds ?? self.relatedEventIds, citations: citations ?? self.citations,
              sourceIds: sourceIds ?? self.sourceIds)
    }
}

extension Source {
    func replacing(citationCount: Int) -> Source {
        Source(id: id, title: title, kind: kind, language: language, url: url, publisher: publisher,
               wireServices: wireServices, published: published, originalFile: originalFile, removed: removed,
               notes: notes, text: text, textLength: textLength, citationCount: citationCount)
    }
}
