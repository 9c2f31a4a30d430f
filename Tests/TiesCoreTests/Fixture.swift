import Foundation
@testable import TiesCore

/// A small valid dataset, held as JSON values so each test can break one thing and write it to disk.
struct Fixture {
    static let text = """
        Example Wire Story
        January 6, 2020
        Japan and Malaysia agreed on Monday to a strategic partnership, Prime Minister Taro Example said.
        Malaysia agreed. Malaysia agreed.
        Japan will give a grant of 100 million yen to Malaysia.

        """

    var dataset: [String: Any] = [
        "formatVersion": 1, "title": "Fixture", "description": "A test dataset", "subjectCountries": ["JP", "MY"],
        "licence": "test", "notes": [],
        "eventTypes": [["id": "summit", "description": "s"], ["id": "agreement", "description": "a"]],
        "outcomeKinds": [["id": "agreement", "description": "a"], ["id": "grant", "description": "g"]],
    ]
    var countries: [[String: Any]] = [
        ["code": "JP", "name": "Japan", "aliases": ["Japan"]],
        ["code": "MY", "name": "Malaysia", "aliases": ["Malaysia"]],
    ]
    var topics: [[String: Any]] = [["id": "maritime-security", "name": "Maritime security", "description": "d"]]
    var leaders: [[String: Any]] = [[
        "id": "taro-example", "name": "Taro Example", "country": "JP", "aliases": ["Taro Example", "Example"],
        "offices": [["title": "Prime Minister of Japan", "country": "JP", "from": NSNull(), "to": NSNull(),
                     "citations": [["sourceId": "src-a", "quote": "Prime Minister Taro Example"]]]],
        "citations": [["sourceId": "src-a", "quote": "Prime Minister Taro Example said"]],
    ]]
    var levels: [[String: Any]] = [[
        "id": "strategic-partnership", "name": "Strategic Partnership", "rank": 1, "spellings": ["strategic partnership"],
        "eventId": "event-a", "citations": [["sourceId": "src-a", "quote": "agreed on Monday to a strategic partnership"]],
    ]]
    var events: [[String: Any]] = [
        [
            "id": "event-a", "type": "summit", "title": "Summit", "summary": "They met.",
            "date": ["date": "2020-01-06", "note": "Monday"], "status": "happened", "location": NSNull(),
            "participants": [["leaderId": "taro-example", "role": "Prime Minister of Japan"]],
            "countries": ["JP", "MY"], "topics": ["maritime-security"],
            "outcomes": [["kind": "grant", "description": "A grant.",
                          "amounts": [["value": 100_000_000, "currency": "JPY", "asPrinted": "100 million yen"]],
                          "citations": [["sourceId": "src-a", "quote": "a grant of 100 million yen"]]]],
            "partnershipLevelId": "strategic-partnership", "relatedEventIds": ["event-b"],
            "citations": [["sourceId": "src-a", "quote": "Japan and Malaysia agreed on Monday"]],
        ],
        [
            "id": "event-b", "type": "agreement", "title": "Agreement", "summary": "Malaysia agreed.",
            "date": "2020-01", "status": "happened",
            "countries": ["MY"],
            "citations": [["sourceId": "src-a", "quote": "Malaysia agreed.", "occurrence": 2]],
        ],
    ]
    var sourceMeta: [String: Any] = [
        "id": "src-a", "title": "Example Wire Story", "kind": "news-report", "language": "en", "url": NSNull(),
        "publisher": NSNull(), "wireServices": [],
        "published": ["date": "2020-01-06", "time": NSNull(), "timeZone": NSNull(), "asPrinted": "January 6, 2020",
                      "inferred": false, "reason": NSNull(), "note": NSNull()],
        "originalFile": "original-a.txt", "removed": [], "notes": [],
    ]
    var sourceText = Fixture.text
    var original = "Photo caption\n" + Fixture.text + "Top Articles\n"
    /// Files to write verbatim instead of the values above (relative path → contents).
    var overrides: [String: String] = [:]

    /// Writes the dataset to a fresh temporary directory.
    func write() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ties-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("originals"), withIntermediateDirectories: true)
        func json(_ value: Any) throws -> Data { try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]) }
        let files: [(String, Data)] = [
            ("dataset.json", try json(dataset)), ("countries.json", try json(countries)), ("topics.json", try json(topics)),
            ("leaders.json", try json(leaders)), ("partnership-levels.json", try json(levels)), ("events.json", try json(events)),
            ("sources/src-a.json", try json(sourceMeta)), ("sources/src-a.txt", Data(sourceText.utf8)),
            ("originals/original-a.txt", Data(original.utf8)),
        ]
        for (path, data) in files {
            try (overrides[path].map { Data($0.utf8) } ?? data).write(to: dir.appendingPathComponent(path))
        }
        for (path, text) in overrides where !files.contains(where: { $0.0 == path }) {
            try Data(text.utf8).write(to: dir.appendingPathComponent(path))
        }
        return dir
    }

    /// The errors the loader reports for this dataset.
    func errors() throws -> [DatasetError] {
        let dir = try write()
        defer { try? FileManager.default.removeItem(at: dir) }
        return DatasetLoader.validate(directory: dir)
    }

    func load() throws -> Snapshot {
        let dir = try write()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try DatasetLoader.load(directory: dir)
    }
}

extension Array where Element == DatasetError {
    /// The error of `kind` at file, record and field, if reported.
    func first(_ kind: DatasetError.Kind, file: String, record: String?, field: String?) -> DatasetError? {
        first { $0.kind == kind && $0.file == file && $0.record == record && $0.field == field }
    }

    var rendered: String { map(\.description).joined(separator: "\n") }
}
