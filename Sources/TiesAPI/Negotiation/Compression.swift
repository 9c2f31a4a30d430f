import CZlib

/// Content codings Ties can apply to a response body (RFC 9110 §8.4.1), through the system zlib.
public enum ContentCoding: String, Sendable, CaseIterable {
    case gzip
    /// "deflate" in HTTP means the zlib format (RFC 1950), not a raw deflate stream.
    case deflate

    /// Bodies smaller than this gain little or grow when compressed; they are sent as is.
    public static let minimumWorthCompressing = 860

    /// Compresses `bytes` at zlib's default level; nil if zlib fails (the caller then sends identity).
    public func compress(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16 asks zlib for a gzip wrapper; plain 15 for the zlib wrapper.
        let windowBits: Int32 = self == .gzip ? 15 + 16 : 15
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var input = bytes
        let bound = Int(deflateBound(&stream, UInt(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        // A copy of the used part: the buffer was sized for the worst case (about the input's size) and a
        // prepared variant is kept for the snapshot's life at a fifth of that.
        return Array(output[..<Int(stream.total_out)])
    }

    /// Undoes `compress`; used by tests and by nothing on the request path.
    public func decompress(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        let windowBits: Int32 = self == .gzip ? 15 + 16 : 15
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = bytes
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while status == Z_OK {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                result.append(contentsOf: chunk[0..<produced])
            }
        }
        return status == Z_STREAM_END ? result : nil
    }
}
