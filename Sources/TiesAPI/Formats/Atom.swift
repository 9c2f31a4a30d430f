import TiesCore

/// Minimal XML 1.0 output: escaped text and attributes, two-space indentation, UTF-8.
struct XMLWriter {
    private(set) var bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n".utf8)
    private var depth = 0

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        indent()
        append("<\(name)\(XMLWriter.attributes(attributes))>\n")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        append("</\(name)>\n")
    }

    /// `<name attrs>text</name>`, or `<name attrs/>` without text.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil) {
        indent()
        if let text {
            append("<\(name)\(XMLWriter.attributes(attributes))>\(XMLWriter.escape(text))</\(name)>\n")
        } else {
            append("<\(name)\(XMLWriter.attributes(attributes))/>\n")
        }
    }

    /// Markup built by the caller from escaped parts (an xhtml `content`), on one line.
    mutating func markup(_ xml: String) {
        indent()
        append(xml + "\n")
    }

    private mutating func indent() { bytes.append(contentsOf: repeatElement(0x20, count: depth * 2)) }
    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    static func attributes(_ list: [(String, String)]) -> String {
        list.map { " \($0.0)=\"\(escape($0.1, attribute: true))\"" }.joined()
    }

    /// `&`, `<`, `>` (and `"` in attributes) as entities; characters XML 1.0 cannot hold at all (C0 controls
    /// but tab, CR, LF; U+FFFE, U+FFFF) are dropped. In attributes, tab, CR and LF are written as character
    /// references so attribute-value normalisation does not turn them into spaces.
    static func escape(_ s: String, attribute: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where attribute: out.append(contentsOf: "&quot;".unicodeScalars)
            case "\t", "\n", "\r":
                if attribute { out.append(contentsOf: "&#\(c.value);".unicodeScalars) } else { out.append(c) }
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF { continue }
                out.append(c)
            }
        }
        return String(out)
    }
}

/// Events as an RFC 4287 Atom feed, in the list's order (newest first unless `sort=date`).
///
/// Ids are URNs that never change (`urn:ties:event:<id>`, `urn:ties:feed:events`), whatever host serves
/// the feed. `updated` and `published` come from the sources (see `DatasetTime`): an entry was published
/// when its first source was, and updated when its latest was; the feed is updated when its newest entry
/// was (the dataset's newest source for an empty feed). Same dataset, same feed, byte for byte.
enum AtomFeed {
    static let namespace = "http://www.w3.org/2005/Atom"
    static let xhtml = "http://www.w3.org/1999/xhtml"

    static func feed(_ events: [Event], _ x: Export, title: String, next: String?) -> [UInt8] {
        let snapshot = x.snapshot
        let times = events.map { DatasetTime.reported($0.sourceIds, in: snapshot) }
        let updated = times.compactMap { $0?.last }.max() ?? DatasetTime.newest(snapshot)

        var w = XMLWriter()
        head(&w, x, title: title, subtitle: snapshot.info.description, updated: DatasetTime.rfc3339(updated))
        w.element("link", [("rel", "alternate"), ("type", "text/html"), ("href", Links.dashboard(filters: x.call.query, x))])
        let jsonPath = x.call.path.hasSuffix(".atom") ? String(x.call.path.dropLast(5)) : x.call.path
        w.element("link", [("rel", "alternate"), ("type", Format.json.type),
                           ("href", x.url(Call.link(path: jsonPath, query: x.call.query)))])
        if let next { w.element("link", [("rel", "next"), ("type", Format.atom.type), ("href", x.url(next))]) }
        for (e, time) in zip(events, times) {
            entry(e, x, published: time?.first ?? updated, updated: time?.last ?? updated, to: &w)
        }
        w.close("feed")
        return w.bytes
    }

    /// Opens a Ties feed and writes what every one has: id, title, subtitle, updated, author, generator,
    /// rights and the `self` link.
    static func head(_ w: inout XMLWriter, _ x: Export, title: String, subtitle: String, updated: String) {
        w.open("feed", [("xmlns", namespace), ("xml:lang", "en")])
        w.element("id", text: feedID(x))
        w.element("title", text: title)
        w.element("subtitle", text: subtitle)
        w.element("updated", text: updated)
        w.open("author")
        w.element("name", text: "Ties")
        w.element("uri", text: x.url("/"))
        w.close("author")
        w.element("generator", [("uri", x.url(Paths.base)), ("version", ETag.apiRevision)], text: "Ties")
        w.element("rights", text: x.snapshot.info.licence)
        w.element("link", [("rel", "self"), ("type", Format.atom.type), ("href", x.selfURL)])
    }

    /// `urn:ties:feed:<path below /api/v1>[:<filters, sorted>]`: one id per distinct feed, stable across
    /// hosts and pages (`limit`, `cursor` and `format` do not change which feed it is).
    static func feedID(_ x: Export) -> String {
        var stem = x.call.path.hasPrefix(Paths.base + "/") ? String(x.call.path.dropFirst(Paths.base.count + 1)) : x.call.path
        if stem.hasSuffix(".atom") { stem.removeLast(5) }
        let filters = x.call.query.filter { !["limit", "cursor", "format"].contains($0.name) }
            .sorted { ($0.name, $0.value) < ($1.name, $1.value) }
            .map { Paths.queryEscaped($0.name) + "=" + Paths.queryEscaped($0.value).replacing("?", with: "%3F") }
        return "urn:ties:feed:" + stem + (filters.isEmpty ? "" : ":" + filters.joined(separator: "&"))
    }

    static func entry(_ e: Event, _ x: Export, published: Int, updated: Int, to w: inout XMLWriter) {
        let snapshot = x.snapshot
        w.open("entry")
        w.element("id", text: "urn:ties:event:" + Paths.segment(e.id))
        w.element("title", text: e.title + ICalendarEvents.summaryNote(e))
        w.element("published", text: DatasetTime.rfc3339(published))
        w.element("updated", text: DatasetTime.rfc3339(updated))
        w.element("link", [("rel", "alternate"), ("type", "text/html"), ("href", Links.event(e.id, x))])
        w.element("link", [("rel", "alternate"), ("type", Format.json.type), ("href", x.url(Paths.event(e.id)))])
        for id in e.sourceIds {
            w.element("link", [("rel", "via"), ("type", Format.json.type), ("href", x.url(Paths.source(id))),
                               ("title", snapshot.source(id: id)?.title ?? id)])
        }
        w.element("category", [("term", e.type), ("scheme", "urn:ties:event-type"), ("label", e.type.replacing("-", with: " "))])
        for t in e.topics {
            w.element("category", [("term", t), ("scheme", "urn:ties:topic"), ("label", snapshot.topic(id: t)?.name ?? t)])
        }
        w.element("summary", text: "\(capitalised(DatasetTime.phrase(e.date, end: e.endDate))): \(e.summary)")
        w.open("content", [("type", "xhtml")])
        w.markup(content(e, x))
        w.close("content")
        w.close("entry")
    }

    /// The entry body: summary, when (with the date's note), participants, outcomes, and each citation as
    /// a blockquote citing its source, linked to the passage in the dashboard's reader.
    static func content(_ e: Event, _ x: Export) -> String {
        func esc(_ s: String) -> String { XMLWriter.escape(s) }
        func attr(_ s: String) -> String { XMLWriter.escape(s, attribute: true) }
        var h = "<div xmlns=\"\(xhtml)\">"
        h += "<p>\(esc(e.summary))</p>"
        var when = "When: \(DatasetTime.phrase(e.date, end: e.endDate)); \(e.date.precision.rawValue) precision."
        if let note = e.date.note { when += " " + note }
        h += "<p>\(esc(when))</p>"
        if e.status == .scheduled { h += "<p>Status: scheduled (reported as planned, not as having happened).</p>" }
        if !e.participants.isEmpty {
            h += "<p>Participants: " + e.participants.map { esc(CSVTables.participant($0)) }.joined(separator: "; ") + "</p>"
        }
        if !e.outcomes.isEmpty {
            h += "<ul>" + e.outcomes.map { "<li>\(esc(CSVTables.outcome($0)))</li>" }.joined() + "</ul>"
        }
        for c in e.citations {
            h += "<blockquote cite=\"\(attr(x.url(Paths.source(c.sourceId) + "/text")))\"><p>\(esc(c.quote))</p></blockquote>"
            h += "<p>— <a href=\"\(attr(Links.quote(c, x)))\">\(esc(ICalendarEvents.sourceLine(c.sourceId, x.snapshot)))</a></p>"
        }
        h += "<p><a href=\"\(attr(x.url(Paths.event(e.id))))\">API record</a></p>"
        return h + "</div>"
    }

    static func capitalised(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }
}
