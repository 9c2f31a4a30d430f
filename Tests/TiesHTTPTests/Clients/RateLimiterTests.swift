import Testing
@testable import TiesHTTP

/// The limiter is driven with explicit instants, so every expectation is arithmetic, not timing.
@Suite struct RateLimiterTests {
    static let second: Int64 = 1_000_000_000
    let client = IPAddress("192.0.2.1")!

    @Test func aBurstIsServedThenRefusedWithTheTrueWait() {
        let limiter = RateLimiter(policy: .init(ratePerSecond: 10, burst: 5))
        let t0: Int64 = 1_000 * Self.second
        let remaining = (0..<5).map { _ in limiter.take(client, now: t0) }
        #expect(remaining.allSatisfy { $0.allowed })
        #expect(remaining.map(\.remaining) == [4, 3, 2, 1, 0])
        let refused = limiter.take(client, now: t0)
        #expect(!refused.allowed && refused.remaining == 0)
        #expect(refused.nanosecondsUntilNext == Self.second / 10, "one token comes back every 100 ms")
        // Just before that instant there is still none; at it there is one.
        #expect(!limiter.take(client, now: t0 + Self.second / 10 - 1).allowed)
        #expect(limiter.take(client, now: t0 + Self.second / 10).allowed)
    }

    @Test func aQuietClientIsFullAgainAfterTheWindow() {
        let limiter = RateLimiter(policy: .init(ratePerSecond: 2, burst: 4))
        let t0: Int64 = 50 * Self.second
        for _ in 0..<4 { _ = limiter.take(client, now: t0) }
        #expect(!limiter.take(client, now: t0).allowed)
        let later = limiter.take(client, now: t0 + 2 * Self.second)  // the window: 4 tokens at 2 per second
        #expect(later.allowed && later.remaining == 3)
        #expect(later.nanosecondsUntilNext == Self.second / 2)
    }

    /// Two workers read the clock before they take the lock; the one preempted in between arrives late with
    /// the older instant. Its request is judged at the latest instant seen, not counted as a burst.
    @Test func anInstantOlderThanOneAlreadyJudgedIsNoBurst() {
        let limiter = RateLimiter(policy: .init(ratePerSecond: 1_000_000, burst: 200))
        let t0: Int64 = 7 * Self.second
        for i in 0..<1_000 { #expect(limiter.take(client, now: t0 + Int64(i) * 4_000).allowed) }
        let stale = limiter.take(client, now: t0)   // read 4 ms before the requests just counted
        #expect(stale.allowed)
    }

    @Test func clientsHaveTheirOwnBuckets() {
        let limiter = RateLimiter(policy: .init(ratePerSecond: 1, burst: 1))
        #expect(limiter.take(client, now: 0).allowed)
        #expect(!limiter.take(client, now: 0).allowed)
        #expect(limiter.take(IPAddress("192.0.2.2")!, now: 0).allowed)
    }

    @Test func fullBucketsAreForgottenSoMemoryFollowsActiveClients() {
        let limiter = RateLimiter(policy: .init(ratePerSecond: 100, burst: 10), maxClients: 1_000_000)
        for i in 0..<50_000 {
            _ = limiter.take(IPAddress(high: 0, low: UInt64(i)), now: 0)
        }
        #expect(limiter.trackedClients > 40_000, "every one is still refilling")
        // A second later every bucket is full again; new arrivals trigger sweeps that drop them.
        for i in 0..<50_000 {
            _ = limiter.take(IPAddress(high: 1, low: UInt64(i)), now: Self.second)
        }
        #expect(limiter.trackedClients <= 50_000 + 16 * RateLimiter.minimumSweepSize)
        #expect(limiter.evictions == 0, "only full buckets went, nobody's limit was reset")
    }

    @Test func aSprayOfAddressesCannotGrowMemoryPastTheCap() {
        let limiter = RateLimiter(policy: .init(ratePerSecond: 1, burst: 10), maxClients: 10_000)
        for i in 0..<200_000 {
            _ = limiter.take(IPAddress(high: 7, low: UInt64(i) &* 0x9E37_79B9_7F4A_7C15), now: 0)
        }
        #expect(limiter.trackedClients <= 10_000)
        #expect(limiter.evictions > 0)
    }
}
