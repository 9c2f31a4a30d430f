import FoundationEssentials
import TiesCore

/// `ties changelog`: compares two dataset directories and appends the entry that describes the new version to
/// its changelog.json, so no editor computes a diff by hand (docs/dataset.md, "History").
public enum ChangelogCommand {
    public static let usage = """
    usage: ties changelog [--from OLD_DIR] --to NEW_DIR --reason TEXT [--at TIME]

      --from OLD_DIR  the dataset as last published (omit only for the first entry: every record is "added")
      --to NEW_DIR    the edited dataset; its changelog.json gets the new entry, and retired.json's new
                      records (listed by the editor with kind, id, reason and replacedBy if any) get the version
      --reason TEXT   why, in an editor's words; it is published in /api/v1/changes and the corrections feed
      --at TIME       publication time, RFC 3339 UTC (default: now)

    Both datasets must pass `ties --check` (NEW_DIR apart from its changelog, which this command completes).
    Writes nothing when a check fails; exits 0 when the entry is written and NEW_DIR passes the full check.
    """

    struct Failure: Error { let lines: [String] }

    public static func run(_ arguments: [String], now: Date = Date(), print out: (String) -> Void = { print($0) }) -> Int32 {
        do {
            for line in try append(arguments, now: now) { out(line) }
            return 0
        } catch {
            for line in error.lines { out(line) }
            return 1
        }
    }

    static func append(_ arguments: [String], now: Date) throws(Failure) -> [String] {
        if arguments.contains("--help") || arguments.contains("-h") { return [usage] }
        var flags: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            let name = arguments[i]
            guard ["--from", "--to", "--reason", "--at"].contains(name), i + 1 < arguments.count else {
                throw Failure(lines: ["ties changelog: unexpected '\(name)'", usage])
            }
            flags[name] = arguments[i + 1]
            i += 2
        }
        guard let to = flags["--to"] else { throw Failure(lines: ["ties changelog: --to NEW_DIR is required", usage]) }
        guard let reason = flags["--reason"]?.trimmingWhitespace(), !reason.isEmpty else {
            throw Failure(lines: ["ties changelog: --reason is required: say why, for the readers of the change log"])
        }
        let at = flags["--at"] ?? Self.timestamp(now)
        guard HistoryCheck.isTimestamp(at) else { throw Failure(lines: ["ties changelog: --at '\(at)' is not an RFC 3339 UTC time like 2026-12-03T18:00:00Z"]) }

        let newURL = URL(fileURLWithPath: to)
        let old: Snapshot? = try flags["--from"].map { dir throws(Failure) in try load(URL(fileURLWithPath: dir), what: "--from", history: true) }
        let new = try load(newURL, what: "--to", history: false)
        let changelogURL = newURL.appendingPathComponent("changelog.json")
        let retiredURL = newURL.appendingPathComponent("retired.json")
        var entries: [ChangelogEntry]
        var retiredList: [(kind: RecordKind, id: String, replacedBy: String?, reason: String, version: String?)]
        do {
            entries = try HistoryFiles.readChangelog(changelogURL)
            retiredList = try HistoryFiles.readRetired(retiredURL)
        } catch {
            throw Failure(lines: ["ties changelog: \(error)"])
        }
        if entries.last?.version == new.version {
            throw Failure(lines: ["ties changelog: version \(new.version) is already the newest entry of \(changelogURL.path)"])
        }
        if let old {
            if let last = entries.last, last.version != old.version {
                throw Failure(lines: ["ties changelog: \(changelogURL.path) ends at version \(last.version), but --from is version \(old.version); log versions in order"])
            }
            if old.version == new.version { throw Failure(lines: ["ties changelog: the two datasets are the same version \(new.version): nothing to log"]) }
        } else if !entries.isEmpty {
            throw Failure(lines: ["ties changelog: \(changelogURL.path) already has entries; give --from with the dataset as last published"])
        }
        if let last = entries.last, last.publishedAt >= at {
            throw Failure(lines: ["ties changelog: --at \(at) is not after the newest entry's \(last.publishedAt)"])
        }

        var changes: [RecordChange]
        do { changes = try RecordDiff.changes(from: old, to: new) } catch { throw Failure(lines: ["ties changelog: could not compare the records: \(error)"]) }
        // A record that is gone must be retired by the editor, with a reason; its entry gets this version.
        var problems: [String] = []
        for (n, c) in changes.enumerated() where c.change == .retired {
            guard let k = retiredList.firstIndex(where: { $0.kind == c.kind && $0.id == c.id }) else {
                problems.append("\(c.kind.rawValue) '\(c.id)' is in --from but not in --to: list it in \(retiredURL.path) as {\"kind\": \"\(c.kind.rawValue)\", \"id\": \"\(c.id)\", \"reason\": \"…\"} (and \"replacedBy\" if a record takes its place)")
                continue
            }
            if retiredList[k].version == nil { retiredList[k].version = new.version }
            changes[n] = RecordChange(kind: c.kind, id: c.id, change: .retired, replacedBy: retiredList[k].replacedBy)
        }
        for r in retiredList where r.version == nil {
            problems.append("\(retiredURL.path) lists \(r.kind.rawValue) '\(r.id)' as newly retired, but --from has no such record")
        }
        guard problems.isEmpty else { throw Failure(lines: ["ties changelog: nothing written:"] + problems.map { "  " + $0 }) }

        entries.append(ChangelogEntry(version: new.version, publishedAt: at, reason: reason, changes: changes))
        let retired = retiredList.map { RetiredRecord(kind: $0.kind, id: $0.id, replacedBy: $0.replacedBy, reason: $0.reason, version: $0.version!) }
        let previous = (FileManager.default.contents(atPath: changelogURL.path), FileManager.default.contents(atPath: retiredURL.path))
        do {
            try Data(HistoryFiles.changelogText(entries).utf8).write(to: changelogURL, options: .atomic)
            if previous.1 != nil || !retired.isEmpty { try Data(HistoryFiles.retiredText(retired).utf8).write(to: retiredURL, options: .atomic) }
        } catch {
            throw Failure(lines: ["ties changelog: could not write \(changelogURL.path): \(error)"])
        }
        let errors = DatasetLoader.validate(directory: newURL)
        guard errors.isEmpty else {
            // Put the files back: the dataset is left as the editor had it.
            restore(changelogURL, previous.0)
            restore(retiredURL, previous.1)
            throw Failure(lines: ["ties changelog: the entry would leave \(to) invalid; nothing written:"] + errors.map { "  \($0)" })
        }
        let count = { (c: RecordChange.Change) in changes.filter { $0.change == c }.count }
        return [
            "changelog: \(old.map { "\($0.version) -> " } ?? "")\(new.version): \(count(.added)) added, \(count(.changed)) changed, \(count(.retired)) retired",
            "changelog: appended to \(changelogURL.path) (\(entries.count) entr\(entries.count == 1 ? "y" : "ies"))",
            "dataset: ok (\(newURL.path)): version \(new.version), history checked",
        ]
    }

    static func load(_ url: URL, what: String, history: Bool) throws(Failure) -> Snapshot {
        do {
            return try DatasetLoader.load(directory: url, checkingHistory: history)
        } catch {
            throw Failure(lines: ["ties changelog: \(what) \(url.path) does not load (fix it first; `ties --check --data DIR` lists the same):"] + error.errors.map { "  \($0)" })
        }
    }

    static func restore(_ url: URL, _ bytes: Data?) {
        if let bytes { try? bytes.write(to: url, options: .atomic) } else { try? FileManager.default.removeItem(at: url) }
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }
}
