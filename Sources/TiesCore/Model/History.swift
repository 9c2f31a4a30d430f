/// The dataset's history, kept beside the data (`changelog.json`, `retired.json`): what each published version
/// changed and why, and the ids that are gone. See docs/dataset.md, "History".

/// The kinds of record the history names, with their names in the files and the API's path segments.
public enum RecordKind: String, Sendable, Hashable, CaseIterable, Encodable {
    case event, leader
    case partnershipLevel = "partnership-level"
    case source, topic, country
}

/// One record's change in one version.
public struct RecordChange: Sendable, Hashable, Encodable {
    public enum Change: String, Sendable, Hashable, CaseIterable, Encodable { case added, changed, retired }
    public let kind: RecordKind
    public let id: String
    public let change: Change
    /// For `changed`: the record's fields whose values differ, by their JSON names.
    public let fields: [String]
    /// For `retired`: the record that takes its place, if one does.
    public let replacedBy: String?

    public init(kind: RecordKind, id: String, change: Change, fields: [String] = [], replacedBy: String? = nil) {
        self.kind = kind
        self.id = id
        self.change = change
        self.fields = fields
        self.replacedBy = replacedBy
    }

    enum CodingKeys: String, CodingKey { case kind, id, change, fields, replacedBy }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(change, forKey: .change)
        try c.encode(fields, forKey: .fields)
        try c.encode(replacedBy, forKey: .replacedBy)
    }
}

/// One published dataset version: when, why (an editor's words), and what changed, record by record.
public struct ChangelogEntry: Sendable, Hashable, Encodable {
    public let version: String
    /// RFC 3339, UTC: `2026-12-03T18:00:00Z`.
    public let publishedAt: String
    public let reason: String
    public let changes: [RecordChange]

    public init(version: String, publishedAt: String, reason: String, changes: [RecordChange]) {
        self.version = version
        self.publishedAt = publishedAt
        self.reason = reason
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey { case version, publishedAt, reason, changes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(publishedAt, forKey: .publishedAt)
        try c.encode(reason, forKey: .reason)
        try c.encode(changes, forKey: .changes)
    }
}

/// An id that no longer names a record: never reused; its URL redirects to `replacedBy` or answers 410.
public struct RetiredRecord: Sendable, Hashable, Encodable {
    public let kind: RecordKind
    public let id: String
    public let replacedBy: String?
    public let reason: String
    /// The version that retired it.
    public let version: String

    public init(kind: RecordKind, id: String, replacedBy: String?, reason: String, version: String) {
        self.kind = kind
        self.id = id
        self.replacedBy = replacedBy
        self.reason = reason
        self.version = version
    }

    enum CodingKeys: String, CodingKey { case kind, id, replacedBy, reason, version }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(replacedBy, forKey: .replacedBy)
        try c.encode(reason, forKey: .reason)
        try c.encode(version, forKey: .version)
    }
}

/// The history as loaded: the entries oldest first, the retired ids, and a hash of the two files (they are not
/// part of the dataset version, which they describe, so documents that show them are tagged with this too).
public struct History: Sendable {
    public let entries: [ChangelogEntry]
    public let retired: [RetiredRecord]
    public let hash: String
    let retiredByKey: [String: Int]

    public init(entries: [ChangelogEntry], retired: [RetiredRecord], hash: String) {
        self.entries = entries
        self.retired = retired
        self.hash = hash
        retiredByKey = Dictionary(retired.enumerated().map { (History.key($1.kind, $1.id), $0) }, uniquingKeysWith: { a, _ in a })
    }

    public static let empty = History(entries: [], retired: [], hash: "")

    static func key(_ kind: RecordKind, _ id: String) -> String { kind.rawValue + "\u{1F}" + id }

    public func retired(_ kind: RecordKind, id: String) -> RetiredRecord? {
        retiredByKey[History.key(kind, id)].map { retired[$0] }
    }
}
