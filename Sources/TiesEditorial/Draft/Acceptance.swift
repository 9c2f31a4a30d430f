import FoundationEssentials
import TiesCore

/// `ties draft --accept accepted.json --into DATASET_DIR`: merges what the editor accepted in the review page into
/// the dataset's files. All or nothing: the merge is made in a scratch copy and checked by the loader; only when it
/// passes are the changed files written into DATASET_DIR (docs/dataset.md, "Drafting an article").
///
/// accepted.json (written by review.html):
///
///     {"sourceId": "…", "items": [
///       {"proposal": "p3", "action": "cite", "kind": "event", "id": "…", "quote": "…"},
///       {"proposal": "p9", "action": "new-event", "record": {…event without citations…}, "quote": "…"},
///       {"proposal": "p2", "action": "new-leader", "record": {…leader without citations…}, "quote": "…"},
///       {"proposal": "p4", "action": "alias", "kind": "leader", "id": "…", "alias": "…"}]}
///
/// `cite` adds the quote to a record's citations (an event, a leader or a partnership level); `alias` adds an
/// alias to a leader or a spelling to a level. A new record's citations are the quote.
enum Acceptance {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func run(accepted: URL, draft: URL?, into dataset: URL) throws(Failure) -> [String] {
        guard let data = FileManager.default.contents(atPath: accepted.path),
              let root = try? DatasetJSON.parse(Array(data)), let sourceId = root["sourceId"]?.string, let items = root["items"]?.array else {
            throw Failure(description: "\(accepted.path) is not an accepted.json from a review page (sourceId and items)")
        }
        let folder = draft ?? accepted.deletingLastPathComponent()
        let fm = FileManager.default
        for file in ["sources/\(sourceId).json", "sources/\(sourceId).txt"] where !fm.fileExists(atPath: folder.appendingPathComponent(file).path) {
            throw Failure(description: "the draft folder \(folder.path) has no \(file) (give it with --draft DRAFT_DIR)")
        }
        let scratch = fm.temporaryDirectory.appendingPathComponent("ties-accept-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: scratch) }
        do { try fm.copyItem(at: dataset, to: scratch) } catch { throw Failure(description: "cannot copy \(dataset.path): \(error)") }

        var files: [String: DatasetJSON.Value] = [:]
        func file(_ name: String) throws(Failure) -> DatasetJSON.Value {
            if let f = files[name] { return f }
            guard let bytes = fm.contents(atPath: scratch.appendingPathComponent(name).path) else { throw Failure(description: "the dataset has no \(name)") }
            do { let v = try DatasetJSON.parse(Array(bytes)); files[name] = v; return v } catch { throw Failure(description: "\(name): \(error)") }
        }
        let recordFile = ["event": "events.json", "leader": "leaders.json", "partnership-level": "partnership-levels.json"]
        var problems: [String] = []
        for (n, item) in items.enumerated() {
            let name = "items[\(n)] (\(item["proposal"]?.string ?? "?"))"
            let citation = DatasetJSON.Value.object([("sourceId", .string(sourceId)), ("quote", .string(item["quote"]?.string ?? ""))])
            switch item["action"]?.string {
            case "cite", "alias":
                guard let kind = item["kind"]?.string, let fileName = recordFile[kind], let id = item["id"]?.string else {
                    problems.append("\(name): needs kind (event, leader, partnership-level) and id"); continue
                }
                guard case .array(var records) = try file(fileName), let i = records.firstIndex(where: { $0["id"]?.string == id }) else {
                    problems.append("\(name): no \(kind) '\(id)' in \(fileName)"); continue
                }
                if item["action"]?.string == "cite" {
                    records[i] = records[i].setting("citations", .array((records[i]["citations"]?.array ?? []) + [citation]))
                } else {
                    let field = kind == "leader" ? "aliases" : "spellings"
                    guard let alias = item["alias"]?.string, !alias.isEmpty else { problems.append("\(name): an alias needs 'alias'"); continue }
                    records[i] = records[i].setting(field, .array((records[i][field]?.array ?? []) + [.string(alias)]))
                }
                files[fileName] = .array(records)
            case "new-event", "new-leader":
                let fileName = item["action"]?.string == "new-event" ? "events.json" : "leaders.json"
                guard case .object = item["record"], let record = item["record"] else { problems.append("\(name): needs the new record in 'record'"); continue }
                guard case .array(let records) = try file(fileName) else { continue }
                var added = record.setting("citations", .array([citation]))
                if fileName == "leaders.json", case .array(let offices)? = record["offices"] {
                    // An office of a new leader is cited by the same quote.
                    added = added.setting("offices", .array(offices.map { $0.setting("citations", .array([citation])) }))
                }
                files[fileName] = .array(records + [added])
            default:
                problems.append("\(name): action must be cite, alias, new-event or new-leader")
            }
        }
        guard problems.isEmpty else { throw Failure(description: "nothing written; accepted.json has problems:\n" + problems.map { "  " + $0 }.joined(separator: "\n")) }

        // The draft's source files and the original, then the edited record files, into the scratch copy.
        var written: [String] = []
        do {
            for file in ["sources/\(sourceId).json", "sources/\(sourceId).txt"] {
                try fm.copyItem(at: folder.appendingPathComponent(file), to: scratch.appendingPathComponent(file))
                written.append(file)
            }
            for original in (try? fm.contentsOfDirectory(atPath: folder.appendingPathComponent("originals").path)) ?? []
                where !fm.fileExists(atPath: scratch.appendingPathComponent("originals/\(original)").path) {
                try fm.copyItem(at: folder.appendingPathComponent("originals/\(original)"), to: scratch.appendingPathComponent("originals/\(original)"))
                written.append("originals/\(original)")
            }
            for (name, value) in files.sorted(by: { $0.key < $1.key }) {
                try Data(DatasetJSON.render(value).utf8).write(to: scratch.appendingPathComponent(name))
                written.append(name)
            }
        } catch {
            throw Failure(description: "cannot write the merge: \(error)")
        }
        // The change log is completed afterwards with `ties changelog` (it needs the editor's reason).
        do { _ = try DatasetLoader.load(directory: scratch, checkingHistory: false) } catch {
            throw Failure(description: "nothing written; the merged dataset would not load:\n" + error.errors.map { "  \($0)" }.joined(separator: "\n"))
        }
        do {
            for file in written {
                let target = dataset.appendingPathComponent(file)
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                try fm.copyItem(at: scratch.appendingPathComponent(file), to: target)
            }
        } catch {
            throw Failure(description: "cannot write into \(dataset.path): \(error)")
        }
        let check = DatasetLoader.validate(directory: dataset)
        return ["accept: \(items.count) accepted item\(items.count == 1 ? "" : "s") merged; wrote \(written.joined(separator: ", "))"]
            + (check.isEmpty ? ["dataset: ok"] : ["dataset: \(check.count) problem\(check.count == 1 ? "" : "s"):"] + check.map { "  \($0)" })
            + (check.contains { $0.file == "changelog.json" } ? ["next: log it with `ties changelog --from PUBLISHED_DIR --to \(dataset.path) --reason \"…\"`"] : [])
    }
}
