import Dispatch
import Glibc

/// One serial queue and what its connections share: the read scratch buffer, the iovec array, the `Date`
/// line, the request-id counter and a sweep timer for deadlines. All of it is touched only on `queue`.
final class Worker: @unchecked Sendable {
    static let scratchBytes = 64 * 1024
    static let maxIov = 64

    let index: Int
    let queue: DispatchQueue
    let core: ServerCore
    let scratch: UnsafeMutableRawBufferPointer
    let iov: UnsafeMutablePointer<iovec>
    var date = DateCache()
    var ids: RequestIDGenerator
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var timer: (any DispatchSourceTimer)?

    init(index: Int, core: ServerCore) {
        self.index = index
        self.core = core
        self.queue = DispatchQueue(label: "ties.http.worker.\(index)")
        self.scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Worker.scratchBytes, alignment: 16)
        self.iov = UnsafeMutablePointer<iovec>.allocate(capacity: Worker.maxIov)
        self.ids = RequestIDGenerator(worker: index)
    }

    deinit {
        scratch.deallocate()
        iov.deallocate()
    }

    /// Deadlines are checked by one timer per worker rather than one per connection: re-arming a per-connection
    /// `DispatchSourceTimer` on every phase change costs a trip through Dispatch's timer machinery per request,
    /// while this makes re-arming a store. A deadline fires at most one tick late.
    func start() {
        let tick = Worker.tick(for: core.configuration.timeouts)
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + tick, repeating: tick, leeway: .milliseconds(Int(tick * 250)))
        t.setEventHandler { [self] in sweep() }
        t.resume()
        timer = t
    }

    static func tick(for t: ServerConfiguration.Timeouts) -> Double {
        let all = [t.headerReadSeconds, t.bodyReadSeconds, t.idleSeconds, t.writeSeconds, ConnectionState.lingerSeconds]
        let shortest = all.filter { $0 > 0 }.min() ?? 1
        return min(0.25, max(0.01, shortest / 8))
    }

    func adopt(fd: Int32, address: sockaddr_storage) {
        let connection = Connection(fd: fd, remoteAddress: Socket.describe(address), worker: self)
        connections[ObjectIdentifier(connection)] = connection
        connection.start()
        if core.draining.load(ordering: .relaxed) { connection.beginShutdown() }
    }

    func forget(_ connection: Connection) {
        connections.removeValue(forKey: ObjectIdentifier(connection))
    }

    private func sweep() {
        guard !connections.isEmpty else { return }
        let now = ContinuousClock.now
        for connection in Array(connections.values) { connection.checkDeadline(now) }
    }

    func beginShutdown() {
        for connection in Array(connections.values) { connection.beginShutdown() }
    }

    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }
}
