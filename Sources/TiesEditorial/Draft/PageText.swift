import FoundationEssentials

/// A saved page read as the lines of its text, and cleaned by the rules the shipped texts follow
/// (docs/dataset.md, "Cleaning a page"): whole lines of page chrome are removed, nothing is reworded, so the
/// loader's `text-not-from-original` check holds for the result.
struct PageText {
    /// The page's lines as saved (HTML reduced to its text, one block per line).
    let lines: [String]
    /// The kept lines joined by newlines: the draft's `sources/<id>.txt`.
    let text: String
    /// Every removed line, with the rule that removed it (the metadata's `removed`).
    let removed: [String]
    /// Whether the page was HTML (its text is then not byte-for-byte the saved file).
    let wasHTML: Bool

    struct Refusal: Error, CustomStringConvertible { let description: String }

    init(bytes: [UInt8]) throws(Refusal) {
        guard !bytes.isEmpty else { throw Refusal(description: "the page is empty") }
        guard !bytes.contains(0), let decoded = String(validating: bytes, as: UTF8.self) else {
            throw Refusal(description: "the page is not UTF-8 text (a binary file?); save it as HTML or text")
        }
        let lower = decoded.prefix(4096).lowercased()
        wasHTML = lower.contains("<html") || lower.contains("<body") || lower.contains("<p>") || lower.contains("<p ")
        lines = wasHTML ? HTMLText.lines(decoded) : Patterns.lines(decoded).map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        guard lines.contains(where: { !$0.isBlank }) else {
            throw Refusal(description: "the page has no text")
        }
        var kept: [String] = []
        var removed: [String] = []
        var restIsChrome: String?
        for line in lines {
            let trimmed = line.trimmingWhitespace()
            if let rule = restIsChrome {
                if !trimmed.isEmpty { removed.append("\(trimmed) — \(rule)") }
                continue
            }
            if let rule = Chrome.startsTrailer(trimmed) {
                restIsChrome = rule
                removed.append("\(trimmed) — \(rule)")
                continue
            }
            if let rule = Chrome.rule(for: trimmed) {
                removed.append("\(trimmed) — \(rule)")
                continue
            }
            kept.append(line)
        }
        // No leading or trailing blank lines; inner blank lines are kept as the page has them.
        while kept.first?.isBlank == true { kept.removeFirst() }
        while kept.last?.isBlank == true { kept.removeLast() }
        text = kept.joined(separator: "\n") + "\n"
        self.removed = removed
    }
}

/// Which lines are page chrome. Only lines with a marker are removed by rule; a photo caption without one
/// ("Japanese and Malaysian Prime Ministers") cannot be told from a standfirst, so it stays for the editor.
enum Chrome {
    /// Lines after which the rest of the page is sidebars (related stories, rankings).
    static func startsTrailer(_ line: String) -> String? {
        ["Related Tags", "Top Articles", "JN ACCESS RANKING"].contains { line.hasPrefix($0) } ? "a sidebar: this line and everything after it" : nil
    }

    static func rule(for line: String) -> String? {
        if line.contains("(Photo:") || line.contains("/ Photo:") || line.hasPrefix("Photo:") { return "a photo caption or credit" }
        if line.hasPrefix("Back to ") && !line.hasSuffix(".") { return "a navigation link" }
        if line == "Close Search Window" || line == "Close" || line == "Search" { return "a page widget" }
        if Patterns.matches(#"^Visited \d+ times"#, line) { return "a visit counter" }
        if Patterns.matches(#"^Written by \d{1,2}:\d{2} ?(AM|PM)"#, line) {
            return "an empty byline template (no author; its time is not the publication time)"
        }
        return nil
    }
}

/// Text of an HTML page as a browser shows it, one block element per line: tags dropped, scripts and styles
/// left out, entities decoded. Enough for saved news pages; not a general HTML parser.
enum HTMLText {
    static let blocks: Set<String> = ["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article",
                                      "header", "footer", "figcaption", "blockquote", "title", "ul", "ol", "table", "time"]

    static func lines(_ html: String) -> [String] {
        var out = ""
        var i = html.startIndex
        var skipUntil: String?
        while i < html.endIndex {
            let c = html[i]
            if c == "<", let close = html[i...].firstIndex(of: ">") {
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
                if let skip = skipUntil {
                    if tag.hasPrefix("/") && name == skip { skipUntil = nil }
                } else if !tag.hasPrefix("/") && (name == "script" || name == "style" || name == "noscript") {
                    skipUntil = name
                } else if blocks.contains(name) {
                    out += "\n"
                }
                i = html.index(after: close)
                continue
            }
            if skipUntil == nil { out.append(c) }
            i = html.index(after: i)
        }
        return Patterns.lines(decodeEntities(out))
            .map { $0.replacing("\t", with: " ").trimmingWhitespace() }
            .reduce(into: [String]()) { acc, line in
                // Runs of blank lines from nested blocks become one.
                if line.isEmpty && (acc.last?.isEmpty ?? true) { return }
                acc.append(Patterns.replacing(#" {2,}"#, in: line, with: " "))
            }
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        let named = ["&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&apos;": "'", "&#39;": "'", "&nbsp;": " ",
                     "&rsquo;": "’", "&lsquo;": "‘", "&rdquo;": "”", "&ldquo;": "“", "&mdash;": "—", "&ndash;": "–"]
        var out = s
        for (entity, value) in named { out = out.replacing(entity, with: value) }
        // Numeric references, decimal and hex.
        while let r = Patterns.firstRange(#"&#(x[0-9a-fA-F]+|[0-9]+);"#, in: out) {
            let body = out[r].dropFirst(2).dropLast()
            let value = body.hasPrefix("x") ? UInt32(body.dropFirst(), radix: 16) : UInt32(body)
            out.replaceSubrange(r, with: value.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? "")
        }
        return out
    }
}
