/// Newline-delimited JSON: each record exactly as it appears in the JSON list's `data` (links included),
/// one per line, `\n` after each. Sent as a stream (chunked transfer coding) so a pipeline can start on
/// the first record. Records are taken as the stream is pulled: a record not encoded yet in this snapshot is
/// encoded then (at 1,000× a first export of every event no longer waits for all 50,000 before its first byte).
enum NDJSON {
    /// About this many bytes per chunk: big enough to amortise the write, small enough to start quickly.
    static let chunkBytes = 16 * 1024

    static func stream(_ records: [[UInt8]]) -> Chunks { stream(records) { $0 } }

    /// One line per item that `json` gives bytes for, each item's JSON made when its chunk is pulled.
    static func stream<Item: Sendable>(_ items: [Item], _ json: @escaping @Sendable (Item) -> [UInt8]?) -> Chunks {
        Chunks {
            var index = 0
            return {
                guard index < items.count else { return nil }
                var chunk: [UInt8] = []
                chunk.reserveCapacity(chunkBytes + 1024)
                while index < items.count, chunk.count < chunkBytes {
                    if let record = json(items[index]) {
                        chunk.append(contentsOf: record)
                        chunk.append(0x0A)
                    }
                    index += 1
                }
                return chunk
            }
        }
    }

    /// The same lines as one array, for tests and callers that want the bytes.
    static func bytes(_ records: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for r in records {
            out.append(contentsOf: r)
            out.append(0x0A)
        }
        return out
    }
}
