import Testing
@testable import TiesCore

/// The folding behind name and publisher filters, and the whitespace helpers that replaced Foundation's.
@Suite struct TextFoldingTests {
    @Test func latinLettersWithMarksFoldToTheirBaseLetter() {
        #expect(Folding.folded("Ōsaka Café") == "osaka cafe")
        #expect(Folding.folded("Dato' Seri ANWAR") == "dato' seri anwar")
        #expect(Folding.folded("Nguyễn Xuân Phúc") == "nguyen xuan phuc")
        #expect(Folding.folded("Cafe\u{301}") == "cafe")           // a combining mark is dropped
        #expect(Folding.folded("東京") == "東京")                      // what has no base letter stays
    }

    @Test func foldedNeedlesFindFoldedHaystacks() {
        #expect(ByteSearch.contains(Folding.fold("Prime Minister of Japan, Tōkyō"), Folding.fold("TOKYO")))
        #expect(!ByteSearch.contains(Folding.fold("Kuala Lumpur"), Folding.fold("Lumpura")))
        #expect(ByteSearch.contains(Folding.fold("anything"), []))
    }

    @Test func trimmingAndBlankLinesSeeEveryKindOfWhitespace() {
        #expect("  \t a b \r\n".trimmingWhitespace() == "a b")
        #expect("\u{A0}x\u{2003}".trimmingWhitespace() == "x")
        #expect(" \t\u{A0}".isBlank && "".isBlank && !" x ".isBlank)
        #expect("   ".trimmingWhitespace() == "")
    }
}
