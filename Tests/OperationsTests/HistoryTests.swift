import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TiesAPI
import TiesCore
import TiesEditorial

/// The change log end to end: an editor edits a copy of the dataset (a summary changed, an event renamed, one
/// removed), runs `ties changelog`, and the server serves the log, the corrections feed, and 301/410 for the
/// retired ids; reusing a retired id is refused.
@Suite struct HistoryTests {
    static let renamedFrom = "2023-12-china-japan-coast-guard-confrontation"
    static let renamedTo = "2023-12-china-japan-coast-guard-accusations"
    static let removed = "2016-permanent-court-of-arbitration-south-china-sea-ruling"

    /// Edits NEW's events.json as an editor would, and lists the two retirements in retired.json.
    static func edit(_ data: DatasetCopy) throws -> [String: Any] {
        let url = data.directory.appendingPathComponent("events.json")
        var events = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        let removedEvent = try #require(events.first { $0["id"] as? String == removed })
        events.removeAll { $0["id"] as? String == removed }
        for i in events.indices {
            if events[i]["id"] as? String == DatasetCopy.markedEvent { events[i]["summary"] = "[edited] " + (events[i]["summary"] as? String ?? "") }
            if events[i]["id"] as? String == renamedFrom { events[i]["id"] = renamedTo }
        }
        try JSONSerialization.data(withJSONObject: events, options: [.prettyPrinted]).write(to: url)
        try data.write("retired.json", """
        [
          {"kind": "event", "id": "\(renamedFrom)", "replacedBy": "\(renamedTo)", "reason": "Renamed: the sources date the accusations, not the confrontation."},
          {"kind": "event", "id": "\(removed)", "reason": "Removed for the test: no replacement."}
        ]
        """)
        return removedEvent
    }

    @Test func anEditIsLoggedServedAndItsRetiredIdsAnswer301And410() throws {
        let old = try DatasetCopy(keepHistory: true)
        let new = try DatasetCopy(keepHistory: true)
        let removedEvent = try Self.edit(new)
        var printed: [String] = []
        let status = ChangelogCommand.run(["--from", old.path, "--to", new.path, "--reason", "Test edit: one summary, one rename, one removal.",
                                           "--at", "2026-12-04T09:00:00Z"], print: { printed.append($0) })
        #expect(status == 0, "\(printed)")
        #expect(printed.first?.contains("1 added, 1 changed, 2 retired") == true, "\(printed)")

        let before = try DatasetLoader.load(directory: old.directory).history.entries
        let live = try LiveAPI(dataDirectory: new.path)
        let http = live.client()
        let version = live.state.served.version
        let log = try json(http.request("/api/v1/changes"))
        let entries = try #require(log["data"] as? [[String: Any]])
        #expect(entries.count == before.count + 1)
        #expect(entries.first?["version"] as? String == version)
        let changes = try #require(entries.first?["changes"] as? [[String: Any]])
        func change(_ id: String) -> [String: Any]? { changes.first { $0["id"] as? String == id } }
        #expect(change(DatasetCopy.markedEvent)?["change"] as? String == "changed")
        #expect(change(DatasetCopy.markedEvent)?["fields"] as? [String] == ["summary"])
        #expect(change(Self.renamedTo)?["change"] as? String == "added")
        #expect(change(Self.renamedFrom)?["replacedBy"] as? String == Self.renamedTo)
        #expect(change(Self.removed)?["change"] as? String == "retired")
        #expect(changes.count == 4)
        let oldVersion = try #require(before.last?.version)
        #expect(entries[1]["version"] as? String == oldVersion)
        let since = try json(http.request("/api/v1/changes?since=\(oldVersion)"))
        #expect((since["data"] as? [[String: Any]])?.count == 1)

        // A record's links.history is its own history.
        let record = try json(http.request("/api/v1/events/\(DatasetCopy.markedEvent)"))
        let history = try #require(((record["data"] as? [String: Any])?["links"] as? [String: Any])?["history"] as? String)
        let own = try #require(try json(http.request(history))["data"] as? [[String: Any]])
        let logged = before.reversed().filter { $0.changes.contains { $0.id == DatasetCopy.markedEvent } }.map(\.version)
        #expect(own.map { $0["version"] as? String } == [version] + logged)
        #expect(own.allSatisfy { ($0["changes"] as? [[String: Any]])?.count == 1 })

        // The corrections feed, read by an XML parser.
        let feed = try http.request("/api/v1/changes.atom")
        #expect(feed.header("Content-Type")?.hasPrefix("application/atom+xml") == true)
        let atom = AtomReader(feed.body)
        #expect(atom.parsed)
        #expect(atom.entryIds == ([version] + before.reversed().map(\.version)).map { "urn:ties:version:" + $0 })
        #expect(atom.titles.first == "Version \(version): 1 added, 1 changed, 2 retired")
        #expect(atom.summaries.first == "Test edit: one summary, one rename, one removal.")

        // Retired ids: 301 to the replacement (same sub-path and query), 410 with the reason.
        let moved = try http.request("/api/v1/events/\(Self.renamedFrom)/citation?style=apa")
        #expect(moved.status == 301)
        #expect(moved.header("Location") == "/api/v1/events/\(Self.renamedTo)/citation?style=apa")
        #expect(try http.request(try #require(moved.header("Location"))).status == 200)
        let gone = try http.request("/api/v1/events/\(Self.removed)")
        #expect(gone.status == 410)
        let problem = try json(gone)
        #expect(problem["type"] as? String == "/problems/retired")
        #expect(problem["reason"] as? String == "Removed for the test: no replacement.")
        #expect(problem["retiredIn"] as? String == version)

        // Reusing a retired id is refused, naming file, record and field.
        let url = new.directory.appendingPathComponent("events.json")
        var events = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        events.append(removedEvent)
        try JSONSerialization.data(withJSONObject: events).write(to: url)
        let errors = DatasetLoader.validate(directory: new.directory)
        let reuse = try #require(errors.first { $0.record == Self.removed })
        #expect(reuse.file == "events.json" && reuse.field == "id")
        #expect(reuse.message.contains("retired in version \(version)"))
        // And a running server refuses to reload it, serving the logged version still.
        #expect(!live.api.reload().succeeded)
        #expect(live.state.served.version == version)
    }

    func json(_ r: WireResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
    }
}

/// The entries of an Atom feed: ids, titles and summaries, in order.
final class AtomReader: NSObject, XMLParserDelegate {
    private(set) var entryIds: [String] = []
    private(set) var titles: [String] = []
    private(set) var summaries: [String] = []
    private(set) var parsed = false
    private var inEntry = false
    private var text = ""

    init(_ bytes: [UInt8]) {
        super.init()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = self
        parser.shouldProcessNamespaces = true
        parsed = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "entry" && namespaceURI == "http://www.w3.org/2005/Atom" { inEntry = true }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard inEntry else { return }
        switch name {
        case "id": entryIds.append(text)
        case "title": titles.append(text)
        case "summary": summaries.append(text)
        case "entry": inEntry = false
        default: break
        }
    }
}
