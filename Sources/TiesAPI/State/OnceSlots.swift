import Synchronization

/// A fixed number of slots, each filled once, on first use, and then read with one atomic load and no lock:
/// how a snapshot keeps what it makes lazily (prepared documents, record JSON). When two threads fill the
/// same slot at once, the first value published is kept and both get it.
final class OnceSlots<Value: AnyObject & Sendable>: @unchecked Sendable {
    // Each slot is an atomic pointer owning one retain of its value. Not `AtomicLazyReference`: its `load`
    // is not inlined, and fetching its generic metadata on every read cost about 250 instructions a request.
    // An atomic cannot live in an Array (it is not copyable), so the slots are one allocation made in `init`
    // and freed in `deinit`; they never move, and are only reached through the atomics' own methods.
    private let storage: UnsafeMutablePointer<Atomic<UnsafeRawPointer?>>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        for i in 0..<count { (storage + i).initialize(to: Atomic(nil)) }
    }

    deinit {
        for i in 0..<count {
            if let p = storage[i].load(ordering: .relaxed) { Unmanaged<Value>.fromOpaque(p).release() }
        }
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// The value in slot `i`, nil while it is empty.
    subscript(i: Int) -> Value? {
        storage[i].load(ordering: .acquiring).map { Unmanaged<Value>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Fills slot `i` with `value` unless another thread did first; returns what the slot holds.
    func fill(_ i: Int, with value: Value) -> Value {
        let mine = Unmanaged.passRetained(value)
        let (stored, current) = storage[i].compareExchange(expected: nil, desired: UnsafeRawPointer(mine.toOpaque()),
                                                           ordering: .acquiringAndReleasing)
        guard !stored, let current else { return value }
        mine.release()
        return Unmanaged<Value>.fromOpaque(current).takeUnretainedValue()
    }
}
