/// What a connection is waiting for, each with its own deadline (nginx's explicit states, Go's
/// per-phase deadlines; lessons 4 and 5). A pure value: the connection reports facts and the clock, and
/// asks what to do when the deadline passes, so it is tested without sockets or sleeping.
enum ConnectionPhase: Equatable, Sendable {
    /// Accepted, no byte yet: bounded by the header timeout, as nginx and Go do, so a client cannot hold a
    /// connection open by saying nothing.
    case awaitingFirstRequest
    /// Between requests on a kept-alive connection.
    case idle
    /// Some bytes of a request head have arrived.
    case readingHead
    /// The head is complete; the body is still arriving.
    case readingBody
    /// Output is queued and the socket does not take it.
    case writing
    /// The last response is out and the write side shut; unread input is discarded until the peer closes.
    case lingering

    /// What the connection does when the phase's deadline passes.
    enum Expiry: Equatable {
        case closeSilently
        case answerTimeoutAndClose  // 408, then close
    }

    var expiry: Expiry {
        switch self {
        case .readingHead, .readingBody: .answerTimeoutAndClose
        case .awaitingFirstRequest, .idle, .writing, .lingering: .closeSilently
        }
    }
}

struct ConnectionState {
    /// Lingering close never lasts longer than this, whatever the other timeouts (nginx's lingering_time).
    static let lingerSeconds = 2.0

    let timeouts: ServerConfiguration.Timeouts
    private(set) var phase: ConnectionPhase = .awaitingFirstRequest
    private(set) var deadline: Moment?
    private var servedWhenEntered = 0

    init(timeouts: ServerConfiguration.Timeouts, now: Moment) {
        self.timeouts = timeouts
        deadline = ConnectionState.deadline(after: timeouts.headerReadSeconds, from: now)
    }

    /// The phase implied by the connection's facts. Waiting on the client to take output comes first: a
    /// connection whose replies are stuck is judged by the write timeout, whatever it has half-read.
    static func phase(lingering: Bool, outputBlocked: Bool, inBody: Bool, headStarted: Bool,
                      servedAny: Bool) -> ConnectionPhase {
        if lingering { return .lingering }
        if outputBlocked { return .writing }
        if inBody { return .readingBody }
        if headStarted { return .readingHead }
        return servedAny ? .idle : .awaitingFirstRequest
    }

    /// Enters `next`; the deadline is re-armed only on a change of phase, so trickling bytes within a phase
    /// never extends it. `served` counts the requests answered: each one ends an idle period and starts the
    /// next, even when the whole request arrived in one read and no other phase was seen between (a client
    /// busy on one kept-alive connection for longer than `idleSeconds` is not idle; nginx re-arms
    /// `keepalive_timeout` after each request too).
    mutating func enter(_ next: ConnectionPhase, now: Moment, served: Int = 0) {
        guard next != phase || (next == .idle && served != servedWhenEntered) else { return }
        phase = next
        servedWhenEntered = served
        deadline = ConnectionState.deadline(after: seconds(for: next), from: now)
    }

    /// The client took some output: the write deadline counts from the last progress.
    mutating func wroteSome(now: Moment) {
        if phase == .writing { deadline = ConnectionState.deadline(after: timeouts.writeSeconds, from: now) }
    }

    /// The phase whose deadline has passed, if any.
    func expired(at now: Moment) -> ConnectionPhase? {
        guard let deadline, now >= deadline else { return nil }
        return phase
    }

    func seconds(for phase: ConnectionPhase) -> Double {
        switch phase {
        case .awaitingFirstRequest, .readingHead: timeouts.headerReadSeconds
        case .idle: timeouts.idleSeconds
        case .readingBody: timeouts.bodyReadSeconds
        case .writing: timeouts.writeSeconds
        case .lingering: min(ConnectionState.lingerSeconds,
                             timeouts.bodyReadSeconds > 0 ? timeouts.bodyReadSeconds : ConnectionState.lingerSeconds)
        }
    }

    static func deadline(after seconds: Double, from now: Moment) -> Moment? {
        guard seconds > 0 else { return nil }
        return now.advanced(bySeconds: seconds)
    }
}
