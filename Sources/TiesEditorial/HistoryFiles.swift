import Foundation
import TiesCore

/// changelog.json and retired.json as an editor reads them: one record per block, keys in a fixed order, two
/// spaces, `"key": value` like the other dataset files.
enum HistoryFiles {
    static func changelogText(_ entries: [ChangelogEntry]) -> String {
        let blocks = entries.map { e -> String in
            let changes = e.changes.map { c -> String in
                var parts = ["\"kind\": \(quoted(c.kind.rawValue))", "\"id\": \(quoted(c.id))", "\"change\": \(quoted(c.change.rawValue))"]
                if !c.fields.isEmpty { parts.append("\"fields\": [\(c.fields.map(quoted).joined(separator: ", "))]") }
                if let r = c.replacedBy { parts.append("\"replacedBy\": \(quoted(r))") }
                return "      {" + parts.joined(separator: ", ") + "}"
            }
            return """
              {
                "version": \(quoted(e.version)),
                "publishedAt": \(quoted(e.publishedAt)),
                "reason": \(quoted(e.reason)),
                "changes": [\(changes.isEmpty ? "" : "\n" + changes.joined(separator: ",\n") + "\n    ")]
              }
            """
        }
        return "[\n" + blocks.joined(separator: ",\n") + "\n]\n"
    }

    static func retiredText(_ records: [RetiredRecord]) -> String {
        guard !records.isEmpty else { return "[]\n" }
        let lines = records.map { r -> String in
            var parts = ["\"kind\": \(quoted(r.kind.rawValue))", "\"id\": \(quoted(r.id))"]
            if let replacement = r.replacedBy { parts.append("\"replacedBy\": \(quoted(replacement))") }
            parts += ["\"reason\": \(quoted(r.reason))", "\"version\": \(quoted(r.version))"]
            return "  {" + parts.joined(separator: ", ") + "}"
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    /// A JSON string literal (JSONSerialization escapes exactly what JSON requires, and `/` only if asked).
    static func quoted(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    struct FileError: Error, CustomStringConvertible {
        let description: String
    }

    /// The entries of an existing changelog.json (empty when there is none). Its detailed checks are the
    /// loader's; this only needs the entries back to append one.
    static func readChangelog(_ url: URL) throws -> [ChangelogEntry] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        guard let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw FileError(description: "\(url.path): not a JSON list of entries")
        }
        return try list.enumerated().map { i, e in
            guard let version = e["version"] as? String, let at = e["publishedAt"] as? String, let reason = e["reason"] as? String,
                  let changes = e["changes"] as? [[String: Any]] else {
                throw FileError(description: "\(url.path): entry #\(i) lacks version, publishedAt, reason or changes")
            }
            return ChangelogEntry(version: version, publishedAt: at, reason: reason, changes: try changes.map { c in
                guard let kind = (c["kind"] as? String).flatMap(RecordKind.init(rawValue:)), let id = c["id"] as? String,
                      let change = (c["change"] as? String).flatMap(RecordChange.Change.init(rawValue:)) else {
                    throw FileError(description: "\(url.path): entry \(version) has a change without a valid kind, id and change")
                }
                return RecordChange(kind: kind, id: id, change: change, fields: c["fields"] as? [String] ?? [], replacedBy: c["replacedBy"] as? String)
            })
        }
    }

    /// retired.json's records; `version` may be missing on the ones the editor just added (the command fills it).
    static func readRetired(_ url: URL) throws -> [(kind: RecordKind, id: String, replacedBy: String?, reason: String, version: String?)] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        guard let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw FileError(description: "\(url.path): not a JSON list of retired ids")
        }
        return try list.enumerated().map { i, r in
            guard let kind = (r["kind"] as? String).flatMap(RecordKind.init(rawValue:)), let id = r["id"] as? String,
                  let reason = r["reason"] as? String, !reason.isEmpty else {
                throw FileError(description: "\(url.path): #\(i) needs kind (\(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))), id and reason")
            }
            return (kind, id, r["replacedBy"] as? String, reason, r["version"] as? String)
        }
    }
}
