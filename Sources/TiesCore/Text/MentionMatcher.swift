/// Finds mentions of leaders, countries and partnership levels from their alias lists.
///
/// Matching is case-sensitive and exact (aliases are written as the sources write them), on word
/// boundaries: an alias must start where a word starts and, if it ends in a letter or digit, must not be
/// followed by one. Where matches overlap, the longest (in scalars) wins, then the earliest. Phrases that
/// are not mentions (a country's `notMentions`) take part like aliases, so "South China Sea" shadows
/// "China"; the caller drops their matches.
struct MentionMatcher {
    struct Alias {
        /// The caller's number for whatever the alias names.
        let entity: Int
        let bytes: [UInt8]
        let text: String
        let scalarLength: Int
        let endsInWord: Bool
    }

    struct Match {
        let entity: Int
        let aliasIndex: Int
        let scalarStart: Int
        let scalarEnd: Int
    }

    private(set) var aliases: [Alias] = []
    /// Alias indexes by the term id of their first word. Aliases are registered before any text is scanned,
    /// so their first words have the smallest term ids and this array stays short; a text word with a
    /// larger id starts no alias.
    private var byFirstTerm: [[Int]] = []

    /// Registers an alias; its first word is interned so the source scan can look it up by term id.
    /// Returns false when the alias does not start with a letter or digit (it could never match).
    @discardableResult
    mutating func add(_ text: String, entity: Int, terms: inout TermTable) -> Bool {
        let words = Tokenizer.words(text)
        guard let first = words.first, let head = text.unicodeScalars.first, Tokenizer.isWord(head),
              let last = text.unicodeScalars.last else { return false }
        let term = terms.intern(first)
        aliases.append(Alias(entity: entity, bytes: Array(text.utf8), text: text,
                             scalarLength: text.unicodeScalars.count, endsInWord: Tokenizer.isWord(last)))
        while byFirstTerm.count <= Int(term) { byFirstTerm.append([]) }
        byFirstTerm[Int(term)].append(aliases.count - 1)
        return true
    }

    var isEmpty: Bool { aliases.isEmpty }

    /// Candidate matches starting at a word; call for every word of a text, then `resolve`.
    @inline(__always)
    func candidates(term: Int32, token: Tokenizer.Token, in p: UnsafeBufferPointer<UInt8>, into out: inout [Match]) {
        guard Int(term) < byFirstTerm.count else { return }
        for index in byFirstTerm[Int(term)] {
            let alias = aliases[index]
            let end = token.byteStart + alias.bytes.count
            guard end <= p.count else { continue }
            var same = true
            alias.bytes.withUnsafeBufferPointer { a in
                var k = 0
                while k < a.count { if a[k] != p[token.byteStart + k] { same = false; return }; k += 1 }
            }
            guard same else { continue }
            if alias.endsInWord && end < p.count {
                let (next, _) = Tokenizer.decode(p, end)
                if Tokenizer.isWord(next) { continue }
            }
            out.append(Match(entity: alias.entity, aliasIndex: index, scalarStart: token.scalarStart,
                             scalarEnd: token.scalarStart + alias.scalarLength))
        }
    }

    /// Keeps non-overlapping matches, longest first; returns them sorted by start.
    func resolve(_ candidates: [Match]) -> [Match] {
        guard !candidates.isEmpty else { return [] }
        let ordered = candidates.sorted {
            let l0 = $0.scalarEnd - $0.scalarStart, l1 = $1.scalarEnd - $1.scalarStart
            return l0 != l1 ? l0 > l1 : $0.scalarStart < $1.scalarStart
        }
        var taken: [Match] = []   // kept sorted by start
        for m in ordered {
            let lo = partitionPoint(0..<taken.count) { taken[$0].scalarStart < m.scalarStart }
            if lo > 0 && taken[lo - 1].scalarEnd > m.scalarStart { continue }
            if lo < taken.count && taken[lo].scalarStart < m.scalarEnd { continue }
            taken.insert(m, at: lo)
        }
        return taken
    }
}
