import FoundationEssentials

// changelog.json and retired.json: read, checked against the records just loaded and the dataset's version.
// They describe versions, so they are not part of one (DatasetFiles.contentHash leaves them out).

struct RawRecordChange: RawRecord {
    var kind: String?
    var id: String?
    var change: String?
    var fields: [String]?
    var replacedBy: String?
    enum Keys: String, CaseIterable { case kind, id, change, fields, replacedBy }
    init(_ r: inout ObjectReader) {
        kind = r.string(Keys.kind)
        id = r.string(Keys.id)
        change = r.string(Keys.change)
        fields = r.strings(Keys.fields)
        replacedBy = r.string(Keys.replacedBy)
    }
}

struct RawChangelogEntry: RawRecord {
    var version: String?
    var publishedAt: String?
    var reason: String?
    var changes: [Checked<RawRecordChange>]?
    enum Keys: String, CaseIterable { case version, publishedAt, reason, changes }
    init(_ r: inout ObjectReader) {
        version = r.string(Keys.version)
        publishedAt = r.string(Keys.publishedAt)
        reason = r.string(Keys.reason)
        changes = r.objects(Keys.changes, as: RawRecordChange.self)
    }
}

struct RawRetired: RawRecord {
    var kind: String?
    var id: String?
    var replacedBy: String?
    var reason: String?
    var version: String?
    enum Keys: String, CaseIterable { case kind, id, replacedBy, reason, version }
    init(_ r: inout ObjectReader) {
        kind = r.string(Keys.kind)
        id = r.string(Keys.id)
        replacedBy = r.string(Keys.replacedBy)
        reason = r.string(Keys.reason)
        version = r.string(Keys.version)
    }
}

enum HistoryLoader {
    static let changelogFile = "changelog.json"
    static let retiredFile = "retired.json"

    /// The live ids of each kind, and the file each kind's records are in (for "a retired id is reused").
    struct LiveIds {
        let ids: [RecordKind: Set<String>]

        init(_ model: DatasetModel) {
            ids = [.event: Set(model.events.map(\.id)), .leader: Set(model.leaders.map(\.id)),
                   .partnershipLevel: Set(model.levels.map(\.id)), .source: Set(model.sources.map(\.id)),
                   .topic: Set(model.topics.map(\.id)), .country: Set(model.countries.map(\.code))]
        }

        func contains(_ kind: RecordKind, _ id: String) -> Bool { ids[kind]?.contains(id) ?? false }

        static func file(_ kind: RecordKind, id: String) -> String {
            switch kind {
            case .event: "events.json"
            case .leader: "leaders.json"
            case .partnershipLevel: "partnership-levels.json"
            case .source: "sources/\(id).json"
            case .topic: "topics.json"
            case .country: "countries.json"
            }
        }
    }

    /// Reads and checks both files (each optional); every problem goes to `diagnostics`.
    static func load(changelog: [UInt8]?, retired: [UInt8]?, live: LiveIds, version: String, diagnostics: Diagnostics) -> History {
        let retiredRecords = readRetired(retired, diagnostics: diagnostics)
        let read = readChangelog(changelog, diagnostics: diagnostics)
        let entries = read.map(\.entry)
        let versions = Set(entries.map(\.version))
        var retiredKeys = Set<String>()
        for r in retiredRecords {
            retiredKeys.insert(History.key(r.kind, r.id))
            if live.contains(r.kind, r.id) {
                diagnostics.add(.duplicateId, LiveIds.file(r.kind, id: r.id), r.id, r.kind == .country ? "code" : "id",
                                "'\(r.id)' was retired in version \(r.version) (retired.json: \(r.reason)); a retired id is never reused: choose another id")
            }
            if let replacement = r.replacedBy, !live.contains(r.kind, replacement) {
                diagnostics.add(.danglingReference, retiredFile, r.id, "replacedBy", "no \(r.kind.rawValue) '\(replacement)' in the dataset")
            }
            if changelog != nil, !versions.contains(r.version) {
                diagnostics.add(.danglingReference, retiredFile, r.id, "version", "no entry for version \(r.version) in changelog.json")
            }
        }
        for (entry, positions) in read {
            for (i, c) in zip(positions, entry.changes) {
                let isRetired = retiredKeys.contains(History.key(c.kind, c.id))
                let ok = c.change == .retired ? isRetired : (live.contains(c.kind, c.id) || isRetired)
                if !ok {
                    let message = c.change == .retired
                        ? "\(c.kind.rawValue) '\(c.id)' is logged as retired but is not in retired.json"
                        : "no \(c.kind.rawValue) '\(c.id)' in the dataset, and it is not retired"
                    diagnostics.add(.danglingReference, changelogFile, entry.version, "changes[\(i)].id", message)
                }
            }
        }
        if let newest = entries.last, newest.version != version {
            diagnostics.add(.inconsistent, changelogFile, newest.version, "version",
                            "the newest entry is version \(newest.version) but the dataset's files are version \(version); log the change with `ties changelog --from OLD_DIR --to NEW_DIR --reason \"…\"`")
        }
        var bytes: [String: [UInt8]] = [:]
        if let changelog { bytes[changelogFile] = changelog }
        if let retired { bytes[retiredFile] = retired }
        return History(entries: entries, retired: retiredRecords, hash: bytes.isEmpty ? "" : String(DatasetFiles.contentHash(bytes).prefix(16)))
    }

    static func readRetired(_ data: [UInt8]?, diagnostics: Diagnostics) -> [RetiredRecord] {
        var out: [RetiredRecord] = []
        var seen = Set<String>()
        for entry in RecordFile.readArray(data, file: retiredFile, as: RawRetired.self, diagnostics: diagnostics) {
            guard let raw = entry.value?.value else { continue }
            let name = entry.recordName
            func missing(_ field: String) { diagnostics.add(.missingField, retiredFile, name, field, "is required") }
            guard let id = raw.id else { missing("id"); continue }
            guard let kindText = raw.kind else { missing("kind"); continue }
            guard let kind = RecordKind(rawValue: kindText) else {
                diagnostics.add(.invalidValue, retiredFile, name, "kind", "'\(kindText)' is not one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            guard let reason = raw.reason, !reason.isEmpty else { missing("reason"); continue }
            guard let version = raw.version else { missing("version"); continue }
            guard isVersion(version) else {
                diagnostics.add(.invalidValue, retiredFile, name, "version", "'\(version)' is not a dataset version (16 lowercase hex digits)")
                continue
            }
            guard seen.insert(History.key(kind, id)).inserted else {
                diagnostics.add(.duplicateId, retiredFile, name, "id", "\(kind.rawValue) '\(id)' is retired twice")
                continue
            }
            out.append(RetiredRecord(kind: kind, id: id, replacedBy: raw.replacedBy, reason: reason, version: version))
        }
        return out
    }

    /// The readable entries, each with the position in the file of each of its changes (for messages).
    static func readChangelog(_ data: [UInt8]?, diagnostics: Diagnostics) -> [(entry: ChangelogEntry, positions: [Int])] {
        var out: [(entry: ChangelogEntry, positions: [Int])] = []
        var versions = Set<String>()
        for entry in RecordFile.readArray(data, file: changelogFile, as: RawChangelogEntry.self, diagnostics: diagnostics, idKeys: ["version"]) {
            guard let raw = entry.value?.value else { continue }
            let name = entry.recordName
            func missing(_ field: String) { diagnostics.add(.missingField, changelogFile, name, field, "is required") }
            guard let version = raw.version else { missing("version"); continue }
            guard isVersion(version) else {
                diagnostics.add(.invalidValue, changelogFile, name, "version", "'\(version)' is not a dataset version (16 lowercase hex digits)")
                continue
            }
            guard versions.insert(version).inserted else {
                diagnostics.add(.duplicateId, changelogFile, name, "version", "version \(version) is logged twice")
                continue
            }
            guard let at = raw.publishedAt else { missing("publishedAt"); continue }
            guard isTimestamp(at) else {
                diagnostics.add(.badDate, changelogFile, name, "publishedAt", "'\(at)' is not an RFC 3339 UTC time like 2026-12-03T18:00:00Z")
                continue
            }
            if let previous = out.last?.entry, previous.publishedAt >= at {
                diagnostics.add(.inconsistent, changelogFile, name, "publishedAt",
                                "\(at) is not after the previous entry's \(previous.publishedAt): entries are oldest first")
            }
            guard let reason = raw.reason, !reason.isBlank else { missing("reason"); continue }
            guard let rawChanges = raw.changes else { missing("changes"); continue }
            var changes: [RecordChange] = []
            var positions: [Int] = []
            for (i, checked) in rawChanges.enumerated() {
                let c = checked.value
                let field = "changes[\(i)]"
                RecordFile.reportUnknown(checked.unknownKeys.map { "\(field).\($0)" }, file: changelogFile, record: name,
                                         allowed: RawRecordChange.allowedKeys, diagnostics: diagnostics)
                guard let kind = c.kind.flatMap(RecordKind.init(rawValue:)) else {
                    diagnostics.add(.invalidValue, changelogFile, name, field + ".kind", "must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                guard let id = c.id, !id.isEmpty else { missing(field + ".id"); continue }
                guard let change = c.change.flatMap(RecordChange.Change.init(rawValue:)) else {
                    diagnostics.add(.invalidValue, changelogFile, name, field + ".change", "must be one of added, changed, retired")
                    continue
                }
                let fields = c.fields ?? []
                if change == .changed && fields.isEmpty {
                    diagnostics.add(.missingField, changelogFile, name, field + ".fields", "a changed record names the fields that changed")
                }
                if change != .changed && !fields.isEmpty {
                    diagnostics.add(.inconsistent, changelogFile, name, field + ".fields", "only a changed record names fields")
                }
                if change != .retired && c.replacedBy != nil {
                    diagnostics.add(.inconsistent, changelogFile, name, field + ".replacedBy", "only a retired record has a replacement")
                }
                changes.append(RecordChange(kind: kind, id: id, change: change, fields: fields, replacedBy: c.replacedBy))
                positions.append(i)
            }
            out.append((ChangelogEntry(version: version, publishedAt: at, reason: reason, changes: changes), positions))
        }
        return out
    }

    static func isVersion(_ s: String) -> Bool {
        s.utf8.count == 16 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    static func isTimestamp(_ s: String) -> Bool { HistoryCheck.isTimestamp(s) }
}

/// Checks shared with the editorial tools.
public enum HistoryCheck {
    /// `YYYY-MM-DDTHH:MM:SSZ`: one form, so entries sort as text and every tool reads them.
    public static func isTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 20 else { return false }
        let shape = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        for (c, want) in zip(b, shape) {
            if want == UInt8(ascii: "d") { if !(48...57).contains(c) { return false } } else if c != want { return false }
        }
        let n = { (a: Int, len: Int) in Int(String(decoding: b[a..<(a + len)], as: UTF8.self))! }
        guard let date = PartialDate(year: n(0, 4), month: n(5, 2), day: n(8, 2)), date.year > 0 else { return false }
        return n(11, 2) < 24 && n(14, 2) < 60 && n(17, 2) < 60
    }
}
