import Dispatch
import Glibc
import Synchronization

/// One thread of its own and what its connections share: an epoll set of their sockets, the read scratch
/// buffer, the iovec array, the `Date` line, the request-id counter and the deadlines. All of it is touched
/// only on that thread; other threads hand it work with `async` and `sync`.
///
/// Why a thread blocked in `epoll_wait` rather than a Dispatch queue: with a Dispatch read source on the
/// epoll set, every wake-up went through libdispatch's manager thread (an eventfd write, a thread switch, an
/// `epoll_ctl` to re-arm), and the worker's work hopped between the pool's threads, each with its own stack,
/// cache and malloc arena: about 500 context switches a second per pool thread under wrk, with p99 worse when
/// a wake-up kept polling longer. Before that, one Dispatch source per socket cost two context switches per
/// request. Here the thread that waits is the thread that serves, as in nginx or a NIO event loop.
final class Worker: @unchecked Sendable {
    static let scratchBytes = 64 * 1024
    static let maxIov = 64
    static let eventsPerPoll = 128

    let index: Int
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
    /// Work handed in by other threads, and the pipe whose read end, in the epoll set, wakes the thread for it.
    private let posted = Mutex<[@Sendable () -> Void]>([])
    private let wake: (read: Int32, write: Int32)
    private var running = true
    private var thread: pthread_t?

    init(index: Int, core: ServerCore) throws(SocketError) {
        self.index = index
        self.core = core
        self.epoll = try Epoll()
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            let code = errno
            epoll.close()
            throw SocketError(operation: "pipe", code: code)
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        self.wake = (fds[0], fds[1])
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
        Glibc.close(wake.read)
        Glibc.close(wake.write)
    }

    /// Starts the worker's thread. Deadlines are checked by one sweep per tick on it rather than a timer per
    /// connection: re-arming a timer on every phase change would cost a trip through timer machinery per
    /// request, while this makes re-arming a store. A deadline fires at most one tick late.
    func start() {
        _ = epoll.add(wake.read, events: Epoll.readable)
        let box = Unmanaged.passRetained(LoopStart(worker: self)).toOpaque()
        var handle = pthread_t()
        let created = pthread_create(&handle, nil, { raw in
            let start = Unmanaged<LoopStart>.fromOpaque(raw!).takeRetainedValue()
            start.worker.run()
            return nil
        }, box)
        precondition(created == 0, "cannot start worker thread: \(created)")
        thread = handle
    }

    private final class LoopStart {
        let worker: Worker
        init(worker: Worker) { self.worker = worker }
    }

    static func tick(for t: ServerConfiguration.Timeouts) -> Double {
        let all = [t.headerReadSeconds, t.bodyReadSeconds, t.idleSeconds, t.writeSeconds, ConnectionState.lingerSeconds]
        let shortest = all.filter { $0 > 0 }.min() ?? 1
        return min(0.25, max(0.01, shortest / 8))
    }

    /// The thread's loop: serve what is ready, run what was handed in, sweep deadlines when a tick has passed,
    /// and otherwise sleep in `epoll_wait` until one of those is due.
    private func run() {
        let tick = Worker.tick(for: core.configuration.timeouts)
        var nextSweep = Moment.now.advanced(bySeconds: tick)
        while running {
            let untilSweep = max(0, nextSweep.nanoseconds(since: Moment.now))
            let n = epoll.wait(into: events, timeoutMilliseconds: Int32(clamping: (untilSweep + 999_999) / 1_000_000))
            let now = Moment.now
            for i in 0..<n {
                let fd = events.fd(at: i)
                if fd == wake.read { drainWake(); continue }
                if Int(fd) < slots.count, let connection = slots[Int(fd)] { connection.handle(events.events(at: i), now: now) }
            }
            runPosted()
            if now >= nextSweep {
                sweep()
                nextSweep = Moment.now.advanced(bySeconds: tick)
            }
        }
    }

    private func drainWake() {
        var sink: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        while withUnsafeMutableBytes(of: &sink, { Glibc.read(wake.read, $0.baseAddress, $0.count) }) > 0 {}
    }

    private func runPosted() {
        let tasks = posted.withLock { p -> [@Sendable () -> Void] in
            guard !p.isEmpty else { return [] }
            defer { p.removeAll() }
            return p
        }
        for task in tasks { task() }
    }

    /// Runs `task` on the worker's thread, soon.
    func async(_ task: @escaping @Sendable () -> Void) {
        let first = posted.withLock { p -> Bool in
            p.append(task)
            return p.count == 1
        }
        guard first else { return }  // a wake-up is already on its way
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
    }

    /// Runs `task` on the worker's thread and returns when it has run. Never call it from that thread.
    func sync(_ task: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        async {
            task()
            done.signal()
        }
        done.wait()
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

    /// Ends the thread's loop once what was handed in before has run, and waits for the thread to finish.
    /// Never call it from that thread.
    func stop() {
        guard let thread else { return }
        async { [self] in running = false }
        pthread_join(thread, nil)
        self.thread = nil
    }
}
