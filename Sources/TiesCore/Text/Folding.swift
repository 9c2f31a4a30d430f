/// Case- and diacritic-insensitive substring matching for short fields (names, office titles, publishers),
/// on bytes folded once at load so a request compares bytes, not Unicode strings.
public enum Folding {
    /// Lowercased, without diacritics; ASCII (nearly every name here) takes a byte loop.
    static func fold(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            guard b < 0x80 else { return foldUnicode(s) }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        return out
    }

    /// `fold` as text: for slugs and comparisons outside the indexes.
    public static func folded(_ s: String) -> String { String(decoding: fold(s), as: UTF8.self) }

    /// Latin letters with marks become their base letter, combining marks are dropped, the rest is lowercased.
    static func foldUnicode(_ s: String) -> [UInt8] {
        var plain = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if let base = LatinBaseLetters.table[scalar.value] {
                plain.append(contentsOf: base.unicodeScalars)
            } else if scalar.properties.generalCategory != .nonspacingMark {
                plain.append(scalar)
            }
        }
        return Array(String(plain).lowercased().utf8)
    }
}
