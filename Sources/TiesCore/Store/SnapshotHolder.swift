import Foundation

/// The one mutable thing the server shares: the current snapshot. Readers take it with `current` (one lock
/// acquisition, no copying: a snapshot is a reference to immutable data) and keep using the one they got
/// even if a reload swaps in another meanwhile.
public final class SnapshotHolder: @unchecked Sendable {
    // @unchecked: both stored vars are only touched with `lock` held.
    private let lock = NSLock()
    private var snapshot: Snapshot
    private var lastErrors: [DatasetError] = []
    private var lastAttempt: Date?

    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
    }

    public var current: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return snapshot
    }

    /// Puts `new` in place and returns the snapshot it replaced.
    @discardableResult
    public func swap(to new: Snapshot) -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        let old = snapshot
        snapshot = new
        lastErrors = []
        lastAttempt = new.loadedAt
        return old
    }

    /// Loads a new snapshot and swaps it in; on failure keeps serving the old one and remembers the errors
    /// (for `/readyz`). The load runs outside the lock, so readers are never blocked by it.
    @discardableResult
    public func reload(_ load: () throws(DatasetLoadError) -> Snapshot) -> Result<Snapshot, DatasetLoadError> {
        do {
            let fresh = try load()
            swap(to: fresh)
            return .success(fresh)
        } catch {
            lock.lock()
            lastErrors = error.errors
            lastAttempt = Date()
            lock.unlock()
            return .failure(error)
        }
    }

    /// The errors of the last reload, empty if it succeeded, and when it was tried.
    public var lastReload: (errors: [DatasetError], at: Date?) {
        lock.lock()
        defer { lock.unlock() }
        return (lastErrors, lastAttempt)
    }
}
