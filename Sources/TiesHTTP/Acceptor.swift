import Dispatch
import Glibc

/// Accepts connections on its own queue, so a slow handler on a worker never delays accepting, and hands each
/// to a worker in turn. Above `maxConnections` a connection gets a canned 503 and is closed on the spot.
final class Acceptor: @unchecked Sendable {
    /// How long accepting pauses when the process or system is out of file descriptors; retrying at once
    /// would spin, since the pending connection keeps the listening socket readable.
    static let exhaustedBackoff: DispatchTimeInterval = .milliseconds(100)
    static let acceptsPerEvent = 128

    let fd: Int32
    let core: ServerCore
    let workers: [Worker]
    let queue = DispatchQueue(label: "ties.http.accept")
    private let source: any DispatchSourceRead
    private var suspended = false
    private var stopped = false
    private var nextWorker = 0
    private var ids = RequestIDGenerator(worker: 31)
    private var date = DateCache()
    private let closedSignal = DispatchSemaphore(value: 0)

    init(fd: Int32, core: ServerCore, workers: [Worker]) {
        self.fd = fd
        self.core = core
        self.workers = workers
        self.source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
    }

    func start() {
        source.setEventHandler { [self] in acceptPending() }
        source.setCancelHandler { [fd, closedSignal] in
            Glibc.close(fd)
            closedSignal.signal()
        }
        source.resume()
    }

    /// Stops accepting and closes the listening socket; returns once it is closed.
    func stop() {
        let first: Bool = queue.sync {
            guard !stopped else { return false }
            // Connections the kernel has completed but we have not accepted would be reset when the socket
            // closes, though their clients saw them connect: take them (a draining server answers their first
            // request). Ones completing after this are reset, as with any listener that closes.
            if !suspended { acceptPending() }
            stopped = true
            if suspended { source.resume(); suspended = false }
            source.cancel()
            return true
        }
        if first { closedSignal.wait() }
    }

    private func acceptPending() {
        guard !stopped else { return }
        for _ in 0..<Acceptor.acceptsPerEvent {
            switch Socket.accept(fd) {
            case .accepted(let conn, let address):
                core.accepted.add(1, ordering: .relaxed)
                if core.open.load(ordering: .relaxed) >= core.configuration.limits.maxConnections {
                    reject(conn, address: address)
                    continue
                }
                core.open.add(1, ordering: .relaxed)
                Socket.setNoDelay(conn)
                let worker = workers[nextWorker]
                nextWorker = (nextWorker + 1) % workers.count
                worker.async { worker.adopt(fd: conn, address: address) }
            case .wouldBlock:
                return
            case .retry:
                continue
            case .exhausted, .failed:
                // EMFILE/ENFILE (or an unexpected error): back off instead of spinning on a readable socket.
                suspended = true
                source.suspend()
                queue.asyncAfter(deadline: .now() + Acceptor.exhaustedBackoff) { [self] in
                    guard suspended, !stopped else { return }
                    suspended = false
                    source.resume()
                }
                return
            }
        }
    }

    /// The overload answer: no parsing, no worker; a 503 written with one non-blocking send, then close.
    private func reject(_ conn: Int32, address: sockaddr_storage) {
        core.rejected.add(1, ordering: .relaxed)
        let requestID = ids.next()
        let error = HTTPError(.serviceUnavailable, detail: "the server has too many open connections", requestID: requestID)
        var response = HTTPResponse.error(error).renderingError(with: core.configuration.errorResponder)
        response.headers.set("Retry-After", "1")
        var keepAlive = false
        var bytes: [UInt8] = []
        let ctx = ResponseEncoder.Context(requestMethod: nil, requestVersion: .http1_1, requestID: requestID,
                                          serverLine: core.serverLine)
        if case .bytes(let body)? = ResponseEncoder.encodeHead(response, ctx, date: &date, keepAlive: &keepAlive, into: &bytes) {
            bytes += body
        }
        _ = bytes.withUnsafeBytes { send(conn, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        // Read what the client already sent so closing sends FIN rather than a reset that could destroy the 503.
        var discard = [UInt8](repeating: 0, count: 4096)
        _ = recv(conn, &discard, discard.count, Int32(MSG_DONTWAIT))
        Glibc.shutdown(conn, Int32(SHUT_WR))
        Glibc.close(conn)
        if let hook = core.configuration.onResponse {
            hook(CompletedExchange(requestID: requestID, method: nil, path: nil, route: nil, status: .serviceUnavailable,
                                   bodyBytes: response.body.count ?? 0, elapsedNanoseconds: 0,
                                   remoteAddress: Socket.describe(address)))
        }
    }
}
