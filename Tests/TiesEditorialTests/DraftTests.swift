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

    /// The table in docs/dataset.md ("Drafting measured"): a drop below it fails the test command.
    @Test func leaveOneOutRecallDoesNotDropBelowTheDocumentedTable() {
        let rows = LeaveOneOut.run(shipped: Self.shipped)
        func total(_ k: KeyPath<LeaveOneOut.Row, Int>) -> Int { rows.reduce(0) { $0 + $1[keyPath: k] } }
        print(LeaveOneOut.table(rows))
        #expect(rows.count == Self.shipped.sources.count)
        #expect(total(\.eventsRecalled) >= 70 && total(\.events) == 74)
        #expect(total(\.leadersRecalled) == total(\.leaders))
        #expect(total(\.levelsRecalled) == total(\.levels))
        #expect(total(\.datesReproduced) >= 19)
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
        // "On Friday" in an article dated Friday 2 May 2025 is that day.
        #expect(proposals.contains { $0.kind == .date && $0.date?.iso == "2025-05-02" })
    }
}
