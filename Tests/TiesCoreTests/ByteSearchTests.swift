import Testing
@testable import TiesCore

@Suite struct ByteSearchTests {
    @Test func findsEveryOccurrenceUpToTheLimit() {
        let hay = Array("aaa banana bandana".utf8), needle = Array("ana".utf8)
        let all = hay.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { ByteSearch.occurrences(of: $0, in: h) } }
        #expect(all == [5, 7, 15])
        let two = hay.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { ByteSearch.occurrences(of: $0, in: h, limit: 2) } }
        #expect(two == [5, 7])
    }

    @Test func edges() {
        #expect(ByteSearch.contains("abc", "abc"))
        #expect(ByteSearch.contains("abc", "c"))
        #expect(!ByteSearch.contains("ab", "abc"))
        #expect(ByteSearch.contains("abc", ""))
        #expect(!ByteSearch.contains("", "a"))
        #expect(ByteSearch.contains("¥1 billion (about $6.6 million)", "$6.6 million"))
    }

    /// Verbatim means byte for byte: a precomposed "é" is not the same text as "e" and a combining accent,
    /// though `String.contains` calls them equal.
    @Test func comparesBytesNotCharacters() {
        let composed = "Ren\u{E9}", decomposed = "Rene\u{301}"
        #expect(composed == decomposed)
        #expect(!ByteSearch.contains("Meeting " + decomposed, composed))
        #expect(ByteSearch.contains("Meeting " + composed, composed))
    }
}
