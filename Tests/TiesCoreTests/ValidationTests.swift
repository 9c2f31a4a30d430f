import Foundation
import Testing
@testable import TiesCore

@Suite struct ValidationTests {
    @Test func fixtureIsValid() throws {
        let errors = try Fixture().errors()
        #expect(errors.isEmpty, "\(errors.rendered)")
    }

    /// Values that recur across records are read once (`JSONDocument.sharedString`), and citation field
    /// paths are made once per distinct path: the 1,000× snapshot holds 15 MB less for it.
    @Test func aSnapshotHoldsRecurringValuesOnce() throws {
        var f = Fixture()
        f.events[1]["participants"] = [["leaderId": "taro-example", "role": "Prime Minister of Japan"]]
        f.events[1]["topics"] = ["maritime-security", "maritime-security"]
        f.events[1]["outcomes"] = [["kind": "grant", "description": "A grant.", "amounts": [],
                                    "citations": [["sourceId": "src-a", "quote": "Japan will give a grant"]]]]
        f.topics[0]["id"] = "maritime-security"
        var s = f
        s.events[1]["topics"] = ["maritime-security"]
        let snapshot = try s.load()
        let a = try #require(snapshot.event(id: "event-a")), b = try #require(snapshot.event(id: "event-b"))
        #expect(a.participants[0].role == b.participants[0].role)
        #expect(storage(a.participants[0].role) == storage(b.participants[0].role))
        #expect(storage(a.topics[0]) == storage(b.topics[0]))
        let paths = (snapshot.citations(intoSource: "src-a") ?? []).filter { $0.field == "outcomes[0].citations[0]" }
        #expect(paths.count == 2)
        #expect(storage(paths[0].field) == storage(paths[1].field))
        // A value listed twice in one record is still reported, shared or not.
        #expect(try f.errors().first(.invalidValue, file: "events.json", record: "event-b", field: "topics[1]") != nil)
    }

    /// From `DatasetLoader.eventsWorthASecondThread` records, events are built in two halves on two threads: every event
    /// and every citation arrives, and errors from both halves are reported in the file's order.
    @Test func aLargeEventsFileBuiltInTwoHalvesLosesNothingAndKeepsErrorOrder() throws {
        var f = Fixture()
        let count = DatasetLoader.eventsWorthASecondThread + 400
        let bulk: [[String: Any]] = (0..<count).map { i in
            ["id": "bulk-\(i)", "type": "agreement", "title": "Agreement \(i)", "summary": "Malaysia agreed.",
             "date": "2020-01", "status": "happened", "countries": ["MY"],
             "citations": [["sourceId": "src-a", "quote": "Malaysia agreed.", "occurrence": 2]]]
        }
        f.events += bulk
        let snapshot = try f.load()
        #expect(snapshot.events.count == count + 2)
        #expect(Set(snapshot.events.map(\.id)).count == count + 2)
        #expect(snapshot.counts.citations == (try Fixture().load()).counts.citations + count)
        let intoSource = snapshot.citations(intoSource: "src-a") ?? []
        #expect(intoSource.filter { $0.recordId.hasPrefix("bulk-") }.count == count)

        var broken = f
        broken.events[2 + 10]["citations"] = [["sourceId": "src-a", "quote": "not in the text"]]
        broken.events[2 + count - 10]["countries"] = ["XX"]
        let errors = try broken.errors()
        let first = errors.firstIndex { $0.record == "bulk-10" && $0.kind == .quoteNotFound }
        let last = errors.firstIndex { $0.record == "bulk-\(count - 10)" && $0.kind == .danglingReference }
        #expect(first != nil && last != nil, "\(errors.rendered)")
        if let first, let last { #expect(first < last) }
        #expect(errors.count == 2, "\(errors.rendered)")
    }

    /// The halves are put in date order on their own threads and merged: the result is the order of the
    /// whole, with dates that interleave across the halves, and every index over the events agrees with it.
    @Test func aLargeEventsFileBuiltInTwoHalvesComesOutInDateOrder() throws {
        var f = Fixture()
        let count = DatasetLoader.eventsWorthASecondThread + 400
        f.events += (0..<count).map { i in
            // Years, months and days spread so both halves hold every stretch of time; some events last
            // a while, so equal first days are ordered by last day.
            let year = 2000 + (i * 7_919) % 25, month = 1 + (i * 31) % 12
            var event: [String: Any] = [
                "id": "bulk-\(i)", "type": "agreement", "title": "Agreement \(i)", "summary": "Malaysia agreed.",
                "date": i % 3 == 0 ? "\(year)" : String(format: "%04d-%02d", year, month), "status": "happened",
                "countries": [i % 2 == 0 ? "MY" : "JP"],
                "citations": [["sourceId": "src-a", "quote": "Malaysia agreed.", "occurrence": 2]]]
            if i % 5 == 0 { event["endDate"] = "\(year + 1)" }
            return event
        }
        let snapshot = try f.load()
        let events = snapshot.events
        #expect(events.count == count + 2)
        let expected = events.sorted { a, b in (a.firstDay, a.date.lastDay, a.id) < (b.firstDay, b.date.lastDay, b.id) }
        let firstMisplaced = zip(events, expected).enumerated().first { $0.element.0.id != $0.element.1.id }
        #expect(firstMisplaced == nil, "position \(firstMisplaced?.offset ?? -1): \(firstMisplaced?.element.0.id ?? "") where \(firstMisplaced?.element.1.id ?? "") belongs")
        #expect(snapshot.events(ofCountry: "MY").map(\.id) == events.filter { $0.countries.contains("MY") }.map(\.id))
        #expect(snapshot.event(id: "bulk-77")?.title == "Agreement 77")
    }

    /// A value of the wrong type deep in a record is named by its whole path, list positions included.
    @Test func wrongTypesInNestedObjectsAreNamedByTheirPath() throws {
        var f = Fixture()
        f.events[0]["participants"] = [["leaderId": "taro-example", "role": "Prime Minister of Japan"], ["role": 7]]
        f.events[0]["outcomes"] = [["kind": "grant", "description": "A grant.",
                                    "amounts": [["value": 100_000_000, "currency": "JPY", "asPrinted": "100 million yen"],
                                                ["value": "lots", "currency": "JPY", "asPrinted": "100 million yen"]],
                                    "citations": [["sourceId": "src-a", "quote": "a grant of 100 million yen", "occurrence": "one"]]]]
        f.events[0]["date"] = ["date": "2020-01-06", "note": 5]
        let errors = try f.errors()
        for field in ["participants[1].role", "outcomes[0].amounts[1].value", "outcomes[0].citations[0].occurrence", "date.note"] {
            #expect(errors.first(.wrongType, file: "events.json", record: "event-a", field: field) != nil, "\(field): \(errors.rendered)")
        }
    }

    /// An event naming a leader twice is one of that leader's events, listed once.
    @Test func aLeaderNamedTwiceInAnEventIndexesItOnce() throws {
        var f = Fixture()
        f.events[0]["participants"] = [["leaderId": "taro-example", "role": "Prime Minister of Japan"],
                                       ["leaderId": "taro-example", "role": "Prime Minister of Japan"]]
        let snapshot = try f.load()
        #expect(snapshot.events(ofLeader: "taro-example").map(\.id) == ["event-a"])
    }

    @Test func reportsQuoteNotFoundWithFileRecordAndField() throws {
        var f = Fixture()
        f.events[0]["citations"] = [["sourceId": "src-a", "quote": "Japan and Malaysia disagreed"]]
        let errors = try f.errors()
        let e = errors.first(.quoteNotFound, file: "events.json", record: "event-a", field: "citations[0].quote")
        #expect(e != nil, "\(errors.rendered)")
        #expect(e?.description.contains("events.json: record \"event-a\", field citations[0].quote") == true)
    }

    @Test func hintsWhenAQuoteDiffersOnlyInQuotationMarksOrCase() throws {
        var f = Fixture()
        f.events[0]["citations"] = [["sourceId": "src-a", "quote": "japan and malaysia AGREED on monday"]]
        let e = try f.errors().first(.quoteNotFound, file: "events.json", record: "event-a", field: "citations[0].quote")
        #expect(e?.message.contains("differs only in") == true)
    }

    @Test func reportsAmbiguousQuoteWithoutOccurrence() throws {
        var f = Fixture()
        f.events[1]["citations"] = [["sourceId": "src-a", "quote": "Malaysia agreed."]]
        let errors = try f.errors()
        let e = errors.first(.quoteAmbiguous, file: "events.json", record: "event-b", field: "citations[0].quote")
        #expect(e?.message.contains("2 times") == true, "\(errors.rendered)")
    }

    @Test func occurrencePicksTheNthMatch() throws {
        let snapshot = try Fixture().load()
        let c = try #require(snapshot.event(id: "event-b")?.citations.first)
        let text = try #require(snapshot.sourceText(id: "src-a"))
        let first = try #require(text.range(of: "Malaysia agreed."))
        let firstStart = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: first.lowerBound)
        #expect(c.start > firstStart)
        #expect(scalars(text, c.start, c.end) == "Malaysia agreed.")
    }

    @Test func reportsOccurrenceBeyondTheMatches() throws {
        var f = Fixture()
        f.events[1]["citations"] = [["sourceId": "src-a", "quote": "Malaysia agreed.", "occurrence": 3]]
        let errors = try f.errors()
        #expect(errors.first(.quoteNotFound, file: "events.json", record: "event-b", field: "citations[0].occurrence") != nil, "\(errors.rendered)")
    }

    @Test func reportsDuplicateIds() throws {
        var f = Fixture()
        var copy = f.events[1]
        copy["title"] = "Another"
        f.events.append(copy)
        f.topics.append(f.topics[0])
        let errors = try f.errors()
        #expect(errors.first(.duplicateId, file: "events.json", record: "event-b", field: "id") != nil, "\(errors.rendered)")
        #expect(errors.first(.duplicateId, file: "topics.json", record: "maritime-security", field: "id") != nil, "\(errors.rendered)")
    }

    @Test func reportsDanglingReferences() throws {
        var f = Fixture()
        f.events[0]["relatedEventIds"] = ["no-such-event"]
        f.events[0]["participants"] = [["leaderId": "nobody", "role": "Prime Minister of Japan"]]
        f.events[0]["topics"] = ["no-such-topic"]
        f.events[1]["citations"] = [["sourceId": "no-such-source", "quote": "Malaysia"]]
        f.levels[0]["eventId"] = "no-such-event"
        let errors = try f.errors()
        #expect(errors.first(.danglingReference, file: "events.json", record: "event-a", field: "relatedEventIds[0]") != nil, "\(errors.rendered)")
        #expect(errors.first(.danglingReference, file: "events.json", record: "event-a", field: "participants[0].leaderId") != nil)
        #expect(errors.first(.danglingReference, file: "events.json", record: "event-a", field: "topics[0]") != nil)
        #expect(errors.first(.danglingReference, file: "events.json", record: "event-b", field: "citations[0].sourceId") != nil)
        #expect(errors.first(.danglingReference, file: "partnership-levels.json", record: "strategic-partnership", field: "eventId") != nil)
    }

    @Test func reportsUnknownAndMalformedCountryCodes() throws {
        var f = Fixture()
        f.events[1]["countries"] = ["FR", "Malaysia"]
        let errors = try f.errors()
        #expect(errors.first(.danglingReference, file: "events.json", record: "event-b", field: "countries[0]") != nil, "\(errors.rendered)")
        #expect(errors.first(.invalidValue, file: "events.json", record: "event-b", field: "countries[1]") != nil, "\(errors.rendered)")
    }

    @Test func reportsBadDates() throws {
        var f = Fixture()
        f.events[0]["date"] = "2023-13"
        f.events[1]["date"] = ["date": "2023-02-29"]
        var third = f.events[1]
        third["id"] = "event-c"
        third["date"] = "2020-02-10"
        third["endDate"] = "2020-02-01"
        third["citations"] = [["sourceId": "src-a", "quote": "Malaysia agreed.", "occurrence": 1]]
        f.events.append(third)
        f.leaders[0]["offices"] = [["title": "Prime Minister of Japan", "country": "JP", "from": "2020-1x",
                                    "citations": [["sourceId": "src-a", "quote": "Prime Minister Taro Example"]]]]
        let errors = try f.errors()
        #expect(errors.first(.badDate, file: "events.json", record: "event-a", field: "date") != nil, "\(errors.rendered)")
        #expect(errors.first(.badDate, file: "events.json", record: "event-b", field: "date") != nil, "\(errors.rendered)")
        #expect(errors.first(.badDate, file: "events.json", record: "event-c", field: "endDate") != nil, "\(errors.rendered)")
        #expect(errors.first(.badDate, file: "leaders.json", record: "taro-example", field: "offices[0].from") != nil, "\(errors.rendered)")
    }

    @Test func reportsDuplicateRank() throws {
        var f = Fixture()
        f.levels.append(["id": "comprehensive-strategic-partnership", "name": "CSP", "rank": 1, "spellings": ["strategic partnership"],
                         "eventId": "event-b", "citations": [["sourceId": "src-a", "quote": "strategic partnership"]]])
        let errors = try f.errors()
        #expect(errors.first(.duplicateRank, file: "partnership-levels.json", record: "comprehensive-strategic-partnership", field: "rank") != nil,
                "\(errors.rendered)")
    }

    @Test func reportsMissingCitations() throws {
        var f = Fixture()
        f.events[1]["citations"] = []
        f.leaders[0]["citations"] = NSNull()
        var outcomes = f.events[0]["outcomes"] as! [[String: Any]]
        outcomes[0]["citations"] = []
        f.events[0]["outcomes"] = outcomes
        let errors = try f.errors()
        #expect(errors.first(.missingCitation, file: "events.json", record: "event-b", field: "citations") != nil, "\(errors.rendered)")
        #expect(errors.first(.missingCitation, file: "leaders.json", record: "taro-example", field: "citations") != nil, "\(errors.rendered)")
        #expect(errors.first(.missingCitation, file: "events.json", record: "event-a", field: "outcomes[0].citations") != nil, "\(errors.rendered)")
    }

    @Test func namesTheFileOfMalformedJSONAndStillChecksTheOthers() throws {
        var f = Fixture()
        f.overrides["events.json"] = "[{\"id\": \"event-a\",]"
        f.topics.append(f.topics[0])
        let errors = try f.errors()
        let e = errors.first { $0.kind == .malformedJSON && $0.file == "events.json" }
        #expect(e != nil, "\(errors.rendered)")
        #expect(e?.description.hasPrefix("events.json: ") == true)
        #expect(errors.first(.duplicateId, file: "topics.json", record: "maritime-security", field: "id") != nil)
    }

    @Test func reportsWrongTypeAndUnknownFieldsByName() throws {
        var f = Fixture()
        f.levels[0]["rank"] = "one"
        f.events[1]["sumary"] = "typo"
        f.events[1]["citations"] = [["sourceId": "src-a", "quote": "Malaysia agreed.", "occurence": 2]]
        let errors = try f.errors()
        #expect(errors.first(.wrongType, file: "partnership-levels.json", record: "strategic-partnership", field: "rank") != nil, "\(errors.rendered)")
        #expect(errors.first(.unknownField, file: "events.json", record: "event-b", field: "sumary") != nil, "\(errors.rendered)")
        #expect(errors.first(.unknownField, file: "events.json", record: "event-b", field: "citations[0].occurence") != nil, "\(errors.rendered)")
    }

    @Test func reportsEveryErrorAtOnce() throws {
        var f = Fixture()
        f.events[0]["citations"] = [["sourceId": "src-a", "quote": "not in the text"]]
        f.events[1]["date"] = "2020-00"
        f.topics.append(f.topics[0])
        f.leaders[0]["country"] = "XX"
        f.sourceMeta["kind"] = "blog"
        let errors = try f.errors()
        let kinds = Set(errors.map(\.kind))
        #expect(kinds.isSuperset(of: [.quoteNotFound, .badDate, .duplicateId, .danglingReference, .invalidValue]), "\(errors.rendered)")
        #expect(Set(errors.map(\.file)).isSuperset(of: ["events.json", "topics.json", "leaders.json", "sources/src-a.json"]))
        // A bad field does not hide its record: no knock-on "does not exist" errors for the source or leader.
        #expect(!errors.contains { $0.message.contains("does not exist") }, "\(errors.rendered)")
    }

    @Test func refusesTheWholeDatasetOnAnyError() throws {
        var f = Fixture()
        f.events[1]["status"] = "rumoured"
        #expect(throws: DatasetLoadError.self) { try f.load() }
    }

    @Test func reportsAliasesThatAppearInNoSource() throws {
        var f = Fixture()
        f.leaders[0]["aliases"] = ["Taro Example", "T. Example"]
        f.levels[0]["spellings"] = ["strategic partnership", "Strategic Partnership"]
        let errors = try f.errors()
        #expect(errors.first(.badAlias, file: "leaders.json", record: "taro-example", field: "aliases[1]") != nil, "\(errors.rendered)")
        #expect(errors.first(.badAlias, file: "partnership-levels.json", record: "strategic-partnership", field: "spellings[1]") != nil)
    }

    @Test func reportsAnAliasSharedByTwoRecords() throws {
        var f = Fixture()
        f.countries[0]["aliases"] = ["Japan", "Example"]
        let errors = try f.errors()
        #expect(errors.contains { $0.kind == .badAlias && $0.message.contains("also an alias") }, "\(errors.rendered)")
    }

    @Test func reportsCleanedTextThatRewordsTheOriginal() throws {
        var f = Fixture()
        f.sourceText = Fixture.text.replacingOccurrences(of: "Malaysia agreed. Malaysia agreed.", with: "Malaysia agreed. Malaysia agreed again.")
        let errors = try f.errors()
        #expect(errors.first(.textNotFromOriginal, file: "sources/src-a.txt", record: "src-a", field: "line 4") != nil, "\(errors.rendered)")
    }

    @Test func reportsMissingTextFileAndMissingMetadataFile() throws {
        var f = Fixture()
        f.overrides["sources/orphan.txt"] = "text without metadata"
        let errors = try f.errors()
        #expect(errors.first(.missingFile, file: "sources/orphan.json", record: "orphan", field: nil) != nil, "\(errors.rendered)")
    }

    @Test func reportsInvalidUTF8InASourceText() throws {
        var f = Fixture()
        f.sourceText = "placeholder"
        let dir = try f.write()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data([0x4A, 0xFF, 0xFE, 0x0A]).write(to: dir.appendingPathComponent("sources/src-a.txt"))
        let errors = DatasetLoader.validate(directory: dir)
        #expect(errors.first(.invalidUTF8, file: "sources/src-a.txt", record: "src-a", field: nil) != nil, "\(errors.rendered)")
    }

    @Test func reportsInconsistentLevelAndEventLinks() throws {
        var f = Fixture()
        f.events[0]["partnershipLevelId"] = NSNull()
        let errors = try f.errors()
        #expect(errors.first(.inconsistent, file: "partnership-levels.json", record: "strategic-partnership", field: "eventId") != nil,
                "\(errors.rendered)")
    }

    @Test func reportsARoleTheLeaderIsNotCitedAsHolding() throws {
        var f = Fixture()
        f.events[0]["participants"] = [["leaderId": "taro-example", "role": "Foreign Minister of Japan"]]
        let errors = try f.errors()
        #expect(errors.first(.inconsistent, file: "events.json", record: "event-a", field: "participants[0].role") != nil, "\(errors.rendered)")
    }

    @Test func reportsSourceMetadataThatTheTextDoesNotSupport() throws {
        var f = Fixture()
        f.sourceMeta["publisher"] = ["name": "Example News", "inferred": true]
        f.sourceMeta["wireServices"] = ["Reuters"]
        f.sourceMeta["published"] = ["date": "2020-01-06", "asPrinted": "6 January 2020", "inferred": false]
        let errors = try f.errors()
        #expect(errors.first(.missingField, file: "sources/src-a.json", record: "src-a", field: "publisher.reason") != nil, "\(errors.rendered)")
        #expect(errors.first(.invalidValue, file: "sources/src-a.json", record: "src-a", field: "wireServices[0]") != nil)
        #expect(errors.first(.invalidValue, file: "sources/src-a.json", record: "src-a", field: "published.asPrinted") != nil)
    }

    @Test func reportsAnAmountNotPrintedInItsQuotes() throws {
        var f = Fixture()
        var outcomes = f.events[0]["outcomes"] as! [[String: Any]]
        outcomes[0]["amounts"] = [["value": 1_000_000, "currency": "USD", "asPrinted": "$1 million"]]
        f.events[0]["outcomes"] = outcomes
        let errors = try f.errors()
        #expect(errors.first(.inconsistent, file: "events.json", record: "event-a", field: "outcomes[0].amounts[0].asPrinted") != nil,
                "\(errors.rendered)")
    }

    @Test func reportsAMissingDatasetDirectoryAsAnErrorNotACrash() {
        let errors = DatasetLoader.validate(directory: URL(fileURLWithPath: "/nonexistent/ties-dataset"))
        #expect(errors.count == 1)
        #expect(errors.first?.kind == .datasetNotFound)
    }

    @Test func rendersEachErrorOnOneLine() throws {
        var f = Fixture()
        f.events[0]["citations"] = [["sourceId": "src-a", "quote": "absent\nquote"]]
        let errors = try f.errors()
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { !$0.description.contains("\n") || $0.message.contains("\n") })
        #expect(errors.allSatisfy { $0.description.hasPrefix($0.file) })
    }
}

@Suite struct LicenceValidationTests {
    @Test func aLicenceURLMustBeAnHTTPURLAndComeWithItsName() throws {
        var f = Fixture()
        f.dataset["licenceName"] = "CC BY 4.0"
        f.dataset["licenceURL"] = "https://creativecommons.org/licenses/by/4.0/"
        #expect(try f.errors().isEmpty)
        #expect(try f.load().info.licenceURL == "https://creativecommons.org/licenses/by/4.0/")

        f.dataset["licenceURL"] = "creativecommons.org/licenses/by/4.0 "
        let bad = try f.errors()
        #expect(bad.first(.invalidValue, file: "dataset.json", record: nil, field: "licenceURL") != nil, "\(bad.rendered)")

        f.dataset["licenceURL"] = nil
        let alone = try f.errors()
        #expect(alone.first(.missingField, file: "dataset.json", record: nil, field: "licenceURL") != nil, "\(alone.rendered)")
    }
}

/// An office title the quotes do not state in full is marked `inferred`, with the reason; nothing else is.
@Suite struct InferredOfficeTests {
    func fixture(_ office: [String: Any]) -> Fixture {
        var f = Fixture()
        var leader = f.leaders[0]
        var o = (leader["offices"] as! [[String: Any]])[0]
        for (k, v) in office { o[k] = v }
        leader["offices"] = [o]
        f.leaders = [leader]
        return f
    }

    @Test func anInferredTitleCarriesItsReasonIntoTheRecord() throws {
        let s = try fixture(["inferred": true, "reason": "The quote says 'Prime Minister', not of which country."]).load()
        let office = try #require(s.leader(id: "taro-example")?.offices.first)
        #expect(office.inferred && office.reason?.contains("not of which country") == true)
        #expect(try Fixture().load().leader(id: "taro-example")?.offices.first?.inferred == false)
    }

    @Test func anInferredTitleWithoutAReasonOrAReasonWithoutInferenceIsRefused() throws {
        let missing = try fixture(["inferred": true]).errors()
        #expect(missing.first(.missingField, file: "leaders.json", record: "taro-example", field: "offices[0].reason") != nil, "\(missing.rendered)")
        let stray = try fixture(["reason": "why"]).errors()
        #expect(stray.first(.inconsistent, file: "leaders.json", record: "taro-example", field: "offices[0].reason") != nil, "\(stray.rendered)")
    }
}
