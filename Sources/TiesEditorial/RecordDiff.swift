import FoundationEssentials
import TiesCore

/// What changed between two loaded datasets, record by record: added, retired (gone), and changed with the
/// names of the fields whose values differ. Fields the loader derives from other records (mentions, counts,
/// `eventIds`, `sourceIds`) are left out: adding an article changes them everywhere, and the change that
/// caused it is listed on its own record.
enum RecordDiff {
    static func changes(from old: Snapshot?, to new: Snapshot) throws -> [RecordChange] {
        var out: [RecordChange] = []
        for kind in RecordKind.allCases {
            let before = try old.map { try records(of: kind, in: $0) } ?? [:]
            let after = try records(of: kind, in: new)
            for id in after.keys.sorted() {
                guard let was = before[id] else {
                    out.append(RecordChange(kind: kind, id: id, change: .added))
                    continue
                }
                let now = after[id]!
                let fields = Set(was.keys).union(now.keys).filter { was[$0] != now[$0] }
                if !fields.isEmpty {
                    // In the record's own field order.
                    let order = now.keys.sorted { a, b in (keyOrder[kind]?[a] ?? 99, a) < (keyOrder[kind]?[b] ?? 99, b) }
                    out.append(RecordChange(kind: kind, id: id, change: .changed, fields: order.filter(fields.contains)))
                }
            }
            for id in before.keys.sorted() where after[id] == nil {
                out.append(RecordChange(kind: kind, id: id, change: .retired))
            }
        }
        return out
    }

    /// Derived fields, per kind, not compared.
    static let derived: [RecordKind: Set<String>] = [
        .event: ["sourceIds", "corroboration"],
        .leader: ["eventIds", "mentions", "sourceIds", "corroboration"],
        .partnershipLevel: ["mentions", "sourceIds", "corroboration"],
        .source: ["textLength", "citationCount"],
        .topic: ["eventCount"],
        .country: ["leaderIds", "eventCount", "mentions"],
    ]

    /// Each field of each record as canonical JSON bytes, by id.
    static func records(of kind: RecordKind, in s: Snapshot) throws -> [String: [String: DatasetJSON.Value]] {
        switch kind {
        case .event: return try table(s.events, id: \.id, kind: kind)
        case .leader: return try table(s.leaders, id: \.id, kind: kind)
        case .partnershipLevel: return try table(s.partnershipLevels, id: \.id, kind: kind)
        case .source:
            // The text is not in the record's JSON: compare it as a field of its own.
            var t = try table(s.sources, id: \.id, kind: kind)
            for source in s.sources { t[source.id]?["text"] = .string(source.text) }
            return t
        case .topic: return try table(s.topics, id: \.id, kind: kind)
        case .country: return try table(s.countries, id: \.code, kind: kind)
        }
    }

    private static func table<T: Encodable>(_ list: [T], id: (T) -> String, kind: RecordKind) throws -> [String: [String: DatasetJSON.Value]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let skip = derived[kind] ?? []
        var out: [String: [String: DatasetJSON.Value]] = [:]
        for record in list {
            // Sorted keys all the way down, so equal values compare equal as parsed trees.
            guard case .object(let object) = try DatasetJSON.parse([UInt8](try encoder.encode(record))) else { continue }
            var fields: [String: DatasetJSON.Value] = [:]
            for (key, value) in object where !skip.contains(key) { fields[key] = value }
            out[id(record)] = fields
        }
        return out
    }

    /// Field order of each kind's JSON, for listing changed fields as a reader sees them.
    static let keyOrder: [RecordKind: [String: Int]] = {
        func order(_ keys: [String]) -> [String: Int] { Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) }
        return [
            .event: order(["id", "type", "title", "summary", "date", "endDate", "status", "location", "participants", "countries",
                           "topics", "outcomes", "partnershipLevelId", "relatedEventIds", "citations"]),
            .leader: order(["id", "name", "country", "aliases", "offices", "citations"]),
            .partnershipLevel: order(["id", "name", "rank", "spellings", "reached", "eventId", "citations"]),
            .source: order(["id", "title", "kind", "language", "url", "publisher", "wireServices", "published", "originalFile",
                            "removed", "notes", "text"]),
            .topic: order(["id", "name", "description"]),
            .country: order(["code", "name", "aliases", "notMentions"]),
        ]
    }()
}
