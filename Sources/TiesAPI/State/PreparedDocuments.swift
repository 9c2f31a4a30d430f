import Synchronization
import TiesHTTP

/// The documents that are the same for every request (a record by id, a collection's first page, a
/// source's text), by path. Each is made with the endpoint's own code on its first request and then kept,
/// compressed, for the snapshot's life, so a load does not build and compress every one of them before
/// the server may answer (at 1,000× that was 74,052 documents, 28 s and 1.65 GB before the first request).
///
/// Kept documents are bounded by `maxBytes` (body and both compressed variants). Past it a document is
/// computed for its request as any other is, so a crawler walking every record cannot grow the process
/// without bound; the ones kept are those asked first, which on a fresh snapshot are what clients read most.
final class PreparedDocuments: Sendable {
    /// Path → slot, and what each slot's document is made from. Both immutable after `init`.
    private let slots: [String: Int]
    /// What documents are made from; held here so a request's lookup does not copy it (a `Catalog` copy
    /// retains each of its references: about 1,200 instructions a request when it was passed in).
    private let catalog: Catalog
    private let endpoints: [Endpoint]
    /// Each slot's endpoint and the id in its path (nil for a path without one).
    private let sources: [(endpoint: Int, id: String?)]
    private let documents: OnceSlots<PreparedDocument>
    let maxBytes: Int
    private let keptBytes = Atomic<Int>(0)
    private let keptCount = Atomic<Int>(0)

    /// Every fixed URL of `endpoints` for `catalog` (`Endpoint.fixed`), none of them made yet; no
    /// endpoints for a `knownAt` view, which computes every document.
    init(catalog: Catalog, endpoints: [Endpoint], maxBytes: Int) {
        let paths = endpoints.map { $0.method == .get ? $0.fixedPaths(catalog.snapshot) : [] }
        var slots = [String: Int](minimumCapacity: paths.reduce(0) { $0 + $1.count })
        var sources: [(endpoint: Int, id: String?)] = []
        sources.reserveCapacity(slots.capacity)
        for (index, list) in paths.enumerated() {
            for (path, id) in list {
                // One hash per path; a path listed twice keeps its first slot.
                if let first = slots.updateValue(sources.count, forKey: path) { slots[path] = first; continue }
                sources.append((index, id))
            }
        }
        self.slots = slots
        self.catalog = catalog
        self.endpoints = endpoints
        self.sources = sources
        self.maxBytes = maxBytes
        documents = OnceSlots(count: sources.count)
    }

    /// Fixed URLs this snapshot has.
    var count: Int { sources.count }
    /// Documents made and kept so far, and the bytes they hold.
    var kept: (documents: Int, bytes: Int) { (keptCount.load(ordering: .relaxed), keptBytes.load(ordering: .relaxed)) }

    /// The document of `path` when it is a fixed URL: the kept one, or made now (and kept while under the
    /// limit). Nil for any other path, and when the endpoint refuses it; the caller then computes as usual.
    func document(for path: String) -> PreparedDocument? {
        guard let slot = slots[path] else { return nil }
        if let kept = documents[slot] { return kept }
        let source = sources[slot]
        let endpoint = endpoints[source.endpoint]
        let call = Call(catalog: catalog, path: path, query: [], parameters: endpoint.parameters(id: source.id), format: .json)
        guard var doc = try? endpoint.compute(call) else { return nil }
        // Already full: serve this one as computed (compressed only if the client asks), keep nothing.
        guard keptBytes.load(ordering: .relaxed) < maxBytes else { return PreparedDocument(doc) }
        doc.prepare()
        let size = doc.heldBytes
        guard keptBytes.add(size, ordering: .relaxed).newValue <= maxBytes else {
            keptBytes.subtract(size, ordering: .relaxed)
            return PreparedDocument(doc)
        }
        let made = PreparedDocument(doc)
        let winner = documents.fill(slot, with: made)
        if winner === made {
            keptCount.add(1, ordering: .relaxed)
        } else {
            keptBytes.subtract(size, ordering: .relaxed)
        }
        return winner
    }
}
