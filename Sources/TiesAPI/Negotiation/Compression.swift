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
        let bound = Int(deflateBound(&stream, UInt(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = bytes.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                // zlib never writes to its input; the pointer is mutable only in its C declaration, and a
                // mutable copy of the body cost a copy of every body compressed.
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
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

    /// The "deflate" (zlib, RFC 1950) form of `body` from its gzip form (RFC 1952), without compressing it again:
    /// both wrap the same raw deflate stream, so the zlib form is a two-byte header, that stream, and the
    /// body's Adler-32. Byte for byte what `ContentCoding.deflate.compress(body)` makes (zlib writes the same
    /// stream under either wrapper; the header's level bits say "default"). Preparing a snapshot compressed
    /// every document twice; at 1,000× the second compression was about a third of the server's start.
    public static func zlibForm(ofGzip gzip: [UInt8], body: [UInt8]) -> [UInt8]? {
        // zlib's gzip header is 10 bytes with no optional fields (FLG 0); the trailer is CRC-32 and size.
        guard gzip.count >= 18, gzip[0] == 0x1F, gzip[1] == 0x8B, gzip[2] == 8, gzip[3] == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(gzip.count - 18 + 6)
        out.append(0x78)   // deflate, 32 KiB window
        out.append(0x9C)   // default level; check bits make 0x789C a multiple of 31
        out.append(contentsOf: gzip[10..<(gzip.count - 8)])
        let checksum = body.withUnsafeBufferPointer { UInt32(adler32(1, $0.baseAddress, uInt($0.count))) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: checksum >> UInt32(shift))) }
        return out
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
