import Synchronization
import TiesCore

/// The `knownAt` views of one served snapshot: the dataset as the sources published by a date support it,
/// each built on first request (the snapshot restricted to those sources, its records encoded once) and
/// kept until the next reload. Bounded: the least recently asked date is dropped past `capacity`.
final class KnownAtViews: Sendable {
    /// Dates a client may ask are unbounded; 32 views of the shipped dataset hold about 10 MB.
    static let capacity = 32
    private struct Entry { let served: Served; var lastUse: UInt64 }
    private let cache = Mutex<(entries: [String: Entry], clock: UInt64)>(([:], 0))

    /// The view of `whole` at `date`, from the cache or built now. Building happens outside the lock, so a
    /// slow first build for one date never holds up requests for another.
    func view(of whole: Served, at date: PartialDate) -> Served {
        let key = date.iso
        if let hit = cache.withLock({ c -> Served? in
            c.clock += 1
            guard c.entries[key] != nil else { return nil }
            c.entries[key]!.lastUse = c.clock
            return c.entries[key]!.served
        }) { return hit }

        let started = ContinuousClock.now
        let knownAt = whole.snapshot.knownAt(date)
        let snapshot = whole.snapshot.restricted(toSources: Set(knownAt.sourceIds))
        let catalog = Catalog(snapshot: snapshot, view: KnownAtView(knownAt: knownAt, whole: whole.snapshot))
        let built = Served(catalog: catalog, prepared: PreparedDocuments(catalog: catalog, endpoints: [], maxBytes: 0), loadDuration: ContinuousClock.now - started)
        return cache.withLock { c in
            c.clock += 1
            if let raced = c.entries[key] { return raced.served }
            if c.entries.count >= Self.capacity, let oldest = c.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                c.entries[oldest.key] = nil
            }
            c.entries[key] = Entry(served: built, lastUse: c.clock)
            return built
        }
    }

    var count: Int { cache.withLock { $0.entries.count } }
}

/// What a catalog made for a `knownAt` date knows beyond its records: the cutoff, and the whole dataset,
/// to tell "reported later" from "no such record".
struct KnownAtView: Sendable {
    let knownAt: KnownAt
    let whole: Snapshot
}
