import Foundation
import Testing
@testable import TiesCore

/// `knownAt`: the dataset as the sources published by a date support it.
@Suite struct KnownAtTests {
    static func day(_ text: String) -> PartialDate { try! PartialDate.parse(text) }

    func view(_ date: String) -> (KnownAt, Snapshot) {
        let k = shipped.knownAt(Self.day(date))
        return (k, shipped.restricted(toSources: Set(k.sourceIds)))
    }

    @Test func theCurrentLevelIsWhatTheSourcesPublishedByThenReport() {
        let today = PartialDate.day(containing: Date())
        #expect(view("2023-12-10").1.partnershipLevel(asOf: today).level?.id == "strategic-partnership")
        // The Reuters report of 16 December 2023 is the first to name the comprehensive strategic partnership.
        #expect(view("2023-12-17").1.partnershipLevel(asOf: today).level?.id == "comprehensive-strategic-partnership")
        #expect(view("2023-12-15").1.partnershipLevel(asOf: today).level?.id == "strategic-partnership")
    }

    @Test func beforeTheEarliestSourceEverythingIsEmptyButTheVocabularies() {
        let (k, s) = view("2015-05-24")
        #expect(k.sourceIds.isEmpty)
        #expect(s.events.isEmpty && s.leaders.isEmpty && s.partnershipLevels.isEmpty && s.sources.isEmpty)
        #expect(s.timelineEntries.isEmpty)
        #expect(s.counts.citations == 0 && s.counts.mentions == 0)
        #expect(s.topics.count == shipped.topics.count && s.topics.allSatisfy { $0.eventCount == 0 })
        #expect(s.countries.count == shipped.countries.count)
    }

    @Test func aSourceDatedOnlyToAMonthCountsWhenTheWholeMonthHasPassed() throws {
        let monthOnly = try #require(shipped.sources.first { $0.published.date.precision == .month })
        let month = monthOnly.published.date
        let inside = PartialDate(year: month.year, month: month.month, day: 10)!
        let atInside = shipped.knownAt(inside)
        #expect(!atInside.sourceIds.contains(monthOnly.id))
        #expect(atInside.possiblyPublished == [monthOnly.id])
        let lastDay = CivilDays.civil(month.lastDay)
        let atEnd = shipped.knownAt(PartialDate(year: lastDay.year, month: lastDay.month, day: lastDay.day)!)
        #expect(atEnd.sourceIds.contains(monthOnly.id))
        #expect(atEnd.possiblyPublished.isEmpty)
        // A month asked for means its last day: the whole month is known.
        #expect(shipped.knownAt(month.period).sourceIds.contains(monthOnly.id))
        // A day-dated source is known from its own day on.
        let dayDated = try #require(shipped.sources.first { $0.published.date.precision == .day })
        #expect(shipped.knownAt(dayDated.published.date.period).sourceIds.contains(dayDated.id))
        #expect(!shipped.knownAt(PartialDate(year: 2000)!).possiblyPublished.contains(dayDated.id))
    }

    @Test func everyRecordKeepsOnlyWhatTheKnownSourcesSay() {
        for date in ["2015-06", "2023-12-16", "2024-05-23", "2025-01-10", "2025-01"] {
            let (k, s) = view(date)
            let known = Set(k.sourceIds)
            #expect(Set(s.sources.map(\.id)) == known, "\(date)")
            for e in s.events {
                let all = e.citations + e.outcomes.flatMap(\.citations) + (e.location?.citations ?? [])
                #expect(!e.citations.isEmpty && all.allSatisfy { known.contains($0.sourceId) }, "\(date) \(e.id)")
                #expect(Set(e.sourceIds) == Set(all.map(\.sourceId)), "\(date) \(e.id)")
                #expect(e.outcomes.allSatisfy { !$0.citations.isEmpty }, "\(date) \(e.id)")
                for p in e.participants { if let l = p.leaderId { #expect(s.leader(id: l) != nil, "\(date) \(e.id) \(l)") } }
                for r in e.relatedEventIds { #expect(s.event(id: r) != nil, "\(date) \(e.id) \(r)") }
                if let l = e.partnershipLevelId { #expect(s.partnershipLevel(id: l) != nil, "\(date) \(e.id)") }
            }
            for l in s.leaders {
                let all = l.citations + l.offices.flatMap(\.citations)
                #expect(!all.isEmpty && all.allSatisfy { known.contains($0.sourceId) }, "\(date) \(l.id)")
                #expect(l.mentions.allSatisfy { known.contains($0.sourceId) }, "\(date) \(l.id)")
                #expect(l.eventIds.allSatisfy { s.event(id: $0) != nil }, "\(date) \(l.id)")
                #expect(l.offices.allSatisfy { o in o.citedOn.allSatisfy { $0.lastDay <= Self.day(date).lastDay } }, "\(date) \(l.id)")
            }
            for p in s.partnershipLevels {
                #expect(!p.citations.isEmpty && p.citations.allSatisfy { known.contains($0.sourceId) }, "\(date) \(p.id)")
                #expect(s.event(id: p.eventId) != nil, "\(date) \(p.id)")
            }
            // Every citation into a known source belongs to a record still present, and counts agree.
            var total = 0
            for src in s.sources {
                let list = s.citations(intoSource: src.id) ?? []
                #expect(list.count == src.citationCount, "\(date) \(src.id)")
                total += list.count
            }
            #expect(s.counts.citations == total)
            #expect(s.counts.events == s.events.count && s.counts.sources == s.sources.count)
            #expect(s.version == shipped.version)
        }
    }

    @Test func aRecordIsPresentExactlyWhenOneOfItsCitationsComesFromAKnownSource() {
        let (k, s) = view("2024-05-23")
        let known = Set(k.sourceIds)
        for e in shipped.events {
            #expect((s.event(id: e.id) != nil) == e.citations.contains { known.contains($0.sourceId) }, "\(e.id)")
        }
        for l in shipped.leaders {
            let cited = (l.citations + l.offices.flatMap(\.citations)).contains { known.contains($0.sourceId) }
            #expect((s.leader(id: l.id) != nil) == cited, "\(l.id)")
        }
        // And a record that is there is not cut short: its citations from known sources all stay.
        for e in s.events {
            let whole = shipped.event(id: e.id)!
            #expect(e.citations == whole.citations.filter { known.contains($0.sourceId) })
        }
    }

    @Test func filtersAndSearchAnswerFromTheView() throws {
        let (_, s) = view("2023-12-16")
        let all = try s.events(EventQuery(limit: 500))
        #expect(all.total == s.events.count && all.total < shipped.events.count)
        let my = try s.events(EventQuery(country: "MY", limit: 500))
        #expect(my.items.allSatisfy { s.event(id: $0.id) != nil })
        // Search only finds what was reported: the 2025 summit's words are not in the 2023 view.
        let later = try shipped.search(SearchQuery(q: try TextQuery.parse("Ishiba"), limit: 50))
        #expect(later.total > 0)
        let then = try s.search(SearchQuery(q: try TextQuery.parse("Ishiba"), limit: 50))
        #expect(then.total == 0)
    }

    @Test func firstReportedNamesTheEarliestSourceOfARecord() throws {
        let summit = try #require(shipped.event(id: "2024-05-23-kishida-anwar-summit"))
        let first = try #require(shipped.firstReported(.event, id: summit.id))
        #expect(first.date.iso == "2024-05-23")
        #expect(summit.sourceIds.contains(first.sourceId))
        #expect(shipped.firstReported(.event, id: "no-such-event") == nil)
    }

    @Test func knownAtTodayIsTheWholeDataset() {
        let k = shipped.knownAt(PartialDate.day(containing: Date()))
        #expect(shipped.restricted(toSources: Set(k.sourceIds)) === shipped)
    }
}
