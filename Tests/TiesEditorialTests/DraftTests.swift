import Foundation
import Testing
@testable import TiesCore
@testable import TiesEditorial

/// `ties draft` on the articles we have: each original drafted against the dataset without it.
@Suite struct DraftTests {
    static let shipped = try! DatasetLoader.load(directory: ChangelogCommandTests.shipped)
    static let originals = ChangelogCommandTests.shipped.appendingPathComponent("originals")

    func temporary() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ties-draft-\(UUID().uuidString)")
    }

    @Test func everyOriginalDraftsIntoSourceFilesTheLoaderAccepts() throws {
        for source in Self.shipped.sources {
            let page = Self.originals.appendingPathComponent(try #require(source.originalFile))
            let data = try ChangelogCommandTests.Copy()
            // Drafted against the shipped dataset: the proposed id is not the curated one, so the pair can sit
            // beside the curated copy of the same article.
            let draft = try Draft.make(page: page, dataset: ChangelogCommandTests.shipped)
            let folder = temporary()
            defer { try? FileManager.default.removeItem(at: folder) }
            try draft.write(to: folder)
            // The drafted pair, dropped into a copy of the dataset, passes every check but the log's.
            for file in ["sources/\(draft.metadata.id).json", "sources/\(draft.metadata.id).txt"] {
                try FileManager.default.copyItem(at: folder.appendingPathComponent(file), to: data.url.appendingPathComponent(file))
            }
            try? FileManager.default.copyItem(at: folder.appendingPathComponent("originals/\(page.lastPathComponent)"),
                                              to: data.url.appendingPathComponent("originals/x-\(page.lastPathComponent)"))
            let errors = DatasetLoader.validate(directory: data.url).filter { $0.file.hasPrefix("sources/\(draft.metadata.id)") }
            #expect(errors.isEmpty, "\(source.id): \(errors)")
            // Every proposal quotes the drafted text verbatim at its offsets.
            let scalars = Array(draft.page.text.unicodeScalars)
            for p in draft.proposals {
                var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[p.start..<p.end])
                #expect(String(v) == p.quote, "\(source.id) \(p.id)")
            }
            #expect(draft.metadata.publishedDate?.iso == source.published.date.iso, "\(source.id): published")
            #expect(Set(draft.metadata.wireServices) == Set(source.wireServices), "\(source.id): wire services")
        }
    }

    /// Draft → accept every proposal that cites a known record → the dataset passes the check (but for the log,
    /// which `ties changelog` completes), for each original.
    @Test func everyOriginalDraftsAndItsMatchingProposalsAreAccepted() throws {
        for source in Self.shipped.sources {
            let data = try ChangelogCommandTests.Copy()
            let page = Self.originals.appendingPathComponent(try #require(source.originalFile))
            let draft = try Draft.make(page: page, dataset: data.url)
            let folder = temporary()
            defer { try? FileManager.default.removeItem(at: folder) }
            try draft.write(to: folder)
            var items: [String] = []
            for p in draft.proposals {
                let target: (String, String)? = p.kind == .leaderMention ? ("leader", p.leaderId!)
                    : p.kind == .event ? p.eventId.map { ("event", $0) }
                    : p.kind == .levelMention ? p.levelId.map { ("partnership-level", $0) } : nil
                guard let (kind, id) = target else { continue }
                items.append(#"{"proposal": "\#(p.id)", "action": "cite", "kind": "\#(kind)", "id": "\#(id)", "quote": \#(HistoryFiles.quoted(p.quote))}"#)
            }
            try Data(#"{"sourceId": "\#(draft.metadata.id)", "items": [\#(items.joined(separator: ","))]}"#.utf8).write(to: folder.appendingPathComponent("accepted.json"))
            let lines = try Acceptance.run(accepted: folder.appendingPathComponent("accepted.json"), draft: nil, into: data.url)
            #expect(lines.first?.contains("\(items.count) accepted items merged") == true, "\(source.id): \(lines)")
            let errors = DatasetLoader.validate(directory: data.url)
            #expect(errors.allSatisfy { $0.file == "changelog.json" }, "\(source.id): \(errors)")
            let merged = try DatasetLoader.load(directory: data.url, checkingHistory: false)
            #expect(merged.source(id: draft.metadata.id)?.citationCount == items.count, "\(source.id)")
        }
    }

    @Test func anAcceptedItemEditedIntoAnInvalidRecordChangesNothing() throws {
        let data = try ChangelogCommandTests.Copy()
        let page = Self.originals.appendingPathComponent("003_2eebca44c6576a47.txt")
        let draft = try Draft.make(page: page, dataset: data.url)
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        try draft.write(to: folder)
        let before = try ["events.json", "leaders.json"].map { try Data(contentsOf: data.url.appendingPathComponent($0)) }
        let quote = try #require(draft.proposals.first { $0.kind == .event }).quote
        // A new event with no countries and an unknown type, and a citation of an event that does not exist.
        try Data(#"""
        {"sourceId": "\#(draft.metadata.id)", "items": [
          {"proposal": "p1", "action": "new-event", "quote": \#(HistoryFiles.quoted(quote)), "record": {"id": "bad-event", "type": "party", "title": "T", "summary": "S", "date": {"date": "2025-01-10"}, "status": "happened", "location": null, "participants": [], "countries": [], "topics": [], "outcomes": []}}
        ]}
        """#.utf8).write(to: folder.appendingPathComponent("accepted.json"))
        do {
            _ = try Acceptance.run(accepted: folder.appendingPathComponent("accepted.json"), draft: nil, into: data.url)
            Issue.record("an invalid record was accepted")
        } catch {
            #expect(error.description.contains("nothing written") && error.description.contains("bad-event"), "\(error)")
        }
        try Data(#"{"sourceId": "\#(draft.metadata.id)", "items": [{"proposal": "p2", "action": "cite", "kind": "event", "id": "no-such-event", "quote": "x"}]}"#.utf8)
            .write(to: folder.appendingPathComponent("accepted.json"))
        #expect(throws: Acceptance.Failure.self) { try Acceptance.run(accepted: folder.appendingPathComponent("accepted.json"), draft: nil, into: data.url) }
        let after = try ["events.json", "leaders.json"].map { try Data(contentsOf: data.url.appendingPathComponent($0)) }
        #expect(before == after)
        #expect(!FileManager.default.fileExists(atPath: data.url.appendingPathComponent("sources/\(draft.metadata.id).json").path))
    }

    /// The table in docs/dataset.md ("Drafting measured"): a drop below it fails the test command.
    @Test func leaveOneOutRecallDoesNotDropBelowTheDocumentedTable() {
        let rows = LeaveOneOut.run(shipped: Self.shipped)
        func total(_ k: KeyPath<LeaveOneOut.Row, Int>) -> Int { rows.reduce(0) { $0 + $1[keyPath: k] } }
        print(LeaveOneOut.table(rows))
        #expect(rows.count == Self.shipped.sources.count)
        #expect(total(\.eventsRecalled) >= 70 && total(\.events) == 74)
        #expect(total(\.leadersRecalled) == total(\.leaders))
        #expect(total(\.levelsRecalled) == total(\.levels))
        #expect(total(\.datesReproduced) >= 21)
    }

    /// `ties draft --evaluate` with no dataset named runs on the binary's own copy, originals included.
    @Test func leaveOneOutRunsOnTheEmbeddedDatasetToo() throws {
        let embedded = try DatasetLoader.loadEmbedded()
        let rows = LeaveOneOut.run(shipped: embedded)
        #expect(rows.count == embedded.sources.count)
        #expect(rows.map(\.eventsRecalled) == LeaveOneOut.run(shipped: Self.shipped).map(\.eventsRecalled))
    }

    @Test func badPagesAreRefusedAndNothingIsWritten() throws {
        let dir = temporary()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, [UInt8], String)] = [
            ("empty.txt", [], "empty"),
            ("binary.bin", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0xFF], "not UTF-8"),
            ("other-language.txt", Array("日本とマレーシアは安全保障協力を強化することで合意した。\n首脳会談は東京で行われた。\n".utf8), "not in English"),
            ("no-country.txt", Array("Local bakery wins prize\nMay 2, 2025\nThe bakery on Main Street won a regional prize for its bread.\n".utf8), "names no country"),
        ]
        for (name, bytes, message) in cases {
            let page = dir.appendingPathComponent(name)
            try Data(bytes).write(to: page)
            let out = dir.appendingPathComponent("out-\(name)")
            var lines: [String] = []
            let status = DraftCommand.run([page.path, "--into", ChangelogCommandTests.shipped.path, "--out", out.path], print: { lines.append($0) })
            #expect(status == 1, "\(name)")
            #expect(lines.joined().contains(message), "\(name): \(lines)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(name)")
        }
    }

    @Test func htmlIsReadAsItsTextAndChromeIsRemovedByRule() throws {
        let html = """
        <html><head><title>Japan and Malaysia agree</title><script>var x = "<p>not text</p>";</script></head>
        <body><h1>Japan and Malaysia agree</h1><p>May 2, 2025</p>
        <figure><figcaption>Two leaders (Photo: Agency)</figcaption></figure>
        <p>Prime Minister Shigeru Ishiba and Prime Minister Anwar Ibrahim met in Tokyo on Friday &amp; agreed to cooperate.</p>
        <p>Related Tags</p><ul><li>Other story</li></ul></body></html>
        """
        let page = try PageText(bytes: Array(html.utf8))
        #expect(page.wasHTML)
        #expect(page.text.contains("met in Tokyo on Friday & agreed to cooperate."))
        #expect(!page.text.contains("not text") && !page.text.contains("Photo:") && !page.text.contains("Other story"))
        #expect(page.removed.count == 3)
        let proposals = ProposalFinder(known: Self.shipped, published: PartialDate(year: 2025, month: 5, day: 2)).proposals(in: page.text)
        #expect(proposals.contains { $0.kind == .leaderMention && $0.leaderId == "shigeru-ishiba" })
        // A person introduced with an office after the name is a candidate leader too.
        let finder = ProposalFinder(known: Self.shipped, published: nil)
        #expect(finder.newPeople(in: "The deal was signed by Mohamad Hasan, Malaysia's foreign minister, in Tokyo.").map(\.name) == ["Mohamad Hasan"])
        #expect(finder.newPeople(in: "Defence Minister Mohamed Khaled Nordin visited Tokyo.").map(\.name) == ["Mohamed Khaled Nordin"])
        // Rules from the shipped texts: a multi-day summit "through Sunday" began days before it; what came before
        // something done "last week" happened by that week's Sunday.
        let saturday = PartialDate(year: 2023, month: 12, day: 16)
        let summit = DateExpressions.find(in: "In the three-day summit through Sunday, Japan is offering support.", published: saturday)
        #expect(summit.contains { $0.date.iso == "2023-12-15" && $0.date.approximate })
        let before = DateExpressions.find(in: "Last week, they accused each other after a confrontation.", published: saturday)
        #expect(before.contains { $0.date.iso == "2023-12-10" && $0.date.qualifier == .by && $0.date.approximate })
        #expect(before.contains { $0.date.iso == "2023-12" && $0.date.qualifier == nil })
        // "On Friday" in an article dated Friday 2 May 2025 is that day.
        #expect(proposals.contains { $0.kind == .date && $0.date?.iso == "2025-05-02" })
    }
}
