/// The sentences of a cleaned text with their Unicode-scalar offsets (the API's offset unit), so every
/// proposal quotes a verbatim span the loader can find again.
struct Sentence {
    let text: String
    let start: Int
    let end: Int
}

enum Sentences {
    /// Sentences end at `.`, `?` or `!` followed by a space or the end of a line (not after a one-letter
    /// initial or a common abbreviation), and at every line break.
    static func split(_ text: String) -> [Sentence] {
        let scalars = Array(text.unicodeScalars)
        var out: [Sentence] = []
        var start = 0
        func emit(_ end: Int) {
            var a = start, b = end
            while a < b, scalars[a].properties.isWhitespace { a += 1 }
            while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            if b > a {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[a..<b])
                out.append(Sentence(text: String(v), start: a, end: b))
            }
        }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" {
                emit(i)
                start = i + 1
            } else if c == "." || c == "?" || c == "!" {
                let next = i + 1 < scalars.count ? scalars[i + 1] : "\n"
                // A closing quote or bracket after the stop belongs to the sentence.
                var end = i + 1
                if ["\"", "”", "’", ")"].contains(next) { end += 1 }
                let after = end < scalars.count ? scalars[end] : "\n"
                if after == " " || after == "\n", !isAbbreviation(scalars, before: i) {
                    emit(end)
                    start = end
                    i = end
                    continue
                }
            }
            i += 1
        }
        emit(scalars.count)
        return out
    }

    static let abbreviations: Set<String> = ["Mr", "Mrs", "Ms", "Dr", "H.E", "U.S", "St", "No", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "p.m", "a.m"]

    static func isAbbreviation(_ s: [Unicode.Scalar], before stop: Int) -> Bool {
        var a = stop
        while a > 0, !s[a - 1].properties.isWhitespace { a -= 1 }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[a..<stop])
        let word = String(v)
        return abbreviations.contains(word) || (word.count == 1 && word.first?.isUppercase == true)
    }
}
