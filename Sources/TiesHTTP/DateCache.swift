import Glibc

/// The `Date` header line (RFC 9110 §6.6.1, IMF-fixdate), formatted at most once per second. One per worker
/// queue, so it needs no lock.
struct DateCache {
    private var second = -1
    private var line: [UInt8] = []

    mutating func append(to out: inout [UInt8]) {
        let now = time(nil)
        if now != second { refresh(now) }
        out.appendBytes(of: line)
    }

    private mutating func refresh(_ now: time_t) {
        second = now
        line = Array("Date: \(DateCache.imfFixdate(now))\r\n".utf8)
    }

    static func imfFixdate(_ t: time_t) -> String {
        var tm = Glibc.tm()
        var tt = t
        gmtime_r(&tt, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }
}

/// Request ids: 15 characters so Swift stores them inline (no allocation): 4 random characters chosen per
/// process run, one for the worker, and a 10-character per-worker counter, all base 32.
struct RequestIDGenerator {
    private static let alphabet: StaticString = "0123456789abcdefghjkmnpqrstvwxyz"
    private static let runPrefix: UInt32 = UInt32.random(in: 0..<(1 << 20))
    private let worker: UInt8
    private var counter: UInt64 = 0

    /// `worker` is 0–31: workers use 0–30 (`Worker` passes its index modulo 31), 31 is the acceptor's.
    init(worker: Int) {
        self.worker = UInt8(worker & 31)
    }

    mutating func next() -> String {
        counter &+= 1
        let n = counter
        let prefix = RequestIDGenerator.runPrefix
        let worker = self.worker
        return String(unsafeUninitializedCapacity: 15) { buf in
            let a = RequestIDGenerator.alphabet.utf8Start
            for i in 0..<4 { buf[i] = a[Int((prefix >> (5 * (3 - i))) & 31)] }
            buf[4] = a[Int(worker)]
            for i in 0..<10 { buf[5 + i] = a[Int((n >> (5 * UInt64(9 - i))) & 31)] }
            return 15
        }
    }

    /// The client's id is echoed when it is 1–128 characters of `[A-Za-z0-9._:-]`; anything else could
    /// smuggle text into logs.
    static func isAcceptable(_ id: String) -> Bool {
        let u = id.utf8
        guard !u.isEmpty && u.count <= 128 else { return false }
        return u.allSatisfy { c in
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x5F, 0x3A, 0x2D: true
            default: false
            }
        }
    }
}
