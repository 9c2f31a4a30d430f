import Foundation
import Testing
@testable import TiesCore

@Suite struct PartialDateTests {
    @Test func parsesThreePrecisions() throws {
        #expect(try PartialDate.parse("2016").precision == .year)
        #expect(try PartialDate.parse("2023-12").precision == .month)
        #expect(try PartialDate.parse("2024-02-29").precision == .day)
        #expect(try PartialDate.parse("2023-12").iso == "2023-12")
    }

    @Test func rejectsMalformedDatesNamingTheParameter() {
        for bad in ["2023-1x", "23", "2023-13", "2023-02-29", "2023-00", "2023-12-32", "2023/12", " 2023", "2023-1-05", ""] {
            do {
                _ = try PartialDate.parse(bad, parameter: "from")
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.parameter == "from")
                #expect(error.value == bad)
            }
        }
    }

    @Test func aPartialDateIsTheWholePeriod() throws {
        let month = try PartialDate.parse("2024-02")
        #expect(month.lastDay - month.firstDay == 28)
        let year = try PartialDate.parse("2023")
        #expect(year.firstDay == (try PartialDate.parse("2023-01-01")).firstDay)
        #expect(year.lastDay == (try PartialDate.parse("2023-12-31")).firstDay)
        #expect(year.overlaps(firstDay: month.firstDay, lastDay: month.lastDay) == false)
    }

    @Test func civilDaysRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let c = CivilDays.civil(day)
            #expect(CivilDays.days(year: c.year, month: c.month, day: c.day) == day)
        }
        #expect(CivilDays.days(year: 1970, month: 1, day: 1) == 0)
        #expect(PartialDate.day(containing: Date(timeIntervalSince1970: 1_736_467_200)).iso == "2025-01-10")
    }

    @Test func parameterHelpersNameTheirParameter() {
        #expect(throws: ParameterError(parameter: "sort", value: "newest", message: "must be 'date' (oldest first) or '-date' (newest first)")) {
            try DateSort.parse("newest")
        }
        #expect(throws: ParameterError.self) { try Limit.parse("0") }
        #expect(throws: ParameterError.self) { try Limit.parse("501") }
        // One page, one URL: no sign, no leading zero, no spaces.
        for alias in ["+5", "05", " 5", "5 ", "-0", "1e2"] {
            #expect(throws: ParameterError.self, "\(alias)") { try Limit.parse(alias) }
        }
        #expect((try? Limit.parse("500")) == 500)
        #expect((try? Limit.parse(nil)) == 50)
    }
}

@Suite struct EncodingTests {
    func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any])
    }

    @Test func eventHasEveryKeyOfTheContractWithNullsNotOmitted() throws {
        let e = try #require(shipped.event(id: "2015-05-25-abe-najib-summit"))
        let json = try object(e)
        #expect(Set(json.keys) == ["id", "type", "title", "summary", "date", "endDate", "status", "location", "participants",
                                   "countries", "topics", "outcomes", "partnershipLevelId", "relatedEventIds", "citations",
                                   "sourceIds", "corroboration"])
        #expect(json["location"] is NSNull)
        #expect(json["endDate"] is NSNull)
        let date = try #require(json["date"] as? [String: Any])
        #expect(Set(date.keys) == ["date", "precision", "approximate", "qualifier", "note"])
        let citation = try #require((json["citations"] as? [[String: Any]])?.first)
        #expect(Set(citation.keys) == ["sourceId", "quote", "start", "end"])
        let participant = try #require((json["participants"] as? [[String: Any]])?.first)
        #expect(Set(participant.keys) == ["leaderId", "name", "role", "country"])
    }

    @Test func otherRecordsHaveTheirContractKeys() throws {
        #expect(Set(try object(try #require(shipped.leader(id: "anwar-ibrahim"))).keys) ==
                ["id", "name", "country", "aliases", "offices", "eventIds", "mentions", "citations", "sourceIds", "corroboration"])
        #expect(Set(try object(shipped.partnershipLevels[0]).keys) ==
                ["id", "name", "rank", "spellings", "reached", "eventId", "citations", "sourceIds", "corroboration", "mentions"])
        let source = try object(shipped.sources[0])
        #expect(Set(source.keys) == ["id", "title", "kind", "language", "url", "publisher", "wireServices", "published",
                                     "originalFile", "removed", "notes", "textLength", "citationCount"])
        #expect(Set(try #require(source["published"] as? [String: Any]).keys) ==
                ["date", "precision", "time", "timeZone", "asPrinted", "inferred", "reason", "note"])
        #expect(Set(try object(shipped.topics[0]).keys) == ["id", "name", "description", "eventCount"])
        #expect(Set(try object(shipped.countries[0]).keys) == ["code", "name", "aliases", "notMentions", "leaderIds", "eventCount", "mentions"])
        let cited = try #require(shipped.citations(intoSource: shipped.sources[0].id)?.first)
        #expect(Set(try object(cited).keys) == ["recordType", "recordId", "field", "sourceId", "quote", "start", "end"])
    }

    @Test func encodingIsStableWithSortedKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let a = try encoder.encode(shipped.events)
        let b = try encoder.encode(try DatasetLoader.load(directory: shippedDatasetURL).events)
        #expect(a == b)
    }
}

@Suite struct SHA256Tests {
    /// Both compression functions: the CPU's SHA extensions (where this machine has them) and Swift's.
    @Test(arguments: [false, true]) func matchesTheStandardTestVectors(portable: Bool) {
        #expect(SHA256.hex([], portable: portable) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8), portable: portable) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), portable: portable)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h = SHA256(portable: portable)
        for _ in 0..<1000 { h.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
        #expect(h.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Inputs of every length around the block size, whole and split, agree between the two. Skipped (and
    /// shown as skipped) on a CPU without the extensions, where both would be the Swift one.
    @Test(.enabled(if: SHA256.hardwareAvailable)) func theTwoCompressionFunctionsAgree() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<1_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 640, 1_000] {
            let input = Array(bytes[..<length])
            #expect(SHA256.hex(input) == SHA256.hex(input, portable: true), "length \(length)")
            for split in stride(from: 0, through: length, by: 37) {
                var h = SHA256()
                h.update(Array(input[..<split]))
                h.update(Array(input[split...]))
                #expect(h.finalize() == SHA256.hex(input, portable: true), "length \(length) split at \(split)")
            }
        }
    }
}
