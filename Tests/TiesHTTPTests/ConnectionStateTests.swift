import Testing
@testable import TiesHTTP

/// The deadline machine with a fake clock: instants are made by hand, nothing sleeps.
@Suite struct ConnectionStateTests {
    let t0 = Moment.now
    func at(_ seconds: Double) -> Moment { Moment(nanoseconds: t0.nanoseconds + Int64(seconds * 1000) * 1_000_000) }

    var timeouts: ServerConfiguration.Timeouts {
        var t = ServerConfiguration.Timeouts()
        t.headerReadSeconds = 10; t.bodyReadSeconds = 30; t.idleSeconds = 60; t.writeSeconds = 20
        return t
    }

    @Test func newConnectionIsBoundedByTheHeaderTimeout() {
        let s = ConnectionState(timeouts: timeouts, now: at(0))
        #expect(s.phase == .awaitingFirstRequest)
        #expect(s.expired(at: at(9.9)) == nil)
        #expect(s.expired(at: at(10)) == .awaitingFirstRequest)
        #expect(ConnectionPhase.awaitingFirstRequest.expiry == .closeSilently)
    }

    @Test func tricklingBytesDoNotExtendTheHeaderDeadline() {
        var s = ConnectionState(timeouts: timeouts, now: at(0))
        s.enter(.readingHead, now: at(1))
        for t in stride(from: 2.0, to: 11, by: 1) { s.enter(.readingHead, now: at(t)) }
        #expect(s.expired(at: at(10.9)) == nil)
        #expect(s.expired(at: at(11)) == .readingHead)
        #expect(ConnectionPhase.readingHead.expiry == .answerTimeoutAndClose)
    }

    @Test func eachPhaseArmsItsOwnDeadline() {
        var s = ConnectionState(timeouts: timeouts, now: at(0))
        s.enter(.readingBody, now: at(1))
        #expect(s.expired(at: at(30.9)) == nil && s.expired(at: at(31)) == .readingBody)
        s.enter(.idle, now: at(5))
        #expect(s.expired(at: at(64.9)) == nil && s.expired(at: at(65)) == .idle)
        s.enter(.lingering, now: at(5))
        #expect(s.expired(at: at(6.9)) == nil && s.expired(at: at(7)) == .lingering)
    }

    @Test func writeDeadlineCountsFromLastProgress() {
        var s = ConnectionState(timeouts: timeouts, now: at(0))
        s.enter(.writing, now: at(0))
        s.wroteSome(now: at(15))
        #expect(s.expired(at: at(34.9)) == nil)
        #expect(s.expired(at: at(35)) == .writing)
    }

    @Test func eachAnsweredRequestStartsANewIdlePeriod() {
        var s = ConnectionState(timeouts: timeouts, now: at(0))
        s.enter(.idle, now: at(1), served: 1)
        s.enter(.idle, now: at(50), served: 2)     // a whole request came and went in one read
        #expect(s.expired(at: at(109.9)) == nil)
        #expect(s.expired(at: at(110)) == .idle)
        s.enter(.idle, now: at(80), served: 2)     // woken with nothing answered: no extension
        #expect(s.expired(at: at(110)) == .idle)
    }

    @Test func answeredRequestsDoNotExtendOtherPhases() {
        var s = ConnectionState(timeouts: timeouts, now: at(0))
        s.enter(.writing, now: at(0), served: 1)
        s.enter(.writing, now: at(10), served: 2)
        #expect(s.expired(at: at(20)) == .writing)
    }

    @Test func zeroDisablesATimeout() {
        var t = timeouts
        t.idleSeconds = 0
        var s = ConnectionState(timeouts: t, now: at(0))
        s.enter(.idle, now: at(0))
        #expect(s.expired(at: at(1e6)) == nil)
    }

    @Test func phaseFollowsWhatTheConnectionWaitsFor() {
        #expect(ConnectionState.phase(lingering: false, outputBlocked: false, inBody: false, headStarted: false, servedAny: false) == .awaitingFirstRequest)
        #expect(ConnectionState.phase(lingering: false, outputBlocked: false, inBody: false, headStarted: false, servedAny: true) == .idle)
        #expect(ConnectionState.phase(lingering: false, outputBlocked: false, inBody: false, headStarted: true, servedAny: true) == .readingHead)
        #expect(ConnectionState.phase(lingering: false, outputBlocked: false, inBody: true, headStarted: true, servedAny: true) == .readingBody)
        #expect(ConnectionState.phase(lingering: false, outputBlocked: true, inBody: true, headStarted: true, servedAny: true) == .writing)
        #expect(ConnectionState.phase(lingering: true, outputBlocked: true, inBody: false, headStarted: false, servedAny: true) == .lingering)
    }
}
