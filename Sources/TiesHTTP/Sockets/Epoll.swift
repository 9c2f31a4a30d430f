import Glibc

/// An epoll set. Swift's Glibc module does not export `<sys/epoll.h>` (nor `accept4`), and this package adds
/// no C targets, so the three calls are resolved from libc once with `dlsym` and called through
/// `@convention(c)` pointers: a real C call, no shim. The constants are the Linux ABI's.
struct Epoll {
    static let readable: UInt32 = 0x001     // EPOLLIN
    static let writable: UInt32 = 0x004     // EPOLLOUT
    static let error: UInt32 = 0x008        // EPOLLERR
    static let hangup: UInt32 = 0x010       // EPOLLHUP

    private static let ctlAdd: Int32 = 1, ctlDel: Int32 = 2, ctlMod: Int32 = 3
    private static let cloexec: Int32 = 0o2000000  // EPOLL_CLOEXEC == O_CLOEXEC

    /// `struct epoll_event { uint32_t events; uint64_t data; }` is packed on x86-64 only.
    #if arch(x86_64)
    static let eventStride = 12
    static let dataOffset = 4
    #else
    static let eventStride = 16
    static let dataOffset = 8
    #endif

    private typealias Create = @convention(c) (Int32) -> Int32
    private typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    private struct API: @unchecked Sendable {  // immutable C function pointers
        let create: Create
        let control: Control
        let wait: Wait
    }

    private static let api: API? = {
        guard let libc = dlopen(nil, RTLD_NOW),
              let create = dlsym(libc, "epoll_create1"), let control = dlsym(libc, "epoll_ctl"),
              let wait = dlsym(libc, "epoll_wait") else { return nil }
        return API(create: unsafeBitCast(create, to: Create.self), control: unsafeBitCast(control, to: Control.self),
                   wait: unsafeBitCast(wait, to: Wait.self))
    }()

    let fd: Int32

    init() throws(SocketError) {
        guard let api = Epoll.api else { throw SocketError(operation: "epoll (not in libc)", code: ENOSYS) }
        fd = api.create(Epoll.cloexec)
        guard fd >= 0 else { throw SocketError(operation: "epoll_create1", code: errno) }
    }

    func add(_ target: Int32, events: UInt32) -> Bool { control(Epoll.ctlAdd, target, events) }
    func modify(_ target: Int32, events: UInt32) -> Bool { control(Epoll.ctlMod, target, events) }
    func remove(_ target: Int32) { _ = control(Epoll.ctlDel, target, 0) }

    private func control(_ op: Int32, _ target: Int32, _ events: UInt32) -> Bool {
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { event in
            event.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            event.storeBytes(of: UInt64(UInt32(bitPattern: target)), toByteOffset: Epoll.dataOffset, as: UInt64.self)
            return Epoll.api!.control(fd, op, target, event.baseAddress) == 0
        }
    }

    /// Ready events, waiting up to `timeoutMilliseconds` (0: not at all) for the first; each event's data is the
    /// fd it was registered for. 0 when none came or a signal interrupted the wait.
    func wait(into events: EventBuffer, timeoutMilliseconds: Int32) -> Int {
        let n = Epoll.api!.wait(fd, events.raw, Int32(events.capacity), timeoutMilliseconds)
        return n < 0 ? 0 : Int(n)
    }

    func close() { _ = Glibc.close(fd) }

    /// Room for `capacity` kernel `epoll_event`s.
    struct EventBuffer {
        let raw: UnsafeMutableRawPointer
        let capacity: Int

        static func allocate(capacity: Int) -> EventBuffer {
            EventBuffer(raw: .allocate(byteCount: capacity * Epoll.eventStride, alignment: 8), capacity: capacity)
        }

        func deallocate() { raw.deallocate() }

        func events(at i: Int) -> UInt32 { raw.loadUnaligned(fromByteOffset: i * Epoll.eventStride, as: UInt32.self) }

        func fd(at i: Int) -> Int32 {
            Int32(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: i * Epoll.eventStride + Epoll.dataOffset, as: UInt64.self))
        }
    }
}
