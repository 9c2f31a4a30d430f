import Foundation
import Testing
@testable import TiesCore

@Suite struct EventQueryTests {
    func ids(_ q: EventQuery) throws -> [String] {
        var q = q
        q.limit = Limit.maximum
        return try shipped.events(q).items.map(\.id)
    }

    func d(_ s: String) throws -> PartialDate { try PartialDate.parse(s) }

    @Test func aDayAfterTheMonthStartStillMatchesAMonthDatedEvent() throws {
        let found = try ids(EventQuery(from: d("2023-12-31")))
        #expect(found.contains("2023-12-japan-malaysia-comprehensive-strategic-partnership"))
        #expect(!found.contains("2023-12-16-japan-malaysia-security-assistance-grant"))
    }

    @Test func aYearFromIncludesEventsDatedInsideThatYear() throws {
        let found = try ids(EventQuery(from: d("2023"), to: d("2023")))
        #expect(found.contains("2023-12-japan-malaysia-comprehensive-strategic-partnership"))
        #expect(found.contains("2023-04-japan-announces-security-assistance-plan"))
        #expect(found.contains("2023-japan-philippines-security-assistance-deal"))
        #expect(!found.contains("2016-permanent-court-of-arbitration-south-china-sea-ruling"))
        #expect(!found.contains { $0.hasPrefix("2024") })
    }

    @Test func aToDateIncludesPeriodsThatStartByThen() throws {
        let found = try ids(EventQuery(to: d("2023-12-15")))
        #expect(found.contains("2023-12-japan-asean-50-years-summit"))          // 15–17 December
        #expect(found.contains("2023-12-japan-malaysia-comprehensive-strategic-partnership")) // "2023-12"
        #expect(!found.contains("2023-12-16-japan-malaysia-security-assistance-grant"))
    }

    @Test func aMultiDayEventMatchesOnItsLastDay() throws {
        let found = try ids(EventQuery(from: d("2023-12-17"), to: d("2023-12-17")))
        #expect(found.contains("2023-12-japan-asean-50-years-summit"))
        #expect(!found.contains("2023-12-16-japan-malaysia-security-assistance-grant"))
    }

    @Test func eachFilterAlone() throws {
        #expect(Set(try ids(EventQuery(leader: "anwar-ibrahim"))) == [
            "2024-05-anwar-visit-to-japan", "2024-05-23-kishida-anwar-summit",
            "2025-01-10-ishiba-anwar-summit", "2025-01-10-ishiba-anwar-welcome-ceremony",
        ])
        #expect(Set(try ids(EventQuery(country: "id"))) == ["2025-01-11-ishiba-prabowo-summit", "2023-12-kishida-to-meet-asean-leaders",
                                                           "2023-12-japan-asean-50-years-summit"])
        // countries are the parties and the countries an event is about: the summits about China are found.
        let aboutChina = Set(try ids(EventQuery(country: "CN")))
        #expect(aboutChina.isSuperset(of: ["2015-05-25-abe-najib-summit", "2025-01-10-ishiba-anwar-summit", "2023-12-china-japan-coast-guard-confrontation"]))
        #expect(Set(try ids(EventQuery(topic: "migration"))) == ["2015-05-25-abe-najib-summit", "2015-05-najib-orders-navy-to-rescue-migrants"])
        #expect(Set(try ids(EventQuery(type: "summit"))) == [
            "2015-05-25-abe-najib-summit", "2024-05-23-kishida-anwar-summit",
            "2025-01-10-ishiba-anwar-summit", "2025-01-11-ishiba-prabowo-summit",
        ])
        #expect(Set(try ids(EventQuery(source: "mofa-2024-05-23-japan-malaysia-summit-meeting"))) == [
            "2023-12-japan-malaysia-comprehensive-strategic-partnership", "2024-05-anwar-visit-to-japan",
            "2024-05-23-kishida-anwar-summit", "osa-equipment-for-malaysian-armed-forces-decision",
            "sdf-malaysian-armed-forces-joint-exercises",
        ])
        #expect(Set(try ids(EventQuery(q: TextQuery.parse("rescue")))) == [
            "2015-05-najib-orders-navy-to-rescue-migrants", "2023-12-16-japan-malaysia-security-assistance-grant",
        ])
    }

    @Test func filtersCombineWithAnd() throws {
        #expect(try ids(EventQuery(from: d("2025"), leader: "anwar-ibrahim", type: "summit")) == ["2025-01-10-ishiba-anwar-summit"])
        #expect(try ids(EventQuery(country: "MY", topic: "asean", type: "multilateral-summit")) == ["2023-12-japan-asean-50-years-summit"])
        #expect(try ids(EventQuery(leader: "shinzo-abe", q: TextQuery.parse("strategic partnership"))) == ["2015-05-25-abe-najib-summit"])
        #expect(try ids(EventQuery(to: d("2016"), topic: "asean")).isEmpty == false)
        #expect(try ids(EventQuery(from: d("2024"), topic: "migration")).isEmpty)
    }

    @Test func newestFirstByDefaultWithIdAsTiebreak() throws {
        let all = try shipped.events(EventQuery(limit: 500)).items
        #expect(all.first?.id == "2025-01-11-ishiba-prabowo-summit")
        #expect(all.last?.id == "2015-05-najib-orders-navy-to-rescue-migrants")
        let asc = try shipped.events(EventQuery(sort: .ascending, limit: 500)).items
        #expect(asc.map(\.id) == all.map(\.id).reversed())
        // Same first and last day: the id decides.
        let sameDay = asc.filter { $0.date.iso == "2025-01-10" }.map(\.id)
        #expect(sameDay == sameDay.sorted())
    }

    @Test func cursorsWalkEveryPageOnceInBothDirections() throws {
        for sort in DateSort.allCases {
            let whole = try shipped.events(EventQuery(sort: sort, limit: 500)).items.map(\.id)
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try shipped.events(EventQuery(sort: sort, limit: 5, cursor: cursor))
                #expect(page.total == 22)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 50
            #expect(seen == whole)
            #expect(pages == 5)
        }
    }

    @Test func cursorsWorkWithFilters() throws {
        let query = EventQuery(country: "MY", sort: .ascending, limit: 3)
        let whole = try ids(query)
        var seen: [String] = []
        var cursor: String?
        repeat {
            var q = query
            q.cursor = cursor
            let page = try shipped.events(q)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == whole)
    }

    @Test func aCursorFromAnotherDatasetVersionIsRefusedNamingBothVersions() throws {
        // A keyset cursor would still land somewhere in another version, but a walk across two versions can
        // skip or repeat records: it is refused, naming the version it was made on.
        let first = try shipped.events(EventQuery(sort: .ascending, limit: 2))
        let cursor = try #require(first.nextCursor)
        let other = try Fixture().load()
        #expect(other.version != shipped.version)
        do {
            _ = try other.events(EventQuery(sort: .ascending, limit: 10, cursor: cursor))
            Issue.record("a cursor from another version was accepted")
        } catch {
            #expect(error.staleCursorVersion == shipped.version)
            #expect(error.errors.first?.message.contains(other.version) == true)
        }
        // The same cursor on its own version still pages on.
        #expect(try shipped.events(EventQuery(sort: .ascending, limit: 10, cursor: cursor)).items.first?.id != first.items.first?.id)
    }

    @Test func rejectsGarbageAndForeignCursorsNamingTheParameter() throws {
        #expect(throws: QueryError([ParameterError(parameter: "cursor", value: "nonsense",
                                                   message: "not a cursor from this list; use the nextCursor of the previous page, unchanged")])) {
            try shipped.events(EventQuery(cursor: "nonsense"))
        }
        let page = try shipped.events(EventQuery(sort: .ascending, limit: 2))
        do {
            _ = try shipped.events(EventQuery(sort: .descending, cursor: page.nextCursor))
            Issue.record("a cursor made for another sort was accepted")
        } catch {
            #expect(error.errors.map(\.parameter) == ["cursor"])
        }
        let sources = try shipped.sources(SourceQuery(limit: 1))
        #expect(throws: QueryError.self) { try shipped.events(EventQuery(cursor: sources.nextCursor)) }
    }

    @Test func unknownValuesAreErrorsNamingEachParameter() throws {
        let from = try d("2024"), to = try d("2023")
        do {
            _ = try shipped.events(EventQuery(from: from, to: to, leader: "nobody", country: "FR", topic: "weather",
                                              type: "party", source: "nowhere", limit: 501))
            Issue.record("no error")
        } catch {
            #expect(Set(error.errors.map(\.parameter)) == ["to", "leader", "country", "topic", "type", "source", "limit"])
        }
    }

    @Test func totalCountsEveryMatchNotJustThePage() throws {
        let page = try shipped.events(EventQuery(country: "JP", limit: 2))
        #expect(page.items.count == 2)
        #expect(page.total == shipped.country(code: "JP")?.eventCount)
        #expect(page.nextCursor != nil)
    }
}
