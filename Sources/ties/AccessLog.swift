import TiesAPI
import TiesHTTP

/// One JSON line per response: what an operator greps and a log pipeline parses.
/// `{"time","level","msg":"request","requestId","method","path","route","status","bytes","durationMs","remote"}`
///
/// Written byte by byte into one buffer, with no intermediate strings: it runs for every request, and a
/// profile (callgrind) showed the line costing a third of the server's user-space instructions when it was
/// assembled from `String`s and a `Double`'s description.
enum AccessLog {
    /// The line, as an array (for tests and one-off use).
    static func line(_ e: CompletedExchange) -> [UInt8] {
        withLine(e) { Array($0) }
    }

    /// Calls `body` with the line, written into memory that lives for the call only: on the stack when it fits,
    /// so the line the log copies in costs no allocation of its own (a `malloc` and `free` per request).
    static func withLine<R>(_ e: CompletedExchange, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let method = e.method?.rawValue ?? "-"
        let path = e.path.map { $0.utf8.count > 512 ? String($0.prefix(512)) : $0 } ?? "-"
        let micros = e.elapsedNanoseconds / 1000
        // Every field bounds its length, so the line is written into memory sized once, with no check per
        // append: appending piece by piece to a growing array cost 4,000 of a request's 28,000 instructions.
        let bound = 256 + JSONText.maxWrittenCount(e.requestID) + JSONText.maxWrittenCount(method)
            + JSONText.maxWrittenCount(path) + (e.route.map(JSONText.maxWrittenCount) ?? 4)
            + JSONText.maxWrittenCount(e.remoteAddress)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
            var w = LineWriter(at: buffer.baseAddress!)
            w.literal(#"{"time":""#)
            Log.writeTimestamp(to: w.end)
            w.end += Log.timestampCount
            w.literal(#"","level":"info","msg":"request","requestId":"#)
            w.string(e.requestID)
            w.literal(#","method":"#)
            w.string(method)
            w.literal(#","path":"#)
            w.string(path)
            w.literal(#","route":"#)
            if let route = e.route { w.string(route) } else { w.literal("null") }
            w.literal(#","status":"#)
            w.decimal(UInt64(clamping: e.status.code))
            w.literal(#","bytes":"#)
            w.decimal(UInt64(clamping: e.bodyBytes))
            w.literal(#","durationMs":"#)
            w.milliseconds(micros: micros)
            w.literal(#","remote":"#)
            w.string(e.remoteAddress)
            w.literal("}\n")
            return body(UnsafeBufferPointer(start: buffer.baseAddress!, count: buffer.baseAddress!.distance(to: w.end)))
        }
    }
}

/// Writes at a pointer into memory the caller sized for everything written.
struct LineWriter {
    var end: UnsafeMutablePointer<UInt8>

    init(at start: UnsafeMutablePointer<UInt8>) { end = start }

    /// A literal's bytes, copied straight from the binary.
    mutating func literal(_ s: StaticString) {
        end.update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        end += s.utf8CodeUnitCount
    }

    /// A JSON string (room: `JSONText.maxWrittenCount`).
    mutating func string(_ s: String) { end += JSONText.write(s, to: end) }

    /// Decimal digits (room: 20).
    mutating func decimal(_ value: UInt64) {
        var digits = 1, v = value
        while v >= 10 { v /= 10; digits += 1 }
        v = value
        for k in stride(from: digits - 1, through: 0, by: -1) { end[k] = UInt8(48 + v % 10); v /= 10 }
        end += digits
    }

    /// `micros / 1000` as `Double.description` writes it — `0.221`, `1.0`, `12.5` — without a `Double`: the
    /// integer part, a point, the three decimals without trailing zeros (at least one digit). Room: 24.
    mutating func milliseconds(micros: Int64) {
        let m = UInt64(max(0, micros))
        decimal(m / 1000)
        let fraction = m % 1000
        end[0] = UInt8(ascii: ".")
        end[1] = UInt8(48 + fraction / 100)
        end += 2
        if fraction % 100 != 0 { end[0] = UInt8(48 + fraction / 10 % 10); end += 1 }
        if fraction % 10 != 0 { end[0] = UInt8(48 + fraction % 10); end += 1 }
    }
}
