import CZlib

extension ContentCoding {
    /// Chunks that are this coding of `chunks`' chunks, made as they are pulled (one zlib stream per
    /// response). Each chunk is flushed (`Z_SYNC_FLUSH`) so a client decodes every record as
    /// soon as it arrives instead of waiting for the end; the chunks are large, so the flushes cost little.
    func compressing(_ chunks: @escaping @Sendable () -> () -> [UInt8]?) -> @Sendable () -> () -> [UInt8]? {
        {
            let next = chunks()
            let deflater = Deflater(self)
            var finished = false
            return {
                guard !finished else { return nil }
                guard let deflater else { finished = true; return nil }  // zlib could not start: end the body
                while true {
                    if let chunk = next() {
                        let out = deflater.push(chunk, finish: false)
                        if !out.isEmpty { return out }
                    } else {
                        finished = true
                        return deflater.push([], finish: true)
                    }
                }
            }
        }
    }
}

/// One zlib deflate stream, ended when the response is done or abandoned (the connection drops the
/// function holding it).
final class Deflater {
    private var stream = z_stream()

    init?(_ coding: ContentCoding) {
        let windowBits: Int32 = coding == .gzip ? 15 + 16 : 15
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `input` and returns what zlib produced: everything so far with a sync flush, or the
    /// end of the stream (and its trailer) with `finish`.
    func push(_ input: [UInt8], finish: Bool) -> [UInt8] {
        var input = input
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let flush = finish ? Z_FINISH : Z_SYNC_FLUSH
        input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while true {
                let (status, produced) = buffer.withUnsafeMutableBufferPointer { outBuf -> (Int32, Int) in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    let status = deflate(&stream, flush)
                    return (status, outBuf.count - Int(stream.avail_out))
                }
                out.append(contentsOf: buffer[0..<produced])
                // Z_BUF_ERROR (no progress possible) is negative too: stop rather than spin.
                if status == Z_STREAM_END || status < 0 { break }
                // A flush is complete when zlib left output space unused (zlib's own usage example).
                if !finish && stream.avail_out != 0 { break }
            }
            stream.next_in = nil
        }
        return out
    }
}
