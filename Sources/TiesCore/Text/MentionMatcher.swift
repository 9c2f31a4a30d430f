#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// One-word aliases by the term id of their word. Aliases are registered before any text is scanned, so
    /// their words have the smallest term ids and this array stays short; a text word with a larger id
    /// starts no alias.
    private var byOnlyTerm: [[Int]] = []
    /// Longer aliases by the term ids of their first two words, looked up at a text's second word when its
    /// first starts one (`startsLonger`). Keyed by one word, a common first name or title ("Dato'", "Prime")
    /// sent every occurrence through a byte comparison with every alias it starts: 700 of them per
    /// occurrence with 7,000 leaders, most of the 1,000× load's mention scan.
    private var byFirstTwo: [UInt64: [Int]] = [:]
    private var startsLonger: [Bool] = []

    /// Registers an alias; its first words are interned so the source scan can look it up by term ids.
    /// Returns false when the alias does not start with a letter or digit (it could never match).
    @discardableResult
    mutating func add(_ text: String, entity: Int, terms: inout TermTable) -> Bool {
        let words = Tokenizer.words(text)
        guard let first = words.first, let head = text.unicodeScalars.first, Tokenizer.isWord(head),
              let last = text.unicodeScalars.last else { return false }
        let term = Int(terms.intern(first))
        aliases.append(Alias(entity: entity, bytes: Array(text.utf8), text: text,
                             scalarLength: text.unicodeScalars.count, endsInWord: Tokenizer.isWord(last)))
        if words.count == 1 {
            while byOnlyTerm.count <= term { byOnlyTerm.append([]) }
            byOnlyTerm[term].append(aliases.count - 1)
        } else {
            let second = Int(terms.intern(words[1]))
            while startsLonger.count <= term { startsLonger.append(false) }
            startsLonger[term] = true
            byFirstTwo[Self.pair(term, second), default: []].append(aliases.count - 1)
        }
        return true
    }

    var isEmpty: Bool { aliases.isEmpty }

    private static func pair(_ first: Int, _ second: Int) -> UInt64 { UInt64(first) << 32 | UInt64(UInt32(truncatingIfNeeded: second)) }

    /// A word of the text being scanned, kept as the previous word for the next call.
    typealias Word = (term: Int32, token: Tokenizer.Token)

    /// Candidate matches ending their first word at `word` (one-word aliases) or their second (longer ones,
    /// which start at `previous`); call for every word of a text in order, then `resolve`.
    @inline(__always)
    func candidates(_ word: Word, previous: Word?, in p: UnsafeBufferPointer<UInt8>, into out: inout [Match]) {
        if Int(word.term) < byOnlyTerm.count {
            for index in byOnlyTerm[Int(word.term)] { check(index, at: word.token, in: p, into: &out) }
        }
        if let previous, Int(previous.term) < startsLonger.count, startsLonger[Int(previous.term)],
           let longer = byFirstTwo[Self.pair(Int(previous.term), Int(word.term))] {
            for index in longer { check(index, at: previous.token, in: p, into: &out) }
        }
    }

    /// Whether alias `index` is written at `token`, byte for byte and ending on a word boundary.
    @inline(__always)
    private func check(_ index: Int, at token: Tokenizer.Token, in p: UnsafeBufferPointer<UInt8>, into out: inout [Match]) {
        let alias = aliases[index]
        let end = token.byteStart + alias.bytes.count
        guard end <= p.count else { return }
        let same = alias.bytes.withUnsafeBufferPointer { a in memcmp(a.baseAddress!, p.baseAddress! + token.byteStart, a.count) == 0 }
        guard same else { return }
        if alias.endsInWord && end < p.count {
            let (next, _) = Tokenizer.decode(p, end)
            if Tokenizer.isWord(next) { return }
        }
        out.append(Match(entity: alias.entity, aliasIndex: index, scalarStart: token.scalarStart,
                         scalarEnd: token.scalarStart + alias.scalarLength))
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
