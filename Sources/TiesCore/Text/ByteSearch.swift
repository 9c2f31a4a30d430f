#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on UTF-8 bytes. A quote is verbatim when its bytes are in the text, so every check of
/// "is this printed in that" searches bytes; the standard library's `String.contains` compares characters
/// under canonical equivalence, which is another question and, at 50,000 events, ten times the work.
enum ByteSearch {
    /// Byte offsets of every occurrence of `needle` in `hay`, overlapping ones included, up to `limit`.
    static func occurrences(of needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>,
                            limit: Int = .max) -> [Int] {
        guard let h = hay.baseAddress, let p = needle.baseAddress, needle.count <= hay.count else { return [] }
        var found = [Int]()
        // memchr for the first byte, memcmp for the rest: both vectorised in libc, and needles are short
        // next to the texts. (memmem would do, but Glibc hides it behind _GNU_SOURCE.)
        let first = Int32(p[0])
        let last = hay.count - needle.count
        var from = 0
        while from <= last, found.count < limit {
            guard let hit = memchr(h + from, first, last - from + 1) else { break }
            let at = h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(h + at, p, needle.count) == 0 { found.append(at) }
            from = at + 1
        }
        return found
    }

    /// True when `needle` occurs in `hay` (an empty needle occurs everywhere).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        needle.isEmpty || hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { !occurrences(of: $0, in: h, limit: 1).isEmpty }
        }
    }

    /// `contains` on the strings' UTF-8.
    static func contains(_ hay: String, _ needle: String) -> Bool {
        var hay = hay, needle = needle
        return needle.isEmpty || hay.withUTF8 { h in needle.withUTF8 { !occurrences(of: $0, in: h, limit: 1).isEmpty } }
    }
}
