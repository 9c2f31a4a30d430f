import Synchronization

/// A fixed number of slots, each filled once, on first use, and then read with one atomic load and no lock:
/// how a snapshot keeps what it makes lazily (prepared documents, record JSON). When two threads fill the
/// same slot at once, the first value published is kept and both get it.
final class OnceSlots<Value: AnyObject & Sendable>: @unchecked Sendable {
    // An atomic cannot live in an Array (it is not copyable), so the slots are one allocation made in
    // `init` and freed in `deinit`; they never move, and are only reached through the atomics' own methods.
    private let storage: UnsafeMutablePointer<AtomicLazyReference<Value>>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        for i in 0..<count { (storage + i).initialize(to: AtomicLazyReference()) }
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// The value in slot `i`, nil while it is empty.
    subscript(i: Int) -> Value? { storage[i].load() }

    /// Fills slot `i` with `value` unless another thread did first; returns what the slot holds.
    func fill(_ i: Int, with value: Value) -> Value { storage[i].storeIfNil(value) }
}
