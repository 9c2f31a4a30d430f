import Foundation
import Testing
@testable import TiesCore

/// changelog.json and retired.json: checked against the records and the dataset's version, every problem named.
@Suite struct HistoryLoadingTests {
    /// The fixture's version (the history files are not part of it).
    static let version: String = {
        let dir = try! Fixture().write()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try! DatasetLoader.load(directory: dir, checkingHistory: false).version
    }()

    static func entry(_ version: String = version, at: String = "2026-12-01T10:00:00Z", changes: String = #"{"kind": "event", "id": "event-a", "change": "added"}"#) -> String {
        #"{"version": "\#(version)", "publishedAt": "\#(at)", "reason": "Because.", "changes": [\#(changes)]}"#
    }

    func fixture(changelog: String? = nil, retired: String? = nil) -> Fixture {
        var f = Fixture()
        if let changelog { f.overrides["changelog.json"] = changelog }
        if let retired { f.overrides["retired.json"] = retired }
        return f
    }

    @Test func aLogEndingAtTheDatasetsVersionLoadsAndDoesNotChangeIt() throws {
        let s = try fixture(changelog: "[\(Self.entry())]", retired: "[]").load()
        #expect(s.history.entries.count == 1)
        #expect(s.history.entries[0].changes == [RecordChange(kind: .event, id: "event-a", change: .added)])
        #expect(s.version == Self.version)
        #expect(!s.history.hash.isEmpty)
        #expect(try Fixture().load().history.entries.isEmpty)
    }

    @Test func theNewestEntryMustBeTheDatasetsVersion() throws {
        let errors = try fixture(changelog: "[\(Self.entry("0123456789abcdef"))]").errors()
        let e = try #require(errors.first(.inconsistent, file: "changelog.json", record: "0123456789abcdef", field: "version"), "\(errors.rendered)")
        #expect(e.message.contains(Self.version) && e.message.contains("ties changelog"))
    }

    @Test func everyBadEntryIsNamed() throws {
        let log = "[" + [
            Self.entry("1111111111111111", at: "2026-12-02T10:00:00Z"),
            Self.entry("2222222222222222", at: "2026-12-01T10:00:00Z"),
            Self.entry("2222222222222222", at: "2026-12-03T10:00:00Z"),
            Self.entry("3333333333333333", at: "yesterday"),
            Self.entry("4444444444444444", at: "2026-12-04T10:00:00Z", changes: #"{"kind": "meeting", "id": "x", "change": "added"}, {"kind": "event", "id": "event-a", "change": "changed"}, {"kind": "event", "id": "nobody", "change": "added"}"#),
            Self.entry(at: "2026-12-05T10:00:00Z"),
        ].joined(separator: ",") + "]"
        let errors = try fixture(changelog: log).errors()
        #expect(errors.first(.inconsistent, file: "changelog.json", record: "2222222222222222", field: "publishedAt") != nil, "\(errors.rendered)")
        #expect(errors.first(.duplicateId, file: "changelog.json", record: "2222222222222222", field: "version") != nil)
        #expect(errors.first(.badDate, file: "changelog.json", record: "3333333333333333", field: "publishedAt") != nil)
        #expect(errors.first(.invalidValue, file: "changelog.json", record: "4444444444444444", field: "changes[0].kind") != nil)
        #expect(errors.first(.missingField, file: "changelog.json", record: "4444444444444444", field: "changes[1].fields") != nil)
        #expect(errors.first(.danglingReference, file: "changelog.json", record: "4444444444444444", field: "changes[2].id") != nil)
    }

    @Test func aRetiredIdIsNeverReusedAndItsReplacementAndVersionMustExist() throws {
        let retired = """
        [{"kind": "event", "id": "event-a", "reason": "Reused by mistake.", "version": "\(Self.version)"},
         {"kind": "event", "id": "old-event", "replacedBy": "no-such-event", "reason": "Renamed.", "version": "5555555555555555"}]
        """
        let errors = try fixture(changelog: "[\(Self.entry())]", retired: retired).errors()
        let reuse = try #require(errors.first(.duplicateId, file: "events.json", record: "event-a", field: "id"), "\(errors.rendered)")
        #expect(reuse.message.contains("retired in version \(Self.version)") && reuse.message.contains("never reused"))
        #expect(errors.first(.danglingReference, file: "retired.json", record: "old-event", field: "replacedBy") != nil)
        #expect(errors.first(.danglingReference, file: "retired.json", record: "old-event", field: "version") != nil)
    }

    @Test func aLoggedRetirementMustBeInRetiredJSON() throws {
        let log = "[\(Self.entry(changes: #"{"kind": "event", "id": "gone-event", "change": "retired"}"#))]"
        let errors = try fixture(changelog: log, retired: "[]").errors()
        #expect(errors.first(.danglingReference, file: "changelog.json", record: Self.version, field: "changes[0].id") != nil, "\(errors.rendered)")
    }
}
