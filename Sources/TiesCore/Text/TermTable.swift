/// Interns lowercased words to dense integer ids without building a `String` per word: an open-addressing
/// table over one byte arena (FNV-1a hashes). Built at load, read-only afterwards.
struct TermTable: Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 12) {
        var cap = 16
        while cap < capacity * 2 { cap <<= 1 }
        slots = Array(repeating: -1, count: cap)
        mask = cap - 1
    }

    var count: Int { starts.count }

    @inline(__always)
    private static func hash(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in p { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    private func equals(_ id: Int32, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = Int(starts[Int(id)]), l = Int(lengths[Int(id)])
        guard l == p.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var k = 0
            while k < l { if a[s + k] != p[k] { return false }; k += 1 }
            return true
        }
    }

    func lookup(_ p: UnsafeBufferPointer<UInt8>) -> Int32? {
        var i = Self.hash(p) & mask
        while true {
            let id = slots[i]
            if id < 0 { return nil }
            if equals(id, p) { return id }
            i = (i + 1) & mask
        }
    }

    func lookup(_ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBufferPointer { lookup($0) }
    }

    mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        var i = Self.hash(p) & mask
        while true {
            let id = slots[i]
            if id < 0 { break }
            if equals(id, p) { return id }
            i = (i + 1) & mask
        }
        let id = Int32(starts.count)
        starts.append(Int32(arena.count))
        lengths.append(Int32(p.count))
        arena.append(contentsOf: p)
        slots[i] = id
        if starts.count * 2 > slots.count { grow() }
        return id
    }

    mutating func intern(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBufferPointer { intern($0) }
    }

    private mutating func grow() {
        let cap = slots.count * 2
        var fresh = [Int32](repeating: -1, count: cap)
        let m = cap - 1
        arena.withUnsafeBufferPointer { a in
            for id in 0..<starts.count {
                let p = UnsafeBufferPointer(rebasing: a[Int(starts[id])..<Int(starts[id] + lengths[id])])
                var i = Self.hash(p) & m
                while fresh[i] >= 0 { i = (i + 1) & m }
                fresh[i] = Int32(id)
            }
        }
        slots = fresh
        mask = m
    }
}
