import Dispatch
import Glibc
import Synchronization

/// State shared by the acceptor and the workers; immutable or atomic.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let responder: any HTTPResponder
    let open = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let shed = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)
    /// `Shedding.maxQueueDelaySeconds` in nanoseconds, the unit of the engine's clocks; nil when shedding is off.
    let shedAfter: Int64?
    /// How late a receive time may be taken from the read itself instead of the kernel (`ReceiveTime`):
    /// an eighth of the bound, in nanoseconds.
    var shedPrecision: Int64 { (shedAfter ?? 0) / 8 }
    let shedExempt: PathList
    /// `ServerConfiguration.serverName` as the line every response carries, encoded once.
    let serverLine: [UInt8]

    init(configuration: ServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
        let bound = configuration.shedding.maxQueueDelaySeconds
        shedAfter = bound > 0 ? Int64(bound * 1e9) : nil
        shedExempt = PathList(configuration.shedding.exemptPaths)
        serverLine = ResponseEncoder.serverLine(for: configuration.serverName)
    }

    func connectionClosed() {
        open.subtract(1, ordering: .relaxed)
    }
}

/// Counters readable at any time, e.g. by a metrics endpoint.
public struct ServerStats: Sendable, Equatable {
    /// Connections currently open (accepted and not yet closed).
    public var openConnections: Int
    /// Connections accepted since start, including rejected ones.
    public var acceptedConnections: Int
    /// Connections answered with 503 because `maxConnections` were open.
    public var rejectedConnections: Int
    /// Requests answered 503 by load shedding (`ServerConfiguration.Shedding`).
    public var shedRequests: Int = 0
}

/// The HTTP/1.1 server: binds, accepts, and serves `responder` until shut down.
///
///     let server = HTTPServer(configuration: config, responder: router)
///     try server.start()                      // binds; server.port is the bound port
///     ...
///     server.shutdown()                       // from a signal handler's queue, say
///     server.waitUntilStopped()               // in main
public final class HTTPServer: Sendable {
    private enum Phase { case created, running, stopping, stopped }

    private struct State {
        var phase: Phase = .created
        var port = 0
        var acceptor: Acceptor?
        var workers: [Worker] = []
        var signalSources: [SignalSources] = []
    }

    let core: ServerCore
    private let state = Mutex(State())
    private let stoppedGroup = DispatchGroup()

    public init(configuration: ServerConfiguration, responder: some HTTPResponder) {
        core = ServerCore(configuration: configuration, responder: responder)
    }

    public var configuration: ServerConfiguration { core.configuration }

    /// The bound port (useful with port 0); 0 before `start()`.
    public var port: Int { state.withLock { $0.port } }

    public var stats: ServerStats {
        ServerStats(openConnections: core.open.load(ordering: .relaxed),
                    acceptedConnections: core.accepted.load(ordering: .relaxed),
                    rejectedConnections: core.rejected.load(ordering: .relaxed),
                    shedRequests: core.shed.load(ordering: .relaxed))
    }

    /// Binds the listening socket and starts accepting. Ignores SIGPIPE, raises the open-file soft limit
    /// to the hard limit and allows one malloc arena per worker (`MallocArenas`). Throws if the address cannot
    /// be bound; may be called once.
    public func start() throws(SocketError) {
        let config = core.configuration
        try state.withLock { (s: inout State) throws(SocketError) in
            guard s.phase == .created else { throw SocketError(operation: "start (already started)", code: EALREADY) }
            Socket.ignoreSIGPIPE()
            Socket.raiseFileLimit()
            MallocArenas.limit(to: config.workerCount)
            let (fd, port) = try Socket.listen(host: config.host, port: config.port, backlog: config.limits.listenBacklog)
            let workers = try (0..<max(1, config.workerCount)).map { (i: Int) throws(SocketError) in try Worker(index: i, core: core) }
            for w in workers { w.start() }
            let acceptor = Acceptor(fd: fd, core: core, workers: workers)
            acceptor.start()
            s = State(phase: .running, port: port, acceptor: acceptor, workers: workers)
            stoppedGroup.enter()
        }
    }

    /// Graceful shutdown: stops accepting, closes idle connections, lets requests in flight finish (their
    /// responses say `Connection: close`) for up to `gracePeriod` (default `Timeouts.shutdownGraceSeconds`),
    /// then closes whatever is left and returns. Blocks the caller; never call it from a handler. Calling it
    /// again, or concurrently, waits for the first call to finish.
    public func shutdown(gracePeriod: Duration? = nil) {
        let taken: (Acceptor, [Worker])? = state.withLock { s in
            guard s.phase == .running, let acceptor = s.acceptor else { return nil }
            s.phase = .stopping
            return (acceptor, s.workers)
        }
        guard let (acceptor, workers) = taken else {
            if state.withLock({ $0.phase }) != .created { waitUntilStopped() }
            return
        }
        core.draining.store(true, ordering: .relaxed)
        acceptor.stop()
        for w in workers { w.async { w.beginShutdown() } }

        let grace = gracePeriod ?? .nanoseconds(Int64(core.configuration.timeouts.shutdownGraceSeconds * 1e9))
        let deadline = ContinuousClock.now + grace
        while core.open.load(ordering: .relaxed) > 0 && ContinuousClock.now < deadline { usleep(5_000) }
        if core.open.load(ordering: .relaxed) > 0 {
            for w in workers { w.sync { w.closeAll() } }
            let last = ContinuousClock.now + .seconds(2)
            while core.open.load(ordering: .relaxed) > 0 && ContinuousClock.now < last { usleep(1_000) }
        }
        for w in workers { w.stop() }
        state.withLock { s in
            s.phase = .stopped
            s.acceptor = nil
            s.workers = []
        }
        stoppedGroup.leave()
    }

    /// Shuts the server down gracefully when the process receives one of `signals` (their default action is
    /// replaced). The Dispatch signal sources are made here, in nonisolated library code: a handler closure
    /// written in `main.swift` top-level code is main-actor isolated and traps in Swift 6 when Dispatch runs it
    /// on another queue.
    public func shutdownOnSignals(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        let sources = signals.map { (number: Int32) -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.shutdown() }
            source.resume()
            return source
        }
        let box = SignalSources(sources)
        state.withLock { $0.signalSources.append(box) }
    }

    /// Blocks until `shutdown` has finished (returns at once if the server was never started).
    public func waitUntilStopped() {
        if state.withLock({ $0.phase }) == .created { return }
        stoppedGroup.wait()
    }
}

/// Keeps signal sources alive. Dispatch sources are thread-safe objects and this array never changes.
final class SignalSources: @unchecked Sendable {
    let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
}
