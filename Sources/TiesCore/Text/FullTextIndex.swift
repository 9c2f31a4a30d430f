/// Inverted index from term ids to the documents containing them, with in-document counts, stored flat
/// (one offsets array, one documents array) so a term's postings are one contiguous, sorted slice.
struct FullTextIndex: Sendable {
    private let offsets: [Int32]
    let docs: [Int32]
    let counts: [Int32]
    let documentCount: Int

    /// Sorted document ids containing the term, and how often each contains it.
    func postings(_ term: Int32) -> (docs: ArraySlice<Int32>, counts: ArraySlice<Int32>) {
        let t = Int(term)
        guard t + 1 < offsets.count else { return ([], []) }
        let r = Int(offsets[t])..<Int(offsets[t + 1])
        return (docs[r], counts[r])
    }

    /// Where a term's postings sit in `docs` and `counts`.
    func range(_ term: Int32) -> Range<Int> {
        let t = Int(term)
        guard t + 1 < offsets.count else { return 0..<0 }
        return Int(offsets[t])..<Int(offsets[t + 1])
    }

    func documentFrequency(_ term: Int32) -> Int {
        let t = Int(term)
        guard t + 1 < offsets.count else { return 0 }
        return Int(offsets[t + 1] - offsets[t])
    }

    init(offsets: [Int32], docs: [Int32], counts: [Int32], documentCount: Int) {
        self.offsets = offsets
        self.docs = docs
        self.counts = counts
        self.documentCount = documentCount
    }

    /// Collects postings while documents are added in increasing id order.
    struct Builder {
        private var termDocs: [[Int32]] = []
        private var termCounts: [[Int32]] = []
        private(set) var documentCount = 0

        mutating func add(term: Int32, doc: Int32) {
            let t = Int(term)
            while termDocs.count <= t { termDocs.append([]); termCounts.append([]) }
            if let last = termDocs[t].last, last == doc {
                termCounts[t][termCounts[t].count - 1] += 1
            } else {
                termDocs[t].append(doc)
                termCounts[t].append(1)
            }
            if Int(doc) >= documentCount { documentCount = Int(doc) + 1 }
        }

        mutating func noteDocument(_ doc: Int32) {
            if Int(doc) >= documentCount { documentCount = Int(doc) + 1 }
        }

        func finish(termCount: Int) -> FullTextIndex {
            var offsets = [Int32]()
            offsets.reserveCapacity(termCount + 1)
            var total = 0
            for t in 0..<termCount { offsets.append(Int32(total)); total += t < termDocs.count ? termDocs[t].count : 0 }
            offsets.append(Int32(total))
            var docs = [Int32](), counts = [Int32]()
            docs.reserveCapacity(total)
            counts.reserveCapacity(total)
            for t in 0..<min(termCount, termDocs.count) {
                docs.append(contentsOf: termDocs[t])
                counts.append(contentsOf: termCounts[t])
            }
            return FullTextIndex(offsets: offsets, docs: docs, counts: counts, documentCount: documentCount)
        }
    }
}
