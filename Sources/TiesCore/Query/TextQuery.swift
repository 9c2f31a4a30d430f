import FoundationEssentials
import Glibc

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

/// A full-text index over one kind of document (events, or sources) with its own term table, so the two
/// can be built on different threads.
struct TextIndex: Sendable {
    let terms: TermTable
    let postings: FullTextIndex

    /// Indexes documents `0..<count`, each the words of its fields.
    static func build(count: Int, fields: (Int) -> [(name: String, text: String)]) -> TextIndex {
        var terms = TermTable(capacity: 1 << 14)
        var builder = FullTextIndex.Builder()
        for d in 0..<count {
            let doc = Int32(d)
            builder.noteDocument(doc)
            for field in fields(d) {
                var text = field.text
                text.withUTF8 { p in Tokenizer.forEachWord(in: p) { _, w in builder.add(term: terms.intern(w), doc: doc) } }
            }
        }
        return TextIndex(terms: terms, postings: builder.finish(termCount: terms.count))
    }

    /// Term ids of the query's words, or nil when a word occurs nowhere (so nothing can match).
    func termIds(_ q: TextQuery) -> [Int32]? {
        var ids: [Int32] = []
        for w in q.words {
            guard let id = terms.lookup(Array(w.utf8)) else { return nil }
            ids.append(id)
        }
        return ids
    }

    /// Documents containing every word (phrases checked against their fields), ascending.
    func documents(_ q: TextQuery, fields: (Int) -> [(name: String, text: String)]) -> [Int32] {
        guard let ids = termIds(q), let docs = intersect(ids.map { postings.postings($0).docs }) else { return [] }
        guard !q.phrases.isEmpty else { return docs }
        let phrases = q.phrases.map { $0.compactMap { terms.lookup(Array($0.utf8)) } }
        return docs.filter { d in
            let fs = fields(Int(d))
            return phrases.allSatisfy { phrase in fs.contains { !phraseSpans(phrase, in: $0.text).isEmpty } }
        }
    }

    /// `documents` with a tf-idf score for each.
    func scoredDocuments(_ q: TextQuery, fields: (Int) -> [(name: String, text: String)]) -> [(doc: Int32, score: Double)] {
        guard let ids = termIds(q) else { return [] }
        let docs = documents(q, fields: fields)
        let n = Double(max(postings.documentCount, 1))
        let ranges = ids.map { postings.range($0) }
        let idf = ids.map { log(1 + n / Double(max(postings.documentFrequency($0), 1))) }
        // Walk each term's postings in step with the ascending document list, on raw buffers: this loop
        // runs once per matching document and term.
        var cursors = ranges.map(\.lowerBound)
        var out: [(doc: Int32, score: Double)] = []
        out.reserveCapacity(docs.count)
        postings.docs.withUnsafeBufferPointer { D in
            postings.counts.withUnsafeBufferPointer { C in
                for d in docs {
                    var score = 0.0
                    for k in 0..<ranges.count {
                        var j = cursors[k]
                        let end = ranges[k].upperBound
                        while j < end && D[j] < d { j += 1 }
                        cursors[k] = j
                        if j < end && D[j] == d { score += Double(C[j]) * idf[k] }
                    }
                    out.append((d, score))
                }
            }
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
