/// Splits text into words the same way for indexing, querying and mention matching.
///
/// A word is a maximal run of letters and digits (Unicode `Alphabetic` or numeric scalars); everything else
/// separates words, so `Japan’s` is `japan` + `s` and `Japan-Malaysia` is two words. Terms are lowercased
/// (Unicode lowercase mapping); there is no stemming and no word segmentation for scripts written without
/// spaces.
enum Tokenizer {
    struct Token {
        var byteStart: Int
        var byteEnd: Int
        var scalarStart: Int
        var scalarEnd: Int
    }

    @inline(__always)
    static func isWordASCII(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isWordASCII(UInt8(scalar.value)) }
        let p = scalar.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    /// Decodes the scalar starting at byte `i`; returns it and its length in bytes. Invalid sequences
    /// decode as U+FFFD of length 1 (loaded texts are validated UTF-8, so this only guards queries).
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var len = 0
        var v: UInt32 = 0
        if b0 & 0xE0 == 0xC0 { len = 2; v = UInt32(b0 & 0x1F) }
        else if b0 & 0xF0 == 0xE0 { len = 3; v = UInt32(b0 & 0x0F) }
        else if b0 & 0xF8 == 0xF0 { len = 4; v = UInt32(b0 & 0x07) }
        else { return ("\u{FFFD}", 1) }
        guard i + len <= p.count else { return ("\u{FFFD}", 1) }
        for k in 1..<len {
            let b = p[i + k]
            guard b & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            v = (v << 6) | UInt32(b & 0x3F)
        }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", len)
    }

    /// Each byte's part in the word loop: 0 separates words (ASCII punctuation, spaces, controls), 1 is a
    /// lowercase letter or digit, 2 an uppercase letter, 3 starts or continues a multi-byte scalar.
    private static let byteClass: [UInt8] = (0..<256).map { b in
        b >= 0x80 ? 3 : (b >= 0x41 && b <= 0x5A) ? 2 : isWordASCII(UInt8(b)) ? 1 : 0
    }

    /// Calls `body` with each word and its lowercased UTF-8 bytes (valid only during the call).
    ///
    /// Most words are ASCII and already lowercase: such a word is found in one tight loop over the byte
    /// classes and handed over in place. Others are lowercased into a buffer managed by hand: at 40 MB of
    /// source text, an `Array`'s uniqueness and capacity checks on every byte appended were most of the
    /// tokenizer's time.
    static func forEachWord(in p: UnsafeBufferPointer<UInt8>,
                            _ body: (Token, UnsafeBufferPointer<UInt8>) -> Void) {
        var capacity = 64
        var lower = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { lower.deallocate() }
        var length = 0
        @inline(__always) func grow(to needed: Int) {
            guard needed > capacity else { return }
            capacity = max(needed, capacity * 2)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: lower, count: length)
            lower.deallocate()
            lower = bigger
        }
        var i = 0
        var scalarIndex = 0
        var inWord = false
        var token = Token(byteStart: 0, byteEnd: 0, scalarStart: 0, scalarEnd: 0)
        let n = p.count
        func flush() {
            body(token, UnsafeBufferPointer(start: lower, count: length))
            length = 0
        }
        byteClass.withUnsafeBufferPointer { classes in
            while i < n {
                let c = classes[Int(p[i])]
                if c == 0 {
                    if inWord { inWord = false; token.byteEnd = i; token.scalarEnd = scalarIndex; flush() }
                    i += 1
                    scalarIndex += 1
                    continue
                }
                if c != 3 {
                    // A run of ASCII letters and digits.
                    let start = i
                    var seen = c
                    i += 1
                    while i < n {
                        let k = classes[Int(p[i])]
                        guard k == 1 || k == 2 else { break }
                        seen |= k
                        i += 1
                    }
                    let run = i - start
                    if !inWord && seen == 1 && (i == n || classes[Int(p[i])] == 0) {
                        body(Token(byteStart: start, byteEnd: i, scalarStart: scalarIndex, scalarEnd: scalarIndex + run),
                             UnsafeBufferPointer(rebasing: p[start..<i]))
                    } else {
                        if !inWord { inWord = true; token.byteStart = start; token.scalarStart = scalarIndex }
                        grow(to: length + run)
                        for k in start..<i {
                            let b = p[k]
                            lower[length] = b &- 0x41 < 26 ? b | 0x20 : b
                            length += 1
                        }
                    }
                    scalarIndex += run
                    continue
                }
                let (scalar, len) = decode(p, i)
                if isWord(scalar) {
                    if !inWord { inWord = true; token.byteStart = i; token.scalarStart = scalarIndex }
                    for byte in scalar.properties.lowercaseMapping.utf8 {
                        if length == capacity { grow(to: length + 1) }
                        lower[length] = byte
                        length += 1
                    }
                } else if inWord {
                    inWord = false; token.byteEnd = i; token.scalarEnd = scalarIndex; flush()
                }
                i += len
                scalarIndex += 1
            }
        }
        if inWord { token.byteEnd = n; token.scalarEnd = scalarIndex; flush() }
    }

    /// The lowercased words of a string, for queries and aliases.
    static func words(_ text: String) -> [[UInt8]] {
        var out = [[UInt8]]()
        var s = text
        s.withUTF8 { p in forEachWord(in: p) { _, w in out.append(Array(w)) } }
        return out
    }
}
