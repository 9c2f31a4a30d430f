import Testing
@testable import TiesCore

/// The tokenizer against a plain definition: a word is a maximal run of scalars for which `isWord` holds,
/// lowercased scalar by scalar, with its byte and scalar offsets.
@Suite struct TokenizerTests {
    struct Word: Equatable, CustomStringConvertible {
        let bytes: Range<Int>, scalars: Range<Int>, lower: String
        var description: String { "\(lower)@\(bytes)/\(scalars)" }
    }

    func tokenized(_ text: String) -> [Word] {
        var out: [Word] = []
        var copy = text
        copy.withUTF8 { p in
            Tokenizer.forEachWord(in: p) { t, w in
                out.append(Word(bytes: t.byteStart..<t.byteEnd, scalars: t.scalarStart..<t.scalarEnd, lower: String(decoding: w, as: UTF8.self)))
            }
        }
        return out
    }

    func reference(_ text: String) -> [Word] {
        var out: [Word] = []
        var byte = 0, scalar = 0
        var start: (byte: Int, scalar: Int)?
        var lower = ""
        for s in text.unicodeScalars {
            if Tokenizer.isWord(s) {
                if start == nil { start = (byte, scalar) }
                lower += s.properties.lowercaseMapping
            } else if let begun = start {
                out.append(Word(bytes: begun.byte..<byte, scalars: begun.scalar..<scalar, lower: lower))
                start = nil
                lower = ""
            }
            byte += String(s).utf8.count
            scalar += 1
        }
        if let begun = start { out.append(Word(bytes: begun.byte..<byte, scalars: begun.scalar..<scalar, lower: lower)) }
        return out
    }

    @Test func wordsAsTheDefinitionSaysThem() {
        let cases = [
            "", "a", "A", "Japan", "japan and malaysia", "Japan’s PM, Anwar-Ibrahim; 2023 (MY)",
            "naïve café", "Café", "caféS", "ÉCOLE", "straße", "İstanbul", "日本とマレーシア", "abc日本def",
            "x\u{0301}y", "e\u{0301}", "AB12cd", "  lead and trail  ", "no-break\u{00A0}space", "tab\tnew\nline",
            "ASEAN-Japan", "10 million yen", "end.",
        ]
        for text in cases { #expect(tokenized(text) == reference(text), "\(text)") }
    }

    @Test func randomMixturesOfScriptsCaseAndPunctuation() {
        let alphabet: [Character] = ["a", "z", "A", "Z", "0", "9", " ", "-", "'", ".", "é", "É", "ß", "日", "’", "\u{00A0}", "İ", "ǅ", "\u{0301}", "Ω"]
        // A fixed linear congruential sequence, so a failure names the same strings on every run.
        var state: UInt64 = 12
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for _ in 0..<2_000 {
            let text = String((0..<next() % 24).map { _ in alphabet[next() % alphabet.count] })
            #expect(tokenized(text) == reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
