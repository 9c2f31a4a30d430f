import FoundationEssentials
import TiesCore
import TiesHTTP

/// An oEmbed 1.0 provider (oembed.com): `GET /oembed?url=…&format=json|xml[&maxwidth=&maxheight=]` answers a
/// `rich` response whose `html` is an iframe of the record's embed card, so a CMS that discovers oEmbed
/// (WordPress, Ghost) turns a pasted Ties URL into the card. The URLs it knows, on this server's own host:
/// an embed card (`/embed/events/{id}`, …), the dashboard's record views (`/?event={id}`, `/?leader={id}`) and
/// the API's records (`/api/v1/events/{id}`, …). Anything else is a 404; a format other than json or xml a 501
/// (both as the spec says).
enum OEmbed {
    static let defaultWidth = 480

    /// The card a URL names, or nil.
    static func card(for url: String, base: String, snapshot: Snapshot) -> EmbedCard? {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let ours = URLComponents(string: base), parsed.host?.lowercased() == ours.host?.lowercased(),
              (parsed.port ?? defaultPort(scheme)) == (ours.port ?? defaultPort(ours.scheme ?? "http")) else { return nil }
        let prefix = ours.path.hasSuffix("/") ? String(ours.path.dropLast()) : ours.path
        var path = parsed.percentEncodedPath
        guard path.hasPrefix(prefix) else { return nil }
        path.removeFirst(prefix.count)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { PercentDecoding.decode($0.utf8, plusAsSpace: false) ?? String($0) }
        // /embed/{kind}/{id} and /api/v1/{kind}/{id}
        if segments.count == 4, segments[0].isEmpty, segments[1] == "embed", let kind = EmbedCard.Kind(rawValue: segments[2]) {
            return EmbedCard(kind, id: segments[3], snapshot: snapshot)
        }
        if segments.count == 5, segments[0].isEmpty, segments[1] == "api", segments[2] == "v1", let kind = EmbedCard.Kind(rawValue: segments[3]) {
            return EmbedCard(kind, id: segments[4], snapshot: snapshot)
        }
        // The dashboard: /?event=… or /?leader=… (an open event wins, as on the page).
        if path.isEmpty || path == "/" {
            let items = parsed.queryItems ?? []
            if let id = items.first(where: { $0.name == "event" })?.value { return EmbedCard(.events, id: id, snapshot: snapshot) }
            if let id = items.first(where: { $0.name == "leader" })?.value { return EmbedCard(.leaders, id: id, snapshot: snapshot) }
        }
        return nil
    }

    static func defaultPort(_ scheme: String) -> Int { scheme == "https" ? 443 : 80 }

    /// The response fields, in the spec's order; `maxwidth`/`maxheight` are bounds the size never exceeds.
    static func fields(_ card: EmbedCard, base: String, maxWidth: Int?, maxHeight: Int?) -> [(String, JSONNode)] {
        let width = min(defaultWidth, maxWidth ?? defaultWidth)
        var height = card.height(width: width)
        if let maxHeight { height = min(height, maxHeight) }
        let src = base + card.path
        let iframe = "<iframe src=\"\(XMLWriter.escape(src, attribute: true))\" width=\"\(width)\" height=\"\(height)\" "
            + "title=\"\(XMLWriter.escape(card.heading, attribute: true)) — Ties\" loading=\"lazy\" style=\"border:0;max-width:100%\" "
            + "referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>"
        var out: [(String, JSONNode)] = [
            ("version", .string("1.0")),
            ("type", .string("rich")),
            ("title", .string(card.heading)),
            ("provider_name", .string("Ties")),
            ("provider_url", .string(base + "/")),
            ("cache_age", .number("3600")),
            ("html", .string(iframe)),
            ("width", .number(String(width))),
            ("height", .number(String(height))),
        ]
        if let credit = card.attribution.citations.first(where: { $0.sourceId == card.attribution.sourceId })?.credit {
            out.insert(("author_name", .string(credit)), at: 3)
        }
        return out
    }

    static func json(_ fields: [(String, JSONNode)]) -> [UInt8] {
        var out: [UInt8] = []
        JSONNode.object(fields).write(to: &out)
        return out
    }

    /// The spec's XML form: `<oembed>` with one element per field.
    static func xml(_ fields: [(String, JSONNode)]) -> [UInt8] {
        var s = "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<oembed>\n"
        for (name, value) in fields {
            let text: String
            switch value {
            case .string(let v): text = v
            case .number(let v): text = v
            default: continue
            }
            s += "  <\(name)>\(XMLWriter.escape(text))</\(name)>\n"
        }
        return Array((s + "</oembed>\n").utf8)
    }
}
