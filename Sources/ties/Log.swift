import Dispatch
import FoundationEssentials
import Glibc
import Synchronization
import TiesAPI
import TiesCore

/// Structured logging: one JSON object per line on standard output, where container platforms collect it.
///
/// Lines are appended to a buffer and written in batches (every 100 ms, or sooner when 32 KiB is
/// waiting), because one `write(2)` per request would cost the access log more than the request.
/// `flush()` runs at shutdown so nothing logged is lost.
final class Log: Sendable {
    let level: Config.LogLevel
    private let sink: Sink
    // Dispatch sources are thread-safe; the type just is not annotated Sendable.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer

    init(level: Config.LogLevel, fd: Int32 = STDOUT_FILENO) {
        self.level = level
        let sink = Sink(fd: fd)
        self.sink = sink
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ties.log"))
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100), leeway: .milliseconds(50))
        // The timer holds the sink, not the log: a `[weak self]` here gave every `Log` a side table, and then
        // each request's retain and release of the log took the runtime's slow path (3% of a profile).
        timer.setEventHandler { sink.flush() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// A one-off line; `fields` keep their order in the output.
    func log(_ level: Config.LogLevel, _ message: String, _ fields: [(String, LogValue)] = []) {
        guard level >= self.level else { return }
        var line: [UInt8] = []
        line.reserveCapacity(128)
        line.append(UInt8(ascii: "{"))
        append(key: "time", value: .string(Log.timestamp()), to: &line, first: true)
        append(key: "level", value: .string(level.rawValue), to: &line)
        append(key: "msg", value: .string(message), to: &line)
        for (k, v) in fields { append(key: k, value: v, to: &line) }
        line.append(contentsOf: "}\n".utf8)
        write(line)
    }

    func info(_ message: String, _ fields: [(String, LogValue)] = []) { log(.info, message, fields) }
    func warning(_ message: String, _ fields: [(String, LogValue)] = []) { log(.warning, message, fields) }
    func error(_ message: String, _ fields: [(String, LogValue)] = []) { log(.error, message, fields) }

    /// Appends an already formatted line (the access log builds its own).
    func write(_ line: [UInt8]) {
        line.withUnsafeBufferPointer { write($0) }
    }

    func write(_ line: UnsafeBufferPointer<UInt8>) { sink.write(line) }

    /// Text for a person at a terminal (refusals before the server starts), written at once to stderr.
    static func standardError(_ text: String) {
        Array(text.utf8).withUnsafeBytes { writeAll($0, to: STDERR_FILENO) }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR; stops at any other error (nowhere left to report it).
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
        }
    }

    func flush() { sink.flush() }

    /// The lines waiting to be written, and where they go: two buffers of a fixed capacity that trade places
    /// at each flush, so the access log allocates nothing as it runs. A buffer that grew by doubling past the
    /// threshold (128 KiB) and a fresh one of that size at every flush held a quarter of a megabyte.
    private final class Sink: Sendable {
        private struct Buffers {
            var filling: [UInt8]
            var spare: [UInt8]
        }
        private let buffers: Mutex<Buffers>
        private let fd: Int32
        private static let flushThreshold = 32 * 1024
        /// Room for the line that crosses the threshold (an access-log line is under 4 KiB: its path is cut at 512).
        private static let capacity = flushThreshold + 8 * 1024

        init(fd: Int32) {
            self.fd = fd
            var filling: [UInt8] = [], spare: [UInt8] = []
            filling.reserveCapacity(Sink.capacity)
            spare.reserveCapacity(Sink.capacity)
            buffers = Mutex(Buffers(filling: filling, spare: spare))
        }

        func write(_ line: UnsafeBufferPointer<UInt8>) {
            let full = buffers.withLock { b -> Bool in
                b.filling.append(contentsOf: line)
                return b.filling.count >= Sink.flushThreshold
            }
            if full { flush() }
        }

        /// Takes the filled buffer, leaving the spare to fill, and writes outside the lock, so other workers keep
        /// logging meanwhile; the written buffer, emptied, becomes the spare.
        func flush() {
            var pending = buffers.withLock { b -> [UInt8] in
                guard !b.filling.isEmpty else { return [] }
                let filled = b.filling
                b.filling = b.spare
                b.spare = []  // `filling` the only reference to its storage again, and `filled` to its own
                return filled
            }
            guard !pending.isEmpty else { return }
            pending.withUnsafeBytes { Log.writeAll($0, to: fd) }
            pending.removeAll(keepingCapacity: true)
            buffers.withLock { b in
                if b.spare.capacity == 0 { b.spare = pending }
            }
        }
    }

    private func append(key: String, value: LogValue, to line: inout [UInt8], first: Bool = false) {
        if !first { line.append(UInt8(ascii: ",")) }
        JSONText.append(key, to: &line)
        line.append(UInt8(ascii: ":"))
        switch value {
        case .string(let s): JSONText.append(s, to: &line)
        case .int(let i): line.append(contentsOf: String(i).utf8)
        case .double(let d): line.append(contentsOf: Log.threeDecimals(d).utf8)
        case .bool(let b): line.append(contentsOf: (b ? "true" : "false").utf8)
        }
    }

    /// `%.3f`, or null when not finite (JSON has no NaN).
    static func threeDecimals(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let thousandths = (abs(d) * 1000).rounded()
        guard thousandths < 1e15 else { return String(d) }
        let n = Int64(thousandths), fraction = String(n % 1000)
        return (d < 0 && n > 0 ? "-" : "") + "\(n / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// RFC 3339 UTC with milliseconds, e.g. 2026-11-25T15:40:22.149Z. Formatted by hand: it runs once per
    /// access-log line, where `String(format:)` cost more than the request it logs.
    static func timestamp() -> String {
        var out: [UInt8] = []
        appendTimestamp(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3339 UTC with milliseconds (`2026-12-03T18:50:24.580Z`), written straight into a line's bytes.
    static func appendTimestamp(to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: timestampCount))
        out.withUnsafeMutableBufferPointer { writeTimestamp(to: $0.baseAddress! + start) }
    }

    static let timestampCount = 24

    /// The same timestamp, its 24 bytes written at `p`.
    static func writeTimestamp(to p: UnsafeMutablePointer<UInt8>) {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        writeTimestamp(seconds: Int(t.tv_sec), milliseconds: Int(t.tv_nsec / 1_000_000), to: p)
    }

    /// The timestamp of a time given in seconds since the epoch and milliseconds, its 24 bytes written at `p`.
    /// Civil-date arithmetic, not gmtime_r: glibc's takes the time-zone lock on every call, once per
    /// access-log line from every worker. The date is worked out once a day (`civilDay`), and digits go two at
    /// a time from a table: the line's timestamp cost about 440 instructions a request (callgrind).
    static func writeTimestamp(seconds secs: Int, milliseconds: Int, to p: UnsafeMutablePointer<UInt8>) {
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let date = civilDay(days)
        let second = secs - days * 86_400
        let pairs = twoDigits.utf8Start
        func two(_ value: Int, at i: Int) {
            p[i] = pairs[2 * value]
            p[i + 1] = pairs[2 * value + 1]
        }
        two(date.year / 100 % 100, at: 0); two(date.year % 100, at: 2); p[4] = 45
        two(date.month, at: 5); p[7] = 45
        two(date.day, at: 8); p[10] = 84
        two(second / 3600, at: 11); p[13] = 58
        two(second / 60 % 60, at: 14); p[16] = 58
        two(second % 60, at: 17); p[19] = 46
        p[20] = UInt8(truncatingIfNeeded: 48 + milliseconds / 100)
        two(milliseconds % 100, at: 21); p[23] = 90
    }

    private static let twoDigits: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// The last day converted, packed with its date (day number + 1 << 32 | year << 16 | month << 8 | day), so
    /// every worker reads it with one atomic load and a new day is converted once.
    private static let lastDay = Atomic<UInt64>(0)

    static func civilDay(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let cached = lastDay.load(ordering: .relaxed)
        if days >= 0, cached >> 32 == UInt64(days + 1) {
            return (Int(cached >> 16 & 0xFFFF), Int(cached >> 8 & 0xFF), Int(cached & 0xFF))
        }
        let date = CivilDays.civil(days)
        if days >= 0, (0..<10_000).contains(date.year) {
            lastDay.store(UInt64(days + 1) << 32 | UInt64(date.year) << 16 | UInt64(date.month) << 8 | UInt64(date.day),
                          ordering: .relaxed)
        }
        return date
    }
}

enum LogValue: Sendable {
    case string(String), int(Int), double(Double), bool(Bool)
}
