import FoundationEssentials

/// Proactive content negotiation (RFC 9110 §12): picks what to send from what the client accepts.
/// Pure functions over header values, so they are tested without a server.
public enum Negotiation {
    /// One element of an `Accept`-style list: `text/csv;q=0.8` → ("text/csv", 0.8).
    struct Preference {
        var value: String
        var quality: Double
    }

    static func preferences(_ header: String) -> [Preference] {
        header.split(separator: ",").compactMap { (element: Substring) -> Preference? in
            let parts = element.split(separator: ";").map { $0.trimmingWhitespace() }
            guard let first = parts.first, !first.isEmpty else { return nil }
            var q = 1.0
            for param in parts.dropFirst() {
                let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
                if kv.count == 2, kv[0].lowercased() == "q" {
                    // An unparsable weight makes the element meaningless; ignore it rather than guess.
                    guard let parsed = Double(kv[1]), (0...1).contains(parsed) else { return nil }
                    q = parsed
                }
            }
            return Preference(value: first.lowercased(), quality: q)
        }
    }

    /// Where in `offered` the media type the client likes best is, or nil when it accepts none of them (→ 406).
    /// No `Accept` header (or an empty one) means anything, so the first offer — JSON — wins.
    /// Among equal weights the more specific range decides, then the server's order. `offered` may be a lazy
    /// view: the API asks with its formats' types on every request, and building the list cost an array each time.
    static func preferred<Types: Collection<String>>(accept: String?, offered: Types) -> Types.Index? {
        guard let accept, !accept.isBlank else { return offered.isEmpty ? nil : offered.startIndex }
        let prefs = preferences(accept)
        var best: (index: Types.Index, quality: Double)? = nil
        for index in offered.indices {
            let lower = offered[index].lowercased()
            let slash = lower.firstIndex(of: "/")
            let major = slash.map { String(lower[..<$0]) } ?? lower
            // The most specific matching range sets the weight (§12.5.1).
            var matched: (specificity: Int, quality: Double)? = nil
            for p in prefs {
                let specificity: Int
                if p.value == lower { specificity = 3 }
                else if p.value == "\(major)/*" { specificity = 2 }
                else if p.value == "*/*" { specificity = 1 }
                else { continue }
                if matched == nil || specificity > matched!.specificity { matched = (specificity, p.quality) }
            }
            guard let m = matched, m.quality > 0 else { continue }
            if best == nil || m.quality > best!.quality { best = (index, m.quality) }
        }
        return best?.index
    }

    /// The coding to apply given `Accept-Encoding`, or nil for identity. gzip is preferred on a tie
    /// because every client that sends `deflate` also decodes gzip, and gzip has a checksum.
    public static func contentCoding(acceptEncoding: String?) -> ContentCoding? {
        guard let header = acceptEncoding else { return nil }
        let prefs = preferences(header)
        func quality(_ coding: String) -> Double {
            if let p = prefs.first(where: { $0.value == coding }) { return p.quality }
            if let p = prefs.first(where: { $0.value == "*" }) { return p.quality }
            return 0
        }
        let gzip = quality("gzip"), deflate = quality("deflate")
        if gzip > 0 && gzip >= deflate { return .gzip }
        if deflate > 0 { return .deflate }
        return nil
    }
}
