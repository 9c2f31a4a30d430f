import Glibc

/// When the kernel received the bytes a read returns (`SO_TIMESTAMPNS`, which Linux honours on TCP): the
/// time a request has waited includes the time it sat in the socket buffer while the worker was busy, which
/// no clock read in user space can see. Used by load shedding only.
///
/// Asked for only when it could matter (`needsKernelTime`): the control message cost about a tenth of a
/// small request's CPU (measured: /healthz 81.6–91.9 k req/s with it, 91.5–98.2 k without, pinned, one core).
enum ReceiveTime {
    /// Whether the bytes a read is about to return may have sat in the socket for `precision` or longer, so
    /// only the kernel's timestamp tells how long. Otherwise they arrived after `drainedAt` (when the last
    /// read that emptied the socket began; 0 before the first read, whose bytes may predate `accept`), and
    /// the read's own start is a receive time at most `precision` late: still a lower bound of the wait.
    static func needsKernelTime(drainedAt: Int64, readStart: Int64, precision: Int64) -> Bool {
        drainedAt == 0 || readStart - drainedAt >= precision
    }

    /// `SO_TIMESTAMPNS` (`SO_TIMESTAMPNS_OLD` on 64-bit Linux, whose cmsg carries a 64-bit `timespec`);
    /// the Glibc module does not export the macro.
    static let option: Int32 = 35
    static let controlBytes = 64

    static func enable(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, option, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Reads like `read(2)` into `buffer`; also returns the receive time of the newest data read, in
    /// nanoseconds of `CLOCK_REALTIME`, or 0 when the kernel attached none.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer,
                     control: UnsafeMutableRawBufferPointer) -> (count: Int, receivedAt: Int64) {
        var iov = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        return withUnsafeMutablePointer(to: &iov) { iovp in
            var message = msghdr()
            message.msg_iov = iovp
            message.msg_iovlen = 1
            message.msg_control = control.baseAddress
            message.msg_controllen = control.count
            let n = recvmsg(fd, &message, 0)
            guard n > 0 else { return (n, 0) }
            return (n, timestamp(in: UnsafeRawBufferPointer(rebasing: control[0..<min(control.count, Int(message.msg_controllen))])))
        }
    }

    /// Walks the control messages (`cmsghdr`: length, level, type, then data aligned to 8 bytes).
    static func timestamp(in control: UnsafeRawBufferPointer) -> Int64 {
        let header = MemoryLayout<cmsghdr>.size
        var offset = 0
        while offset + header <= control.count {
            let length = control.loadUnaligned(fromByteOffset: offset, as: Int.self)
            let level = control.loadUnaligned(fromByteOffset: offset + MemoryLayout<Int>.size, as: Int32.self)
            let type = control.loadUnaligned(fromByteOffset: offset + MemoryLayout<Int>.size + 4, as: Int32.self)
            guard length >= header else { return 0 }
            if level == SOL_SOCKET && type == option && offset + header + 16 <= control.count {
                let seconds = control.loadUnaligned(fromByteOffset: offset + header, as: Int64.self)
                let nanoseconds = control.loadUnaligned(fromByteOffset: offset + header + 8, as: Int64.self)
                return seconds * 1_000_000_000 + nanoseconds
            }
            offset += (length + 7) & ~7
        }
        return 0
    }

    /// `CLOCK_REALTIME` now, in nanoseconds: the kernel's timestamps use that clock.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
