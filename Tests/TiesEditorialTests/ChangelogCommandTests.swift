import Foundation
import Testing
@testable import TiesCore
@testable import TiesEditorial

/// `ties changelog`: the entry it writes, and what it refuses (writing nothing).
@Suite struct ChangelogCommandTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/TiesCore/Dataset")

    /// A copy of the shipped dataset, removed when the test ends.
    final class Copy {
        let url: URL
        var path: String { url.path }
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("ties-editorial-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: ChangelogCommandTests.shipped, to: url)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func text(_ file: String) -> String? { try? String(contentsOf: url.appendingPathComponent(file), encoding: .utf8) }
        func write(_ file: String, _ text: String) throws { try Data(text.utf8).write(to: url.appendingPathComponent(file)) }
        /// The first summary of events.json with a prefix: a new version, one record changed.
        func editSummary() throws {
            let events = try #require(text("events.json"))
            let range = try #require(events.range(of: "\"summary\": \""))
            try write("events.json", events.replacingCharacters(in: range, with: "\"summary\": \"[edited] "))
        }
    }

    func run(_ arguments: [String]) -> (Int32, [String]) {
        var lines: [String] = []
        let status = ChangelogCommand.run(arguments, now: Date(timeIntervalSince1970: 1_800_000_000), print: { lines.append($0) })
        return (status, lines)
    }

    @Test func theShippedLogStartsWithEveryRecordAddedAndEndsAtTheShippedVersion() throws {
        let s = try DatasetLoader.load(directory: Self.shipped)
        let first = try #require(s.history.entries.first)
        #expect(s.history.entries.last?.version == s.version)
        // The editorial pass (issue 13) changed records and added or retired none.
        #expect(s.history.entries.count == 2)
        #expect(s.history.entries[1].changes.allSatisfy { $0.change == .changed })
        // Every record of the first version is logged as added, and nothing else.
        let counts = s.counts
        #expect(first.changes.allSatisfy { $0.change == .added })
        #expect(first.changes.count == counts.events + counts.leaders + counts.partnershipLevels + counts.sources + counts.topics + counts.countries)
        #expect(s.history.retired.isEmpty)
    }

    @Test func anEditIsLoggedWithTheFieldsThatChanged() throws {
        let old = try Copy(), new = try Copy()
        try new.editSummary()
        let (status, lines) = run(["--from", old.path, "--to", new.path, "--reason", "Summary reworded."])
        #expect(status == 0, "\(lines)")
        let s = try DatasetLoader.load(directory: new.url)
        let entry = try #require(s.history.entries.last)
        #expect(entry.version == s.version && entry.reason == "Summary reworded.")
        #expect(entry.publishedAt == "2027-01-15T08:00:00Z")
        #expect(entry.changes.count == 1)
        #expect(entry.changes.first?.change == .changed && entry.changes.first?.fields == ["summary"])
        // Logging the same version twice is refused.
        let (again, message) = run(["--from", old.path, "--to", new.path, "--reason", "Again."])
        #expect(again == 1 && message.joined().contains("already the newest entry"))
    }

    @Test func aRemovedRecordMustBeRetiredWithAReasonAndNothingIsWrittenUntilItIs() throws {
        let old = try Copy(), new = try Copy()
        let url = new.url.appendingPathComponent("events.json")
        var events = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        events.removeAll { $0["id"] as? String == "2016-permanent-court-of-arbitration-south-china-sea-ruling" }
        try JSONSerialization.data(withJSONObject: events).write(to: url)
        let before = new.text("changelog.json")
        let (status, lines) = run(["--from", old.path, "--to", new.path, "--reason", "Removed."])
        #expect(status == 1)
        #expect(lines.joined(separator: "\n").contains("'2016-permanent-court-of-arbitration-south-china-sea-ruling' is in --from but not in --to"))
        #expect(new.text("changelog.json") == before)
        try new.write("retired.json", #"[{"kind": "event", "id": "2016-permanent-court-of-arbitration-south-china-sea-ruling", "reason": "Out of scope."}]"#)
        let (ok, out) = run(["--from", old.path, "--to", new.path, "--reason", "Removed."])
        #expect(ok == 0, "\(out)")
        let s = try DatasetLoader.load(directory: new.url)
        #expect(s.history.retired.first?.version == s.version)
        #expect(s.history.entries.last?.changes.contains { $0.change == .retired && $0.id == "2016-permanent-court-of-arbitration-south-china-sea-ruling" } == true)
    }

    @Test func refusesOutOfOrderLogsMissingReasonsAndAFirstEntryOverAnExistingLog() throws {
        let old = try Copy(), middle = try Copy(), new = try Copy()
        try middle.editSummary()
        try new.editSummary()
        try new.write("topics.json", try #require(new.text("topics.json")).replacingOccurrences(of: "\"description\": \"", with: "\"description\": \"Edited: ", options: [], range: nil))
        // --from must be the log's newest version.
        #expect(run(["--from", middle.path, "--to", new.path, "--reason", "x"]).0 == 1)
        #expect(run(["--from", old.path, "--to", new.path, "--reason", "  "]).1.joined().contains("--reason is required"))
        #expect(run(["--to", new.path, "--reason", "first"]).1.joined().contains("already has entries"))
        #expect(run(["--from", old.path, "--to", new.path, "--reason", "x", "--at", "soon"]).1.joined().contains("RFC 3339"))
        #expect(run(["--from", old.path, "--to", new.path, "--reason", "x", "--at", "2020-01-01T00:00:00Z"]).1.joined().contains("not after"))
        #expect(new.text("changelog.json") == old.text("changelog.json"))
    }
}
