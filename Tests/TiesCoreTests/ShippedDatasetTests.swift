import Foundation
import Testing
@testable import TiesCore

/// The shipped dataset: it loads, every offset is true, and the editorial decisions hold.
@Suite struct ShippedDatasetTests {
    @Test func shippedDatasetLoadsWithZeroErrors() {
        let errors = DatasetLoader.validate(directory: shippedDatasetURL)
        #expect(errors.isEmpty, "\(errors.rendered)")
    }

    @Test func theEmbeddedFilesAreTheSourceTreesByteForByte() throws {
        let root = shippedDatasetURL.path + "/"
        var onDisk: [String] = []
        let walker = try #require(FileManager.default.enumerator(atPath: root))
        for case let path as String in walker where !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + path, isDirectory: &isDir), !isDir.boolValue { onDisk.append(path) }
        }
        #expect(EmbeddedDataset.paths.sorted() == onDisk.sorted())
        for path in onDisk {
            #expect(EmbeddedDataset.bytes(path) == [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + path))), "\(path)")
        }
        #expect(EmbeddedDataset.bytes("no-such-file.json") == nil)
    }

    @Test func theEmbeddedDatasetLoadsAsTheShippedDirectoryDoes() throws {
        let snapshot = try DatasetLoader.loadEmbedded()
        #expect(snapshot.version == shipped.version)
        #expect(snapshot.counts == shipped.counts)
        #expect(snapshot.directory == "embedded")
    }

    @Test func embeddedDirectoryListingsHoldOnlyTheDirectEntries() {
        let names = EmbeddedDataset.names(in: "sources")
        #expect(names.count == 10)
        #expect(names.allSatisfy { !$0.contains("/") && ($0.hasSuffix(".json") || $0.hasSuffix(".txt")) })
        #expect(EmbeddedDataset.names(in: "nowhere").isEmpty)
    }

    @Test func holdsEveryArticleAndItsRecords() {
        let c = shipped.counts
        #expect(c.sources == 5)
        #expect(c.events == 22)
        #expect(c.leaders == 7)
        #expect(c.partnershipLevels == 2)
        #expect(c.topics == 19)
        #expect(c.countries == 19)
        #expect(c.citations == 103)
        #expect(Set(shipped.sources.compactMap(\.originalFile)) == [
            "000_1bcd9d42a9529c8d.txt", "001_cac05262f7ec95cc.txt", "002_05340bf12e21db41.txt",
            "003_2eebca44c6576a47.txt", "004_0844c67386a251c0.txt",
        ])
    }

    @Test func everyCitationSlicesBackToItsQuote() {
        var checked = 0
        func check(_ citations: [Citation], _ owner: String) {
            for c in citations {
                let text = shipped.sourceText(id: c.sourceId) ?? ""
                #expect(scalars(text, c.start, c.end) == c.quote, "\(owner): \(c.quote)")
                checked += 1
            }
        }
        for e in shipped.events {
            check(e.citations, e.id)
            for o in e.outcomes { check(o.citations, e.id) }
            check(e.location?.citations ?? [], e.id)
        }
        for l in shipped.leaders {
            check(l.citations, l.id)
            for o in l.offices { check(o.citations, l.id) }
        }
        for p in shipped.partnershipLevels { check(p.citations, p.id) }
        #expect(checked == shipped.counts.citations)
        let bySource = shipped.sources.reduce(0) { $0 + (shipped.citations(intoSource: $1.id)?.count ?? 0) }
        #expect(bySource == checked)
    }

    @Test func everyMentionSlicesBackToAnAlias() {
        for l in shipped.leaders {
            for m in l.mentions {
                for span in m.spans {
                    #expect(scalars(shipped.sourceText(id: m.sourceId) ?? "", span.start, span.end) == span.text)
                    #expect(l.aliases.contains(span.text))
                }
            }
        }
        for c in shipped.countries {
            for m in c.mentions { for span in m.spans { #expect(scalars(shipped.sourceText(id: m.sourceId) ?? "", span.start, span.end) == span.text) } }
        }
        for p in shipped.partnershipLevels {
            for m in p.mentions { for span in m.spans { #expect(p.spellings.contains(span.text)) } }
        }
    }

    @Test func mentionsPreferTheLongestAliasAndSkipSeaNames() throws {
        let najib = try #require(shipped.leader(id: "najib-razak"))
        let spans = najib.mentions.flatMap(\.spans)
        #expect(spans.first?.text == "Najib (Razak)")
        #expect(spans.count == 5)
        let china = try #require(shipped.country(code: "CN"))
        let reuters2015 = try #require(china.mentions.first { $0.sourceId == "reuters-2015-05-25-japan-malaysia-defense-ties" })
        #expect(reuters2015.count == 3)   // "South China Sea" ×2 and "East China Sea" are seas, not China
        let csp = try #require(shipped.partnershipLevel(id: "comprehensive-strategic-partnership"))
        let sp = try #require(shipped.partnershipLevel(id: "strategic-partnership"))
        #expect(sp.mentions.map(\.sourceId) == ["reuters-2015-05-25-japan-malaysia-defense-ties"])
        #expect(Set(csp.mentions.flatMap(\.spans).map(\.text)) == Set(csp.spellings))
    }

    @Test func chromeIsNotInTheCleanedTexts() {
        let chrome = ["Top Articles", "JN ACCESS RANKING", "Related Tags", "Visited 1 times", "Close Search Window",
                      "Written by", "Photo:", "Back to Japan-Malaysia Relations", "Japanese and Malaysian Prime Ministers",
                      "shake hands before their meeting", "Two ministers shaking hands", "LDP Wins"]
        for s in shipped.sources {
            for phrase in chrome { #expect(!s.text.contains(phrase), "\(s.id) contains chrome '\(phrase)'") }
        }
        let names = Set(shipped.leaders.flatMap(\.aliases))
        #expect(!names.contains { $0.contains("Motegi") || $0.contains("Al-Thani") })
        #expect(shipped.country(code: "QA") == nil)
        #expect(shipped.country(code: "US") == nil)
    }

    @Test func theDecember2023ElevationIsOneEventWithThreeSourcesAndThreeSpellings() throws {
        let e = try #require(shipped.event(id: "2023-12-japan-malaysia-comprehensive-strategic-partnership"))
        #expect(e.corroboration == 3)
        #expect(e.date.iso == "2023-12" && e.date.precision == .month)
        let spellings = ["\"comprehensive strategic partnership\"", "‘Comprehensive Strategic Partnership’", "“Comprehensive and Strategic Partnership”"]
        for s in spellings { #expect(e.citations.contains { $0.quote.contains(s) }, "\(s)") }
        let elevations = shipped.events.filter { $0.partnershipLevelId == "comprehensive-strategic-partnership" }
        #expect(elevations.count == 1)
    }

    @Test func theLadderRunsFromStrategicToComprehensiveStrategic() {
        let ladder = shipped.partnershipLevels
        #expect(ladder.map(\.id) == ["strategic-partnership", "comprehensive-strategic-partnership"])
        #expect(ladder.map(\.rank) == [1, 2])
        #expect(ladder.map(\.reached.iso) == ["2015-05-25", "2023-12"])
        #expect(ladder[1].corroboration == 3)
    }

    @Test func publicationMetadataSaysWhatWasPrintedAndWhatWasInferred() throws {
        let r15 = try #require(shipped.source(id: "reuters-2015-05-25-japan-malaysia-defense-ties"))
        #expect(r15.publisher == nil)
        #expect(r15.wireServices == ["Reuters"])
        #expect(r15.published.time == "13:18" && r15.published.timeZone == nil)
        let jn = try #require(shipped.source(id: "japan-news-2025-01-10-japan-malaysia-boost-security-cooperation"))
        #expect(jn.publisher?.name == "The Japan News" && jn.publisher?.inferred == true)
        #expect(jn.published.time == "15:54" && jn.published.timeZone == "JST")
        let summary = try #require(shipped.source(id: "summary-2025-01-japan-malaysia-enhance-security-cooperation"))
        #expect(summary.kind == .summary)
        #expect(summary.publisher == nil)
        #expect(summary.published.inferred && summary.published.date.precision == .month)
        #expect(summary.published.reason?.contains("January 10") == true)
        #expect(Set(summary.wireServices) == ["Bernama", "Kyodo News"])
        let mofa = try #require(shipped.source(id: "mofa-2024-05-23-japan-malaysia-summit-meeting"))
        #expect(mofa.kind == .governmentRecord && mofa.publisher?.inferred == true)
    }

    @Test func relativeDatesAreApproximateAndNoDayIsInvented() throws {
        for id in ["2015-05-najib-orders-navy-to-rescue-migrants", "2024-10-ishiba-takes-office",
                   "2023-04-japan-announces-security-assistance-plan", "2023-12-kishida-to-meet-asean-leaders",
                   "2023-12-japan-malaysia-comprehensive-strategic-partnership"] {
            let e = try #require(shipped.event(id: id))
            #expect(e.date.approximate, "\(id)")
            #expect(e.date.precision != .day, "\(id)")
            #expect(e.date.note != nil, "\(id)")
        }
        let weekday = try #require(shipped.event(id: "2023-12-16-japan-malaysia-security-assistance-grant"))
        #expect(weekday.date.iso == "2023-12-16" && !weekday.date.approximate && weekday.date.note?.contains("Saturday") == true)
        let undated = try #require(shipped.event(id: "osa-equipment-for-malaysian-armed-forces-decision"))
        #expect(undated.date.qualifier == .by)
        // Dated only through the accusations made after it: an upper bound, and an approximate one.
        let confrontation = try #require(shipped.event(id: "2023-12-china-japan-coast-guard-confrontation"))
        #expect(confrontation.date.qualifier == .by && confrontation.date.approximate && confrontation.date.note?.contains("accusations") == true)
    }

    @Test func locationsOnlyWhereTheTextStatesOne() throws {
        #expect(shipped.event(id: "2015-05-25-abe-najib-summit")?.location == nil)
        let putrajaya = try #require(shipped.event(id: "2025-01-10-ishiba-anwar-summit")?.location)
        #expect(putrajaya.name == "Putrajaya, Malaysia" && putrajaya.country == "MY")
        #expect(putrajaya.citations.count == 2)
        let sea = try #require(shipped.event(id: "2023-12-china-japan-coast-guard-confrontation")?.location)
        #expect(sea.country == nil)
    }

    @Test func theGrantCarriesBothAmountsAsPrinted() throws {
        let e = try #require(shipped.event(id: "2023-12-16-japan-malaysia-security-assistance-grant"))
        let amounts = e.outcomes.flatMap(\.amounts)
        #expect(amounts.contains { $0.value == 400_000_000 && $0.currency == "JPY" && $0.asPrinted == "400 million yen" })
        #expect(amounts.contains { $0.value == 2_800_000 && $0.currency == "USD" && $0.asPrinted == "$2.8 million" })
    }

    @Test func aliasesAreKeptAsWritten() throws {
        #expect(shipped.leader(id: "fumio-kishida")?.aliases.contains("KISHIDA Fumio") == true)
        #expect(shipped.leader(id: "anwar-ibrahim")?.aliases.contains("H.E. Dato' Seri Anwar bin Ibrahim") == true)
        #expect(shipped.leader(id: "najib-razak")?.aliases.contains("Najib (Razak)") == true)
    }

    @Test func versionIsAHashOfTheFilesAndIgnoresWhereTheyLive() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("ties-copy-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: shippedDatasetURL, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let same = try DatasetLoader.load(directory: copy)
        #expect(same.version == shipped.version)
        #expect(shipped.version.count == 16 && shipped.contentHash.hasPrefix(shipped.version))
        // The history files describe versions and are not part of one.
        try Data("[]\n".utf8).write(to: copy.appendingPathComponent("retired.json"))
        #expect(try DatasetLoader.load(directory: copy).version == shipped.version)
        let topics = copy.appendingPathComponent("topics.json")
        try (try Data(contentsOf: topics) + Data(" ".utf8)).write(to: topics)
        let changed = try DatasetLoader.load(directory: copy, checkingHistory: false)
        #expect(changed.version != shipped.version)
        // With the log still ending at the old version, the edited copy is refused until it is logged.
        #expect(DatasetLoader.validate(directory: copy).contains { $0.file == "changelog.json" && $0.field == "version" })
    }
}
