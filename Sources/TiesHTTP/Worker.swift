import Dispatch
import Glibc

/// One serial queue and what its connections share: an epoll set of their sockets, the read scratch buffer,
/// the iovec array, the `Date` line, the request-id counter and a sweep timer for deadlines. All of it is
/// touched only on `queue`.
///
/// Why one Dispatch source per worker and not one per socket: libdispatch re-arms a source through its
/// manager thread after every handler run (an eventfd write, a thread switch, an `epoll_ctl`). Measured on
/// the bench with the server pinned to one core, that was two context switches per request and a third of
/// nginx's throughput. Here Dispatch watches the worker's epoll set, and one wake-up drains every ready
/// socket; a socket's interest changes (backpressure) are `epoll_ctl` calls made by its connection.
final class Worker: @unchecked Sendable {
    static let scratchBytes = 64 * 1024
    static let maxIov = 64
    static let eventsPerPoll = 128
    /// Polls per wake-up while events keep coming: amortizes the wake-up, yet returns to the queue often
    /// enough for new connections, timers and shutdown.
    static let pollsPerWakeup = 8

    let index: Int
    let queue: DispatchQueue
    let core: ServerCore
    let scratch: UnsafeMutableRawBufferPointer
    let iov: UnsafeMutablePointer<iovec>
    /// Control messages of `recvmsg` (receive timestamps, when shedding is on).
    let control: UnsafeMutableRawBufferPointer
    let epoll: Epoll
    var date = DateCache()
    var ids: RequestIDGenerator
    /// Connections by fd (fds are small integers, unique while open).
    private var slots: [Connection?] = []
    /// Each slot's connection's current deadline (`never` when none), kept apart from the connections so the
    /// sweep reads one contiguous array instead of visiting every connection: with 10,000 idle keep-alive
    /// connections, visiting each object four times a second put milliseconds into other clients' p99.
    private var deadlines: [Moment] = []
    private static let never = Moment(nanoseconds: .max)
    private(set) var connectionCount = 0
    private let events: Epoll.EventBuffer
    private var pollSource: (any DispatchSourceRead)?
    private var timer: (any DispatchSourceTimer)?

    init(index: Int, core: ServerCore) throws(SocketError) {
        self.index = index
        self.core = core
        self.queue = DispatchQueue(label: "ties.http.worker.\(index)")
        self.epoll = try Epoll()
        self.scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Worker.scratchBytes, alignment: 16)
        self.iov = UnsafeMutablePointer<iovec>.allocate(capacity: Worker.maxIov)
        self.control = UnsafeMutableRawBufferPointer.allocate(byteCount: ReceiveTime.controlBytes, alignment: 8)
        self.events = .allocate(capacity: Worker.eventsPerPoll)
        self.ids = RequestIDGenerator(worker: index % 31)  // 31 is the acceptor's
    }

    deinit {
        scratch.deallocate()
        iov.deallocate()
        control.deallocate()
        events.deallocate()
        epoll.close()
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
        let source = DispatchSource.makeReadSource(fileDescriptor: epoll.fd, queue: queue)
        source.setEventHandler { [self] in poll() }
        source.resume()
        pollSource = source
    }

    static func tick(for t: ServerConfiguration.Timeouts) -> Double {
        let all = [t.headerReadSeconds, t.bodyReadSeconds, t.idleSeconds, t.writeSeconds, ConnectionState.lingerSeconds]
        let shortest = all.filter { $0 > 0 }.min() ?? 1
        return min(0.25, max(0.01, shortest / 8))
    }

    private func poll() {
        for _ in 0..<Worker.pollsPerWakeup {
            let n = epoll.poll(into: events)
            guard n > 0 else { return }
            let now = Moment.now
            for i in 0..<n {
                let fd = Int(events.fd(at: i))
                if fd < slots.count, let connection = slots[fd] { connection.handle(events.events(at: i), now: now) }
            }
        }
    }

    func adopt(fd: Int32, address: sockaddr_storage) {
        if core.shedAfter != nil { ReceiveTime.enable(fd) }
        let connection = Connection(fd: fd, remoteAddress: Socket.describe(address), peer: IPAddress(socketAddress: address),
                                    worker: self)
        let slot = Int(fd)
        if slot >= slots.count {
            slots.append(contentsOf: repeatElement(nil, count: slot + 1 - slots.count))
            deadlines.append(contentsOf: repeatElement(Worker.never, count: slot + 1 - deadlines.count))
        }
        slots[slot] = connection
        deadlines[slot] = connection.deadline ?? Worker.never
        connectionCount += 1
        guard epoll.add(fd, events: Epoll.readable) else {
            connection.close()
            return
        }
        if core.draining.load(ordering: .relaxed) { connection.beginShutdown() }
    }

    func setInterest(_ fd: Int32, _ events: UInt32) {
        _ = epoll.modify(fd, events: events)
    }

    /// A connection's deadline changed (a new phase, or progress writing).
    func setDeadline(_ fd: Int32, _ deadline: Moment?) {
        let slot = Int(fd)
        if slot < deadlines.count { deadlines[slot] = deadline ?? Worker.never }
    }

    /// Unregisters a connection that is closing; its fd is closed by the caller right after.
    func forget(_ connection: Connection) {
        let slot = Int(connection.fd)
        guard slot < slots.count, slots[slot] === connection else { return }
        epoll.remove(connection.fd)
        slots[slot] = nil
        deadlines[slot] = Worker.never
        connectionCount -= 1
    }

    private var all: [Connection] { slots.compactMap { $0 } }

    private func sweep() {
        guard connectionCount > 0 else { return }
        let now = Moment.now
        for slot in deadlines.indices where deadlines[slot] <= now { slots[slot]?.checkDeadline(now) }
    }

    func beginShutdown() {
        for connection in all { connection.beginShutdown() }
    }

    func closeAll() {
        for connection in all { connection.close() }
    }

    func stop() {
        timer?.cancel()
        timer = nil
        pollSource?.cancel()
        pollSource = nil
    }
}
