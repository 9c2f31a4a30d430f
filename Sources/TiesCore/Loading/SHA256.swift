import CSHA256

/// SHA-256 (FIPS 180-4), kept here because CryptoKit is not on Linux and the dataset version must be the
/// same hash on every machine and replica. The compression function runs on the CPU's SHA extensions where
/// it has them (CSHA256), else in Swift; both give the same digest (SHA256Tests checks both).
struct SHA256 {
    /// Whether this CPU has the SHA extensions; asked once.
    static let hardwareAvailable = ties_sha256_hardware_available() != 0
    private let hardware: Bool
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var pending = [UInt8]()
    private var length: UInt64 = 0


    /// `portable`: always the Swift compression function (for tests comparing the two).
    init(portable: Bool = false) {
        hardware = !portable && Self.hardwareAvailable
        pending.reserveCapacity(64)
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update(UnsafeRawBufferPointer($0)) }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            if pending.count == 64 {
                let block = pending
                block.withUnsafeBytes { compress($0, blocks: 1) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        let whole = (bytes.count - offset) / 64
        if whole > 0 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + whole * 64]), blocks: whole)
            offset += whole * 64
        }
        if offset < bytes.count { pending.append(contentsOf: bytes[offset...]) }
    }

    private mutating func compress(_ p: UnsafeRawBufferPointer, blocks: Int) {
        if hardware {
            // A tuple of eight UInt32 is laid out as eight contiguous words, H0 first.
            withUnsafeMutableBytes(of: &h) { state in
                ties_sha256_compress_hardware(state.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                              p.baseAddress!.assumingMemoryBound(to: UInt8.self), blocks)
            }
            return
        }
        @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var state = h
        // The round constants are CSHA256's table, shared with the hardware path.
        withUnsafeBytes(of: ties_sha256_round_constants) { raw in
            let k = raw.assumingMemoryBound(to: UInt32.self)
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for b in 0..<blocks {
                    let base = b * 64
                    for i in 0..<16 {
                        let j = base + i * 4
                        w[i] = UInt32(p[j]) << 24 | UInt32(p[j + 1]) << 16 | UInt32(p[j + 2]) << 8 | UInt32(p[j + 3])
                    }
                    for i in 16..<64 {
                        let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                        let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                    }
                    var (a, bb, c, d, e, f, g, hh) = state
                    for i in 0..<64 {
                        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & bb) ^ (a & c) ^ (bb & c)
                        let t2 = s0 &+ maj
                        hh = g; g = f; f = e; e = d &+ t1; d = c; c = bb; bb = a; a = t1 &+ t2
                    }
                    state = (state.0 &+ a, state.1 &+ bb, state.2 &+ c, state.3 &+ d,
                             state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ hh)
                }
            }
        }
        h = state
    }

    /// The digest as 64 lowercase hex digits.
    mutating func finalize() -> String {
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        let saved = length
        update(tail)
        length = saved
        let words = [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7]
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for word in words {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ bytes: [UInt8], portable: Bool = false) -> String {
        var s = SHA256(portable: portable)
        s.update(bytes)
        return s.finalize()
    }
}

/// SHA-256 digests for other layers (the embed card's CSP style hash).
public enum SHA256Digest {
    /// The 32-byte digest of `input`.
    public static func bytes(_ input: [UInt8]) -> [UInt8] {
        let hex = Array(SHA256.hex(input).utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        return stride(from: 0, to: hex.count, by: 2).map { nibble(hex[$0]) << 4 | nibble(hex[$0 + 1]) }
    }
}
