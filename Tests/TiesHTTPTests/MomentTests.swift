import Testing
@testable import TiesHTTP

@Suite struct MomentTests {
    @Test func advancingAddsSecondsInNanoseconds() {
        let t = Moment(nanoseconds: 5)
        #expect(t.advanced(bySeconds: 1.5).nanoseconds == 1_500_000_005)
        #expect(t.advanced(bySeconds: 1.5).nanoseconds(since: t) == 1_500_000_000)
        #expect(t < t.advanced(bySeconds: 0.000_000_001))
    }

    /// A deadline of "effectively never" (a huge timeout) must not wrap into the past.
    @Test func advancingSaturatesInsteadOfOverflowing() {
        let t = Moment(nanoseconds: Int64.max - 10)
        #expect(t.advanced(bySeconds: 1e12).nanoseconds == .max)
        #expect(Moment(nanoseconds: 0).advanced(bySeconds: 1e300).nanoseconds == .max)
    }

    @Test func theClockIsMonotonic() {
        let a = Moment.now, b = Moment.now
        #expect(a <= b && a.nanoseconds > 0)
    }
}
