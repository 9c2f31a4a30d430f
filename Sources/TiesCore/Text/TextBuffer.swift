#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source text as UTF-8 bytes with conversions between byte offsets and Unicode scalar offsets, the unit
/// the API promises. Searching runs on bytes; only results are converted.
struct TextBuffer: Sendable {
    let bytes: [UInt8]
    /// Scalar count before every 64th byte, so a conversion walks at most 63 bytes; empty for ASCII text,
    /// where byte and scalar offsets are the same.
    private let checkpoints: [Int32]
    let scalarCount: Int

    var isASCII: Bool { checkpoints.isEmpty }

    init(_ string: String) {
        var s = string
        self.init(bytes: s.withUTF8 { Array($0) })
    }

    /// From bytes already known to be valid UTF-8.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii {
            checkpoints = []
            scalarCount = bytes.count
        } else {
            var cps = [Int32]()
            cps.reserveCapacity(bytes.count / 64 + 1)
            var count = 0
            for (i, b) in bytes.enumerated() {
                if i & 63 == 0 { cps.append(Int32(count)) }
                if b & 0xC0 != 0x80 { count += 1 }
            }
            checkpoints = cps
            scalarCount = count
        }
    }

    /// The scalar offset of a byte offset that starts a scalar (or equals the byte count).
    func scalarOffset(ofByte offset: Int) -> Int {
        if checkpoints.isEmpty { return offset }
        let block = offset >> 6
        guard block < checkpoints.count else { return scalarCount }
        var n = Int(checkpoints[block])
        var i = block << 6
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { n += 1 }
            i += 1
        }
        return n
    }

    /// The byte offset where the scalar at `offset` starts (the byte count for `offset == scalarCount`).
    func byteOffset(ofScalar offset: Int) -> Int {
        if checkpoints.isEmpty { return min(offset, bytes.count) }
        if offset >= scalarCount { return bytes.count }
        // Binary search the last checkpoint at or before the scalar, then walk.
        var lo = 0, hi = checkpoints.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if Int(checkpoints[mid]) <= offset { lo = mid } else { hi = mid - 1 }
        }
        var n = Int(checkpoints[lo])
        var i = lo << 6
        // Move to the first scalar start at or after the checkpoint byte.
        while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
        while i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 {
                if n == offset { return i }
                n += 1
            }
            i += 1
        }
        return bytes.count
    }

    /// Byte offsets of every occurrence of `needle`, overlapping ones included, up to `limit`.
    func occurrences(of needle: [UInt8], limit: Int = .max) -> [Int] {
        needle.isEmpty ? [] : bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { ByteSearch.occurrences(of: $0, in: hay, limit: limit) }
        }
    }
}
