// events.json: each event checked field by field against the vocabularies, leaders, levels and texts.

extension DatasetBuilder {
    // MARK: events.json

    /// What every event is checked against besides the builder's vocabularies.
    struct EventContext {
        /// events.json as read; `Identified` records point into it.
        let decoded: [Decoded<RawEvent>]
        let allIds: Set<String>
        let leaderById: [String: LeaderDraft]
    }

    mutating func buildEvents(_ decoded: [Decoded<RawEvent>], leaders: [LeaderDraft]) -> [Event] {
        let context = EventContext(decoded: decoded, allIds: Set(decoded.compactMap(\.id)),
                                   leaderById: Dictionary(leaders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        var ids = Set<String>()
        let records = identified(decoded, file: "events.json", what: "event", id: \.id, seen: &ids)
        // By the time events are built, events.json is parsed and the files hashed, so the second core is
        // otherwise idle; at 1,000× this phase was a quarter of the load, all on one thread.
        guard records.count >= DatasetLoader.eventsWorthASecondThread else {
            return Self.dateOrdered(buildEvents(records[...], context: context))
        }
        // The second half in a fork (its own diagnostics and citation lists) on another thread; what it found
        // is taken over after the first half's, so errors keep the file's order. Each half is put in date
        // order on its own thread and the two are merged here.
        let half = records.count / 2
        let part = Handoff((builder: fork(), records: records[half...], context: context))
        let second = Background { () -> [Event] in
            Self.dateOrdered(part.value.builder.buildEvents(part.value.records, context: part.value.context))
        }
        let first = Self.dateOrdered(buildEvents(records[..<half], context: context))
        let merged = Self.mergedByDate(first, second.wait())
        absorb(part.value.builder)
        return merged
    }

    /// Events by first day, then last day, then id. Ids are unique, so the order is total and two ordered
    /// halves merge into exactly the order of the whole.
    static func dateOrdered(_ events: [Event]) -> [Event] {
        let keys = events.map(dateKey)
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { events[$0] }
    }

    static func mergedByDate(_ a: [Event], _ b: [Event]) -> [Event] {
        var out: [Event] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        var ka = a.first.map(dateKey), kb = b.first.map(dateKey)
        while let x = ka, let y = kb {
            if y < x {
                out.append(b[j]); j += 1
                kb = j < b.count ? dateKey(b[j]) : nil
            } else {
                out.append(a[i]); i += 1
                ka = i < a.count ? dateKey(a[i]) : nil
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    private static func dateKey(_ e: Event) -> DateKey { DateKey(first: e.firstDay, last: e.date.lastDay, id: e.id) }

    /// Checks and builds the events of `records`, in order; those with errors are reported and left out.
    mutating func buildEvents(_ records: ArraySlice<Identified>, context: EventContext) -> [Event] {
        let (allIds, leaderById) = (context.allIds, context.leaderById)
        var out: [Event] = []
        out.reserveCapacity(records.count)
        for (position, place, parsedId) in records {
            let raw = context.decoded[position].value!.value
            // The strings an event keeps are copied here, off the parsing thread's arena (`Heap.localCopy`).
            let id = Heap.localCopy(parsedId)
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
                    if !cites.isEmpty && !cites.contains(where: { ByteSearch.contains($0.quote, printed) }) {
                        report(.inconsistent, ap, "asPrinted", "'\(printed)' is not in any of the outcome's quotes")
                    }
                    amounts.append(Event.Amount(value: value, currency: currency, asPrinted: Heap.localCopy(printed)))
                }
                if let kind, let description {
                    outcomes.append(Event.Outcome(kind: kind, description: Heap.localCopy(description), amounts: amounts, citations: cites))
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
            out.append(Event(id: id, type: type, title: Heap.localCopy(title), summary: Heap.localCopy(summary), date: start, endDate: end, status: status,
                             location: location, participants: participants, countries: countries, topics: topics,
                             outcomes: outcomes, partnershipLevelId: levelId, relatedEventIds: related,
                             citations: cites, sourceIds: sourceIds))
        }
        return out
    }
}
