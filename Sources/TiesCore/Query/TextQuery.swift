import Foundation

/// A parsed `q`: words that must all occur, and "quoted phrases" whose words must occur in sequence.
/// Case-insensitive, whole words, no stemming (see docs/dataset.md, "Search").
public struct TextQuery: Sendable, Hashable {
    /// Lowercased words, each once.
    public let words: [String]
    /// Phrases of two or more lowercased words.
    public let phrases: [[String]]

    public static let maximumWords = 32

    public static func parse(_ text: String, parameter: String = "q") throws(ParameterError) -> TextQuery {
        var words: [String] = []
        var phrases: [[String]] = []
        var seen = Set<String>()
        // Split on double quotes: odd-numbered parts are phrases.
        for (i, part) in text.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            let ws = Tokenizer.words(String(part)).map { String(decoding: $0, as: UTF8.self) }
            if i % 2 == 1 && ws.count > 1 { phrases.append(ws) }
            for w in ws where seen.insert(w).inserted { words.append(w) }
        }
        guard !words.isEmpty else {
            throw ParameterError(parameter: parameter, value: text, message: "has no words to search for")
        }
        guard words.count <= maximumWords else {
            throw ParameterError(parameter: parameter, value: text, message: "has more than \(maximumWords) words")
        }
        return TextQuery(words: words, phrases: phrases)
    }
}

/// A text match inside one field: scalar offsets into the field's text.
public struct TextSpan: Sendable, Hashable, Encodable {
    public let start: Int
    public let end: Int

    enum CodingKeys: String, CodingKey { case start, end }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
    }
}

extension Snapshot {
    /// Term ids of the query's words, or nil when a word occurs nowhere (so nothing can match).
    func termIds(_ q: TextQuery) -> [Int32]? {
        var ids: [Int32] = []
        for w in q.words {
            guard let id = terms.lookup(Array(w.utf8)) else { return nil }
            ids.append(id)
        }
        return ids
    }

    /// Documents of `index` containing every word, ascending, with a tf-idf score; phrases are checked
    /// against the documents' fields.
    func matchingDocuments(_ q: TextQuery, index: FullTextIndex, fields: (Int) -> [(name: String, text: String)]) -> [(doc: Int32, score: Double)] {
        guard let ids = termIds(q) else { return [] }
        let lists = ids.map { Array(index.postings($0).docs) }
        guard let docs = intersect(lists) else { return [] }
        let n = Double(max(index.documentCount, 1))
        let idf = ids.map { log(1 + n / Double(max(index.documentFrequency($0), 1))) }
        var out: [(Int32, Double)] = []
        out.reserveCapacity(docs.count)
        let phraseIds: [[Int32]] = q.phrases.map { p in p.compactMap { terms.lookup(Array($0.utf8)) } }
        // Postings per term, walked in step with the ascending candidate list.
        var cursors = [Int](repeating: 0, count: ids.count)
        let postings = ids.map { index.postings($0) }
        for d in docs {
            var score = 0.0
            for (k, p) in postings.enumerated() {
                var j = p.docs.startIndex + cursors[k]
                while j < p.docs.endIndex && p.docs[j] < d { j += 1 }
                cursors[k] = j - p.docs.startIndex
                if j < p.docs.endIndex && p.docs[j] == d { score += Double(p.counts[j]) * idf[k] }
            }
            if !phraseIds.isEmpty {
                let fs = fields(Int(d))
                guard phraseIds.allSatisfy({ phrase in fs.contains { !phraseSpans(phrase, in: $0.text).isEmpty } }) else { continue }
            }
            out.append((d, score))
        }
        return out
    }

    /// Spans of a phrase (consecutive term ids) in a text.
    func phraseSpans(_ phrase: [Int32], in text: String) -> [TextSpan] {
        guard !phrase.isEmpty else { return [] }
        var seq: [(Int32, Int, Int)] = []
        var t = text
        t.withUTF8 { p in
            Tokenizer.forEachWord(in: p) { tok, w in seq.append((terms.lookup(w) ?? -1, tok.scalarStart, tok.scalarEnd)) }
        }
        var out: [TextSpan] = []
        var i = 0
        while i + phrase.count <= seq.count {
            var ok = true
            for k in 0..<phrase.count where seq[i + k].0 != phrase[k] { ok = false; break }
            if ok { out.append(TextSpan(start: seq[i].1, end: seq[i + phrase.count - 1].2)) }
            i += 1
        }
        return out
    }

    /// Spans in a text that match any query word, plus whole phrase spans, sorted and merged.
    func matchSpans(_ q: TextQuery, in text: String) -> [TextSpan] {
        let wanted = Set(q.words.compactMap { terms.lookup(Array($0.utf8)) })
        var spans: [TextSpan] = []
        var t = text
        t.withUTF8 { p in
            Tokenizer.forEachWord(in: p) { tok, w in
                if let id = terms.lookup(w), wanted.contains(id) { spans.append(TextSpan(start: tok.scalarStart, end: tok.scalarEnd)) }
            }
        }
        for phrase in q.phrases {
            spans.append(contentsOf: phraseSpans(phrase.compactMap { terms.lookup(Array($0.utf8)) }, in: text))
        }
        spans.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var merged: [TextSpan] = []
        for s in spans {
            if let last = merged.last, s.start < last.end {
                if s.end > last.end { merged[merged.count - 1] = TextSpan(start: last.start, end: s.end) }
            } else {
                merged.append(s)
            }
        }
        return merged
    }
}
