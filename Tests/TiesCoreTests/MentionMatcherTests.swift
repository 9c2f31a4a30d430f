import Testing
@testable import TiesCore

/// Alias matching on a text, as the loader's source scan drives it: every word in order, then `resolve`.
@Suite struct MentionMatcherTests {
    /// The matches in `text` as (alias text, scalar start), after overlaps are resolved.
    func mentions(_ aliases: [String], in text: String) -> [(String, Int)] {
        var terms = TermTable()
        var matcher = MentionMatcher()
        for (i, a) in aliases.enumerated() { matcher.add(a, entity: i, terms: &terms) }
        var found: [MentionMatcher.Match] = []
        var s = text
        s.withUTF8 { p in
            var previous: MentionMatcher.Word?
            Tokenizer.forEachWord(in: p) { token, w in
                let word = (terms.intern(w), token)
                matcher.candidates(word, previous: previous, in: p, into: &found)
                previous = word
            }
        }
        return matcher.resolve(found).map { (matcher.aliases[$0.aliasIndex].text, $0.scalarStart) }
    }

    @Test func oneWordAndLongerAliasesAreFoundWhereTheyStart() {
        let m = mentions(["Anwar", "Anwar Ibrahim", "Dato' Seri Anwar Ibrahim", "Japan"],
                         in: "Dato' Seri Anwar Ibrahim met Japan's leader; Anwar said Anwar Ibrahim would return.")
        #expect(m.map(\.0) == ["Dato' Seri Anwar Ibrahim", "Japan", "Anwar", "Anwar Ibrahim"])
        #expect(m.map(\.1) == [0, 29, 45, 56])
    }

    /// Many aliases share a first word (7,000 leaders at scale, titles such as "Prime Minister"): each is
    /// still matched only where its own words are written.
    @Test func aliasesSharingAFirstWordAreToldApart() {
        let aliases = (0..<300).map { "Prime Minister Name\($0)" } + ["Prime Minister"]
        let m = mentions(aliases, in: "Prime Minister Name42 spoke. The Prime Minister left. Prime Minister Name299.")
        #expect(m.map(\.0) == ["Prime Minister Name42", "Prime Minister", "Prime Minister Name299"])
    }

    @Test func matchingIsWholeWordAndCaseSensitive() {
        #expect(mentions(["Abe"], in: "Abeno and abe and Abe.").map(\.1) == [18])
        #expect(mentions(["Kenji Kari"], in: "Kenji Karimov, Kenji  Kari, kenji kari").isEmpty)
        // An alias ending in punctuation may be followed by a word character.
        #expect(mentions(["U.S."], in: "the U.S.A. and the U.S. too").map(\.1) == [4, 19])
    }

    @Test func theLongestOverlappingMatchWins() {
        let m = mentions(["China", "South China Sea"], in: "In the South China Sea, China said")
        #expect(m.map(\.0) == ["South China Sea", "China"])
    }
}
