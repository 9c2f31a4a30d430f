/// Newline-delimited JSON: each record exactly as it appears in the JSON list's `data` (links included),
/// one per line, `\n` after each. Sent as a stream (chunked transfer coding) so a pipeline can start on
/// the first record; the records were encoded once per snapshot, so the stream only concatenates them.
enum NDJSON {
    /// About this many bytes per chunk: big enough to amortise the write, small enough to start quickly.
    static let chunkBytes = 16 * 1024

    static func stream(_ records: [[UInt8]]) -> Chunks {
        Chunks {
            var index = 0
            return {
                guard index < records.count else { return nil }
                var chunk: [UInt8] = []
                chunk.reserveCapacity(chunkBytes + 1024)
                while index < records.count, chunk.count < chunkBytes {
                    chunk.append(contentsOf: records[index])
                    chunk.append(0x0A)
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
