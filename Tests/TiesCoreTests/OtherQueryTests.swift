import Foundation
import Testing
@testable import TiesCore

@Suite struct AsOfTests {
    func level(_ s: String) throws -> PartnershipLevelAsOf { shipped.partnershipLevel(asOf: try PartialDate.parse(s)) }

    @Test func theLevelInForceFollowsTheLadder() throws {
        #expect(try level("2015-05-24").level == nil)
        #expect(try level("2015-05-25").level?.id == "strategic-partnership")
        #expect(try level("2015").level?.id == "strategic-partnership")
        #expect(try level("2023-11").level?.id == "strategic-partnership")
        #expect(try level("2023-12").level?.id == "comprehensive-strategic-partnership")
        #expect(try level("2024").level?.id == "comprehensive-strategic-partnership")
    }

    @Test func aDayInsideTheMonthOfAnElevationIsFlaggedAsUncertain() throws {
        let r = try level("2023-12-05")
        #expect(r.level?.id == "strategic-partnership")
        #expect(r.possiblyReached?.id == "comprehensive-strategic-partnership")
        #expect(try level("2024-01-01").possiblyReached == nil)
    }

    @Test func currentLevelIsTheTopReachedBeforeNow() {
        let now = Date(timeIntervalSince1970: 1_760_000_000)   // October 2025
        #expect(shipped.currentPartnershipLevel(now: now).level?.id == "comprehensive-strategic-partnership")
    }

    @Test func officeHoldersAsCited() throws {
        func holders(_ s: String) throws -> Set<String> { Set(shipped.officeHolders(asOf: try PartialDate.parse(s)).map(\.leaderId)) }
        #expect(try holders("2015") == ["shinzo-abe", "najib-razak", "katsunobu-kato"])
        #expect(try holders("2024-01") == ["fumio-kishida"])
        #expect(try holders("2024-11") == ["shigeru-ishiba", "anwar-ibrahim"])
        #expect(try holders("2025-01-10") == ["shigeru-ishiba", "anwar-ibrahim", "prabowo-subianto"])
        #expect(try holders("2019").isEmpty)
    }

    @Test func leadersFilterByCountryOfficeNameAndAsOf() throws {
        func ids(_ q: LeaderQuery) throws -> [String] { try shipped.leaders(q).items.map(\.id) }
        #expect(try ids(LeaderQuery(country: "my")) == ["anwar-ibrahim", "najib-razak"])
        #expect(try ids(LeaderQuery(q: "kishida")) == ["fumio-kishida"])
        #expect(try ids(LeaderQuery(q: "dato")) == ["anwar-ibrahim"])
        #expect(try ids(LeaderQuery(office: "prime minister", asOf: PartialDate.parse("2024-06"))) == ["anwar-ibrahim"])
        #expect(try ids(LeaderQuery(office: "deputy chief")) == ["katsunobu-kato"])
        #expect(throws: QueryError.self) { try shipped.leaders(LeaderQuery(country: "FR")) }
        let first = try shipped.leaders(LeaderQuery(limit: 4))
        let rest = try shipped.leaders(LeaderQuery(limit: 4, cursor: first.nextCursor))
        #expect((first.items + rest.items).map(\.id) == shipped.leaders.map(\.id))
        #expect(rest.nextCursor == nil)
    }
}

@Suite struct SourceQueryTests {
    @Test func publisherMatchesPublisherOrWireService() throws {
        #expect(try shipped.sources(SourceQuery(publisher: "reuters")).total == 2)
        #expect(try shipped.sources(SourceQuery(publisher: "Japan News")).items.map(\.id) == ["japan-news-2025-01-10-japan-malaysia-boost-security-cooperation"])
        #expect(try shipped.sources(SourceQuery(publisher: "kyodo")).total == 1)
    }

    @Test func datesAndWordsFilterSourcesNewestFirst() throws {
        let recent = try shipped.sources(SourceQuery(from: PartialDate.parse("2025")))
        #expect(recent.items.map(\.id) == ["japan-news-2025-01-10-japan-malaysia-boost-security-cooperation",
                                           "summary-2025-01-japan-malaysia-enhance-security-cooperation"])
        let rare = try shipped.sources(SourceQuery(q: TextQuery.parse("rare")))
        #expect(Set(rare.items.map(\.id)) == ["summary-2025-01-japan-malaysia-enhance-security-cooperation",
                                              "mofa-2024-05-23-japan-malaysia-summit-meeting"])
    }
}

@Suite struct SearchTests {
    @Test func findsEventsAndSourcesWithSnippetsWhoseOffsetsSliceBack() throws {
        let page = try shipped.search(SearchQuery(q: TextQuery.parse("Putrajaya")))
        #expect(page.items.contains { $0.kind == .event && $0.id == "2025-01-10-ishiba-anwar-summit" })
        #expect(page.items.contains { $0.kind == .source && $0.id == "japan-news-2025-01-10-japan-malaysia-boost-security-cooperation" })
        for hit in page.items {
            let text: String
            switch hit.kind {
            case .source:
                let s = try #require(shipped.source(id: hit.id))
                text = hit.field == "text" ? s.text : s.title
            case .event:
                let e = try #require(shipped.event(id: hit.id))
                text = try #require(e.searchFields.first { $0.name == hit.field }?.text)
            }
            #expect(scalars(text, hit.snippet.start, hit.snippet.end) == hit.snippet.text)
            #expect(!hit.snippet.highlights.isEmpty)
            for h in hit.snippet.highlights { #expect(scalars(hit.snippet.text, h.start, h.end).lowercased() == "putrajaya") }
            for m in hit.matches { #expect(scalars(text, m.start, m.end).lowercased() == "putrajaya") }
        }
    }

    @Test func sourceHitsGiveOffsetsIntoTheSourceText() throws {
        let page = try shipped.search(SearchQuery(q: TextQuery.parse("liquefied natural gas"), kind: .source))
        let hit = try #require(page.items.first)
        #expect(hit.field == "text")
        let text = try #require(shipped.sourceText(id: hit.id))
        #expect(hit.matches.map { scalars(text, $0.start, $0.end) } == ["liquefied", "natural", "gas"])
    }

    @Test func phrasesMustOccurInSequence() throws {
        let inOrder = try shipped.search(SearchQuery(q: TextQuery.parse("\"comprehensive and strategic partnership\"")))
        #expect(inOrder.items.map(\.id).contains("mofa-2024-05-23-japan-malaysia-summit-meeting"))
        #expect(!inOrder.items.map(\.id).contains("reuters-2023-12-16-japan-malaysia-maritime-assistance-deal"))
        let scrambled = try shipped.search(SearchQuery(q: TextQuery.parse("\"partnership strategic\"")))
        #expect(scrambled.total == 0)
    }

    @Test func searchPagesAreStable() throws {
        let q = try TextQuery.parse("malaysia")
        let whole = try shipped.search(SearchQuery(q: q, limit: 500)).items.map(\.id)
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try shipped.search(SearchQuery(q: q, limit: 4, cursor: cursor))
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == whole)
        #expect(whole.count > 10)
    }

    @Test func queriesWithoutWordsAreRejected() {
        #expect(throws: ParameterError.self) { try TextQuery.parse("  — ’ ") }
        #expect(throws: ParameterError.self) { try SearchHit.Kind.parse("leader") }
    }
}

@Suite struct TimelineTests {
    @Test func mergesLevelChangesAfterTheirEventsGroupedByYear() throws {
        let years = try shipped.timeline()
        #expect(years.map(\.year) == [2015, 2016, 2023, 2024, 2025])
        let y2015 = try #require(years.first).entries
        let summit = try #require(y2015.firstIndex { $0.id == "2015-05-25-abe-najib-summit" })
        #expect(y2015[summit + 1].kind == .partnershipLevel && y2015[summit + 1].id == "strategic-partnership")
        #expect(years.flatMap(\.entries).count == shipped.events.count + shipped.partnershipLevels.count)
    }

    @Test func timelineRangesUseWholePeriods() throws {
        let years = try shipped.timeline(from: PartialDate.parse("2023-12-31"), to: PartialDate.parse("2024-01"))
        let ids = years.flatMap(\.entries).map(\.id)
        #expect(ids.contains("comprehensive-strategic-partnership"))
        #expect(ids.contains("2023-12-japan-malaysia-comprehensive-strategic-partnership"))
        #expect(!ids.contains("2023-12-16-japan-malaysia-security-assistance-grant"))
        #expect(throws: QueryError.self) { try shipped.timeline(from: PartialDate.parse("2025"), to: PartialDate.parse("2024")) }
    }
}

@Suite struct ParameterParsingTests {
    @Test func buildsAnEventQueryFromParameters() throws {
        let q = try EventQuery(parameters: [("from", "2023"), ("country", "my"), ("q", "grant"), ("sort", "date"), ("limit", "5")])
        #expect(q.from?.iso == "2023" && q.country == "my" && q.sort == .ascending && q.limit == 5)
        #expect(q.q?.words == ["grant"])
        #expect(try shipped.events(q).items.map(\.id) == ["2023-12-16-japan-malaysia-security-assistance-grant"])
    }

    @Test func reportsEveryBadParameterByName() {
        do {
            _ = try EventQuery(parameters: [("from", "2023-1x"), ("sort", "new"), ("limit", "0"), ("colour", "red"),
                                            ("leader", ""), ("to", "2024"), ("to", "2025")])
            Issue.record("accepted")
        } catch {
            #expect(Set(error.errors.map(\.parameter)) == ["from", "sort", "limit", "colour", "leader", "to"])
        }
    }

    @Test func parametersTheAPIHandlesItselfPassThrough() throws {
        let q = try EventQuery(parameters: [("format", "csv"), ("limit", "10")], extra: ["format"])
        #expect(q.limit == 10)
    }

    @Test func searchRequiresQ() {
        #expect(throws: QueryError([ParameterError(parameter: "q", value: nil, message: "is required")])) {
            try SearchQuery(parameters: [("type", "event")])
        }
        #expect((try? SearchQuery(parameters: [("q", "anwar"), ("type", "source")]))?.kind == .source)
    }

    @Test func leaderSourceAndDateParameters() throws {
        let l = try LeaderQuery(parameters: [("asOf", "2024-06"), ("office", "prime minister")])
        #expect(try shipped.leaders(l).items.map(\.id) == ["anwar-ibrahim"])
        let s = try SourceQuery(parameters: [("publisher", "reuters")])
        #expect(try shipped.sources(s).total == 2)
        let range = try DateParameters.range([("from", "2024"), ("to", "2025-01")])
        #expect(range.from?.iso == "2024" && range.to?.iso == "2025-01")
        #expect(throws: QueryError.self) { try DateParameters.asOf([("asOf", "yesterday")]) }
    }
}
