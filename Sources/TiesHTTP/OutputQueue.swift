import Glibc

/// A connection's queued output: heads, chunk framing and small bodies are copied into one staging array;
/// large bodies are referenced, not copied. `write` hands everything to the kernel in one `sendmsg` (head and
/// body together, lesson 8; several pipelined responses together) and advances over short writes.
struct OutputQueue {
    enum Segment {
        case staged(start: Int, end: Int)
        case shared([UInt8])
    }

    enum WriteOutcome: Equatable {
        case drained          // everything queued was written
        case partial          // the kernel took some; the rest waits for the socket to be writable
        case wouldBlock       // the kernel took nothing
        case failed(Int32)    // the peer is gone (EPIPE, ECONNRESET, …)
    }

    /// Bodies up to this size are copied next to their head: one iovec is cheaper than two below it.
    static let copyThreshold = 2048
    /// Buffers that grew past this are released once drained instead of being kept for the next response.
    static let retainedCapacity = 64 * 1024

    private(set) var staging: [UInt8] = []
    private var segments: [Segment] = []
    private var first = 0
    private var firstOffset = 0
    private(set) var queuedBytes = 0

    var isEmpty: Bool { queuedBytes == 0 }

    /// Where the next staged bytes start; pass it to `commitStaged(from:)` after appending to `staging`.
    var stagingMark: Int { staging.count }

    mutating func withStaging<R>(_ body: (inout [UInt8]) -> R) -> R {
        body(&staging)
    }

    mutating func truncateStaging(to mark: Int) {
        staging.removeSubrange(mark...)
    }

    /// Queues the bytes appended to `staging` since `mark`.
    mutating func commitStaged(from mark: Int) {
        let end = staging.count
        guard end > mark else { return }
        if segments.count > first, case .staged(let s, let e) = segments[segments.count - 1], e == mark {
            segments[segments.count - 1] = .staged(start: s, end: end)
        } else {
            segments.append(.staged(start: mark, end: end))
        }
        queuedBytes += end - mark
    }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if bytes.count <= OutputQueue.copyThreshold {
            let mark = staging.count
            staging.appendBytes(of: bytes)
            commitStaged(from: mark)
        } else {
            segments.append(.shared(bytes))
            queuedBytes += bytes.count
        }
    }

    mutating func appendStaged(_ bytes: some Collection<UInt8>) {
        let mark = staging.count
        staging.append(contentsOf: bytes)
        commitStaged(from: mark)
    }

    mutating func removeAll() {
        staging.removeAll(keepingCapacity: staging.capacity <= OutputQueue.retainedCapacity)
        segments.removeAll(keepingCapacity: segments.capacity <= 64)
        first = 0
        firstOffset = 0
        queuedBytes = 0
    }

    /// Writes as much as the socket takes, using `iov` (room for `maxIov` entries) as scratch.
    mutating func write(to fd: Int32, iov: UnsafeMutablePointer<iovec>, maxIov: Int) -> WriteOutcome {
        var wroteAny = false
        while queuedBytes > 0 {
            let (n, requested) = staging.withUnsafeBytes { st in
                gather(st, index: first, count: 0, requested: 0, fd: fd, iov: iov, maxIov: maxIov)
            }
            if n > 0 {
                advance(n)
                wroteAny = true
                // A short write means the socket buffer is full: asking again would only return EAGAIN.
                if n < requested { return queuedBytes == 0 ? .drained : .partial }
                continue
            }
            let err = errno
            if n < 0 && err == EINTR { continue }
            if n < 0 && (err == EAGAIN || err == EWOULDBLOCK) { return wroteAny ? .partial : .wouldBlock }
            return .failed(n == 0 ? EPIPE : err)
        }
        removeAll()
        return .drained
    }

    /// Fills iovecs from segment `index` on, pinning each shared array while the call is made.
    private func gather(_ st: UnsafeRawBufferPointer, index i: Int, count c: Int, requested: Int, fd: Int32,
                        iov: UnsafeMutablePointer<iovec>, maxIov: Int) -> (sent: Int, requested: Int) {
        if i == segments.count || c == maxIov {
            var msg = msghdr()
            msg.msg_iov = iov
            msg.msg_iovlen = c
            return (sendmsg(fd, &msg, Int32(MSG_NOSIGNAL)), requested)
        }
        let skip = i == first ? firstOffset : 0
        switch segments[i] {
        case .staged(let s, let e):
            iov[c] = iovec(iov_base: UnsafeMutableRawPointer(mutating: st.baseAddress! + s + skip), iov_len: e - s - skip)
            return gather(st, index: i + 1, count: c + 1, requested: requested + e - s - skip, fd: fd, iov: iov, maxIov: maxIov)
        case .shared(let bytes):
            return bytes.withUnsafeBytes { b in
                iov[c] = iovec(iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress! + skip), iov_len: b.count - skip)
                return gather(st, index: i + 1, count: c + 1, requested: requested + b.count - skip,
                              fd: fd, iov: iov, maxIov: maxIov)
            }
        }
    }

    private func length(_ s: Segment) -> Int {
        switch s {
        case .staged(let a, let b): b - a
        case .shared(let bytes): bytes.count
        }
    }

    private mutating func advance(_ n: Int) {
        queuedBytes -= n
        var left = n
        while left > 0 {
            let remaining = length(segments[first]) - firstOffset
            if left >= remaining {
                left -= remaining
                segments[first] = .staged(start: 0, end: 0)  // release a shared body as soon as it is sent
                first += 1
                firstOffset = 0
            } else {
                firstOffset += left
                left = 0
            }
        }
        if queuedBytes == 0 { removeAll() }
    }
}
