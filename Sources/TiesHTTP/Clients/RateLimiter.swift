import Glibc
import Synchronization

/// A token bucket per client — `burst` tokens, refilled at `ratePerSecond` — kept as one number per client:
/// the generic cell rate algorithm (GCRA) stores the time at which the bucket will be full again, which is
/// the same bucket in 8 bytes and one comparison.
///
/// Memory is bounded: a client whose bucket is full again is indistinguishable from one never seen, so it is
/// dropped by the next sweep of its shard (sweeps run when a shard has doubled since the last one). Past
/// `maxClients` tracked at once — only an attacker spraying addresses gets there — a shard that is still
/// over its share after a sweep forgets its most nearly full buckets first, then all of them: those clients
/// start again with a full bucket (the limiter fails open, never closed, and counts it in `evictions`).
public final class RateLimiter: Sendable {
    public struct Policy: Sendable, Equatable {
        public var ratePerSecond: Double
        public var burst: Int

        public init(ratePerSecond: Double, burst: Int) {
            self.ratePerSecond = ratePerSecond
            self.burst = burst
        }

        /// Seconds in which an empty bucket fills completely.
        public var windowSeconds: Double { Double(burst) / ratePerSecond }
    }

    /// The answer for one request.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// Requests this client could make right now (after this one, when allowed).
        public var remaining: Int
        /// Nanoseconds until the client gains one more request: for a refused request, when to retry.
        public var nanosecondsUntilNext: Int64
    }

    public let policy: Policy
    public let maxClients: Int
    /// Nanoseconds one request costs (the emission interval T of GCRA).
    let interval: Int64
    /// Debt a full bucket absorbs: burst requests back to back leave the bucket empty (τ + T in GCRA terms).
    let capacity: Int64
    private let shards: [Locked]
    private let evicted = Atomic<Int>(0)

    static let shardCount = 16
    static let minimumSweepSize = 1_024

    struct Shard {
        /// Client → the instant (monotonic ns) its bucket is full again. Absent means full.
        var fullAt: [IPAddress: Int64] = [:]
        var sweepAt: Int
        /// The latest instant this shard has judged a request at.
        var latest: Int64 = .min
    }

    /// A `Mutex` cannot sit in an array; one of these per shard keeps them apart in memory too.
    final class Locked: Sendable {
        let mutex: Mutex<Shard>
        init(_ shard: Shard) { mutex = Mutex(shard) }
    }

    public init(policy: Policy, maxClients: Int = 100_000) {
        precondition(policy.ratePerSecond > 0 && policy.burst > 0, "a rate limit needs a rate and a burst")
        self.policy = policy
        self.maxClients = max(RateLimiter.shardCount, maxClients)
        interval = max(1, Int64((1e9 / policy.ratePerSecond).rounded()))
        capacity = interval * Int64(policy.burst)
        let firstSweep = min(RateLimiter.minimumSweepSize, self.maxClients / RateLimiter.shardCount + 1)
        shards = (0..<RateLimiter.shardCount).map { _ in Locked(Shard(sweepAt: firstSweep)) }
    }

    /// Monotonic nanoseconds (`CLOCK_MONOTONIC`), the clock `take` expects.
    public static func now() -> Int64 { Moment.now.nanoseconds }

    /// Takes a token for `client` at `now` if there is one.
    public func take(_ client: IPAddress, now: Int64 = RateLimiter.now()) -> Decision {
        let shard = shards[Int(truncatingIfNeeded: (client.high ^ client.low ^ (client.low >> 29)) % UInt64(RateLimiter.shardCount))]
        let share = maxClients / RateLimiter.shardCount
        return shard.mutex.withLock { s in
            // The clock is read before the lock: a worker preempted in between arrives with an instant older
            // than requests already counted, and GCRA would take the gap for a burst (a 429 at 1e6 per second
            // after a 4 ms stall, seen under wrk). Judged at the latest instant seen, it is not.
            let now = max(now, s.latest)
            s.latest = now
            // One hash and one probe: the bucket is updated in place through the dictionary's `_modify`.
            let decision = RateLimiter.spend(&s.fullAt[client, default: now], now: now, interval: interval, capacity: capacity)
            if s.fullAt.count >= s.sweepAt { sweep(&s, now: now, share: share) }
            return decision
        }
    }

    /// GCRA on one bucket: `fullAt` moves one interval later when the request fits in the capacity.
    @inline(__always)
    static func spend(_ fullAt: inout Int64, now: Int64, interval: Int64, capacity: Int64) -> Decision {
        let debt = max(fullAt, now) - now
        if debt + interval > capacity {
            return Decision(allowed: false, remaining: 0, nanosecondsUntilNext: debt + interval - capacity)
        }
        let newDebt = debt + interval
        fullAt = now + newDebt
        let remaining = Int((capacity - newDebt) / interval)
        // One more request is available once the debt falls below the next multiple of the interval.
        let untilNext = newDebt - (capacity - Int64(remaining) * interval - interval)
        return Decision(allowed: true, remaining: remaining, nanosecondsUntilNext: max(0, untilNext))
    }

    private func sweep(_ s: inout Shard, now: Int64, share: Int) {
        s.fullAt = s.fullAt.filter { $0.value > now }
        if s.fullAt.count > share {
            // Over its share with every bucket still in use: forget the half closest to full, then, if that
            // is not enough, all of them.
            let before = s.fullAt.count
            let halfway = now + capacity / 2
            s.fullAt = s.fullAt.filter { $0.value > halfway }
            if s.fullAt.count > share { s.fullAt = [:] }
            evicted.add(before - s.fullAt.count, ordering: .relaxed)
        }
        s.sweepAt = max(min(RateLimiter.minimumSweepSize, share + 1), min(share + 1, s.fullAt.count * 2))
    }

    /// Clients with a bucket that is not full (what memory holds, give or take a sweep).
    public var trackedClients: Int {
        shards.reduce(0) { $0 + $1.mutex.withLock { $0.fullAt.count } }
    }

    /// Buckets forgotten early because `maxClients` were in use.
    public var evictions: Int { evicted.load(ordering: .relaxed) }
}
