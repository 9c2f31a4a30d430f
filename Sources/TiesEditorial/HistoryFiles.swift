import FoundationEssentials
import TiesCore

/// changelog.json and retired.json as an editor reads them: one record per block, keys in a fixed order, two
/// spaces, `"key": value` like the other dataset files.
enum HistoryFiles {
    static func changelogText(_ entries: [ChangelogEntry]) -> String {
        DatasetJSON.render(.array(entries.map { e in
            .object([("version", .string(e.version)), ("publishedAt", .string(e.publishedAt)), ("reason", .string(e.reason)),
                     ("changes", .array(e.changes.map { c in
                         var fields: [(String, DatasetJSON.Value)] = [("kind", .string(c.kind.rawValue)), ("id", .string(c.id)),
                                                                      ("change", .string(c.change.rawValue))]
                         if !c.fields.isEmpty { fields.append(("fields", .array(c.fields.map(DatasetJSON.Value.string)))) }
                         if let r = c.replacedBy { fields.append(("replacedBy", .string(r))) }
                         return .object(fields)
                     }))])
        }))
    }

    static func retiredText(_ records: [RetiredRecord]) -> String {
        DatasetJSON.render(.array(records.map { r in
            var fields: [(String, DatasetJSON.Value)] = [("kind", .string(r.kind.rawValue)), ("id", .string(r.id))]
            if let replacement = r.replacedBy { fields.append(("replacedBy", .string(replacement))) }
            fields += [("reason", .string(r.reason)), ("version", .string(r.version))]
            return .object(fields)
        }))
    }

    /// A JSON string literal, as the dataset files write one.
    static func quoted(_ s: String) -> String { DatasetJSON.quoted(s) }

    struct FileError: Error, CustomStringConvertible {
        let description: String
    }

    /// The entries of an existing changelog.json (empty when there is none). Its detailed checks are the
    /// loader's; this only needs the entries back to append one.
    static func readChangelog(_ url: URL) throws -> [ChangelogEntry] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        guard let list = (try? DatasetJSON.parse([UInt8](data)))?.array else {
            throw FileError(description: "\(url.path): not a JSON list of entries")
        }
        return try list.enumerated().map { i, e in
            guard let version = e["version"]?.string, let at = e["publishedAt"]?.string, let reason = e["reason"]?.string,
                  let changes = e["changes"]?.array else {
                throw FileError(description: "\(url.path): entry #\(i) lacks version, publishedAt, reason or changes")
            }
            return ChangelogEntry(version: version, publishedAt: at, reason: reason, changes: try changes.map { c in
                guard let kind = c["kind"]?.string.flatMap(RecordKind.init(rawValue:)), let id = c["id"]?.string,
                      let change = c["change"]?.string.flatMap(RecordChange.Change.init(rawValue:)) else {
                    throw FileError(description: "\(url.path): entry \(version) has a change without a valid kind, id and change")
                }
                return RecordChange(kind: kind, id: id, change: change, fields: c["fields"]?.array?.compactMap(\.string) ?? [], replacedBy: c["replacedBy"]?.string)
            })
        }
    }

    /// retired.json's records; `version` may be missing on the ones the editor just added (the command fills it).
    static func readRetired(_ url: URL) throws -> [(kind: RecordKind, id: String, replacedBy: String?, reason: String, version: String?)] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        guard let list = (try? DatasetJSON.parse([UInt8](data)))?.array else {
            throw FileError(description: "\(url.path): not a JSON list of retired ids")
        }
        return try list.enumerated().map { i, r in
            guard let kind = r["kind"]?.string.flatMap(RecordKind.init(rawValue:)), let id = r["id"]?.string,
                  let reason = r["reason"]?.string, !reason.isEmpty else {
                throw FileError(description: "\(url.path): #\(i) needs kind (\(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))), id and reason")
            }
            return (kind, id, r["replacedBy"]?.string, reason, r["version"]?.string)
        }
    }
}
