import TiesCore

/// The change log as an RFC 4287 Atom feed: one entry per published dataset version, newest first, with the
/// editor's reason and every record it added, changed (naming the fields) or retired. Ids are URNs
/// (`urn:ties:version:<version>`), so a feed reader shows each correction once, whatever host serves it.
enum ChangesFeed {
    static func feed(_ entries: [ChangelogEntry], _ x: Export, next: String?) -> [UInt8] {
        let snapshot = x.snapshot
        var w = XMLWriter()
        let updated = entries.map(\.publishedAt).max() ?? snapshot.history.entries.last?.publishedAt ?? DatasetTime.rfc3339(DatasetTime.newest(snapshot))
        AtomFeed.head(&w, x, title: Exports.title(x, "corrections and changes to the dataset"),
                      subtitle: "Every published version of the Ties dataset: what changed, record by record, and why.", updated: updated)
        w.element("link", [("rel", "alternate"), ("type", Format.json.type),
                           ("href", x.url(Call.link(path: Paths.base + "/changes", query: x.call.canonicalQuery)))])
        if let next { w.element("link", [("rel", "next"), ("type", Format.atom.type), ("href", x.url(next))]) }
        for e in entries { entry(e, x, to: &w) }
        w.close("feed")
        return w.bytes
    }

    static func entry(_ e: ChangelogEntry, _ x: Export, to w: inout XMLWriter) {
        let counts = HistoryEndpoints.ChangeCounts(e.changes)
        w.open("entry")
        w.element("id", text: "urn:ties:version:" + e.version)
        w.element("title", text: "Version \(e.version): \(counts.added) added, \(counts.changed) changed, \(counts.retired) retired")
        w.element("published", text: e.publishedAt)
        w.element("updated", text: e.publishedAt)
        w.element("summary", text: e.reason)
        w.open("content", [("type", "xhtml")])
        w.markup(content(e, x))
        w.close("content")
        w.close("entry")
    }

    static func content(_ e: ChangelogEntry, _ x: Export) -> String {
        func esc(_ s: String) -> String { XMLWriter.escape(s) }
        func attr(_ s: String) -> String { XMLWriter.escape(s, attribute: true) }
        var h = "<div xmlns=\"\(AtomFeed.xhtml)\"><p>\(esc(e.reason))</p>"
        if !e.changes.isEmpty {
            h += "<ul>"
            for c in e.changes {
                var what = "\(c.kind.rawValue) <a href=\"\(attr(x.url(HistoryEndpoints.path(c.kind, c.id))))\">\(esc(c.id))</a>: \(c.change.rawValue)"
                if !c.fields.isEmpty { what += " (" + esc(c.fields.joined(separator: ", ")) + ")" }
                if let r = c.replacedBy { what += ", replaced by <a href=\"\(attr(x.url(HistoryEndpoints.path(c.kind, r))))\">\(esc(r))</a>" }
                h += "<li>\(what)</li>"
            }
            h += "</ul>"
        }
        return h + "</div>"
    }
}
