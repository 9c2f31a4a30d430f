import Dispatch
import Glibc
import Synchronization

/// One accepted socket. Every mutable property is touched only on its worker's thread (the worker's epoll
/// loop and deadline sweep both run there), which is what makes the unchecked `Sendable` sound.
///
/// Flow (lessons 4–8): bytes are read into the worker's scratch buffer and parsed in place; complete requests
/// are answered in order as they parse, their responses queued and written together with one `sendmsg`. Only
/// the tail of an incomplete request is copied into the connection's own buffer. Reading stops while queued
/// output is at `maxOutputBufferBytes` or a stream is being sent (backpressure), and resumes when the client
/// has taken it.
final class Connection: @unchecked Sendable {
    /// Connections alive in this process (tests check it returns to zero).
    static let live = Atomic<Int>(0)

    struct Exchange {
        var requestID: String
        var method: HTTPMethod?
        var path: String?
        var route: String?
        var status: HTTPStatus
        var receivedAt: Moment
    }

    /// A class: `stream` is tested on every pass through the connection, and an optional struct holding a
    /// closure was copied and destroyed through outlined value witnesses each time (about 600 instructions a
    /// request in callgrind's profile), where an optional reference is a pointer compared with nil.
    final class ActiveStream {
        let next: () -> [UInt8]?
        let chunked: Bool
        var sent = 0
        let exchange: Exchange

        init(next: @escaping () -> [UInt8]?, chunked: Bool, exchange: Exchange) {
            self.next = next
            self.chunked = chunked
            self.exchange = exchange
        }
    }

    let fd: Int32
    let worker: Worker
    let core: ServerCore
    let limits: ServerConfiguration.Limits
    let remoteAddress: String
    let peer: IPAddress?
    /// The epoll events this socket is registered for (readable from adoption on).
    private var interest = Epoll.readable

    private var parser: RequestParser
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var output = OutputQueue()
    private var state: ConnectionState
    private var now: Moment
    private var head: RequestHead?
    private var body: [UInt8] = []
    private var messageStart: Moment?
    private var served = 0
    /// False once no further request on this connection will be answered (error, close, cap, EOF).
    private var acceptingRequests = true
    /// Parsing stopped for backpressure with unparsed input left over.
    private var inputStalled = false
    private var outputBlocked = false
    private var closeAfterFlush = false
    private var readEOF = false
    private var lingering = false
    /// The client may still be sending (an error answered early, unanswered pipelined bytes): closing outright
    /// could reset the connection before it reads our response.
    private var mayHaveUnreadInput = false
    private var lingerDiscarded = 0
    private var stream: ActiveStream?
    private(set) var closed = false
    /// When the kernel received the newest bytes read (`CLOCK_REALTIME` ns; 0 unknown); only with shedding.
    private var lastReceivedAt: Int64 = 0
    /// When the last read that emptied the socket began (`CLOCK_REALTIME` ns; 0 before the first read).
    private var drainedAt: Int64 = 0

    init(fd: Int32, remoteAddress: String, peer: IPAddress?, worker: Worker) {
        self.fd = fd
        self.worker = worker
        self.core = worker.core
        self.limits = worker.core.configuration.limits
        self.remoteAddress = remoteAddress
        self.peer = peer
        self.parser = RequestParser(limits: limits)
        let now = Moment.now
        self.now = now
        self.state = ConnectionState(timeouts: worker.core.configuration.timeouts, now: now)
        Connection.live.add(1, ordering: .relaxed)
    }

    deinit {
        Connection.live.subtract(1, ordering: .relaxed)
    }

    // MARK: - Events

    /// Ready events from the worker's epoll set.
    func handle(_ events: UInt32, now: Moment) {
        self.now = now
        let failed = events & (Epoll.error | Epoll.hangup) != 0
        if interest & Epoll.readable != 0 && (events & Epoll.readable != 0 || failed) { onReadable() }
        if closed { return }
        if interest & Epoll.writable != 0 && (events & Epoll.writable != 0 || failed) { onWritable() }
        if failed && !closed && interest == 0 { close() }
    }

    private func onReadable() {
        guard !closed else { return }
        let scratch = worker.scratch
        let n: Int
        if core.shedAfter != nil {
            let readStart = ReceiveTime.now()
            if ReceiveTime.needsKernelTime(drainedAt: drainedAt, readStart: readStart, precision: core.shedPrecision) {
                (n, lastReceivedAt) = ReceiveTime.read(fd, into: scratch, control: worker.control)
            } else {
                n = Glibc.read(fd, scratch.baseAddress, scratch.count)
                if n > 0 { lastReceivedAt = readStart }
            }
            // Fewer bytes than asked for: the socket is empty, so whatever comes next arrives after this.
            if n >= 0 && n < scratch.count { drainedAt = readStart }
        } else {
            n = Glibc.read(fd, scratch.baseAddress, scratch.count)
        }
        if n > 0 {
            if lingering {
                lingerDiscarded += n
                if lingerDiscarded > limits.maxDrainBytes { close() }
                return
            }
            let bytes = UnsafeRawBufferPointer(start: scratch.baseAddress, count: n)
            if pendingStart == pending.count {
                let used = process(bytes)
                if used < n {
                    if acceptingRequests {
                        pending.removeAll(keepingCapacity: true)
                        pendingStart = 0
                        pending.append(contentsOf: bytes[used...])
                    } else {
                        mayHaveUnreadInput = true
                    }
                }
            } else {
                pending.append(contentsOf: bytes)
                processPending()
            }
        } else if n == 0 {
            readEOF = true
            // The client sends nothing more; complete requests were answered as they arrived, so what is
            // left is at most part of one: drop it and close once the queued responses are out.
            dropPending()
            acceptingRequests = false
            if lingering || (output.isEmpty && stream == nil) { close(); return }
            closeAfterFlush = true
        } else {
            let e = errno
            if e == EAGAIN || e == EWOULDBLOCK || e == EINTR { return }
            close()
            return
        }
        pump()
    }

    private func onWritable() {
        guard !closed else { return }
        pump()
    }

    /// Called by the worker's sweep timer.
    func checkDeadline(_ at: Moment) {
        guard !closed, let phase = state.expired(at: at) else { return }
        now = at
        switch phase.expiry {
        case .closeSilently:
            close()
        case .answerTimeoutAndClose:
            guard output.isEmpty && stream == nil else { close(); return }
            let error = HTTPError(.requestTimeout, detail: phase == .readingBody
                                  ? "the request body did not arrive in time" : "the request head did not arrive in time",
                                  method: head?.method, target: head?.target)
            sendEngineError(error, version: head?.version ?? .http1_1)
            pump()
        }
    }

    /// Graceful shutdown: a kept-alive connection between requests closes now; a busy one finishes its
    /// exchange, which will say `Connection: close`. Two kinds are not idle although nothing is parsed yet:
    /// a connection with a request already waiting in its socket, and one accepted before the listener
    /// closed whose first request is still on its way. Closing either would reset a request its client sent
    /// before the server stopped listening (both seen under load). The first is answered at once; the second
    /// keeps its first-request deadline (`headerReadSeconds`), as Go's `Server.Shutdown` lets a new
    /// connection send its request, and the shutdown grace period bounds both.
    func beginShutdown() {
        guard !closed else { return }
        if isIdle && served > 0 && !hasWaitingInput { close() }
    }

    /// Bytes the kernel holds for us that were not read yet (level-triggered epoll will report them).
    private var hasWaitingInput: Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0
    }

    private var isIdle: Bool {
        head == nil && messageStart == nil && parser.isAtMessageBoundary && output.isEmpty && stream == nil && !lingering
    }

    // MARK: - Requests

    private func processPending() {
        guard pendingStart < pending.count else { return }
        let used = pending.withUnsafeBytes { process(UnsafeRawBufferPointer(rebasing: $0[pendingStart...])) }
        pendingStart += used
        if pendingStart >= pending.count || !acceptingRequests {
            if pendingStart < pending.count { mayHaveUnreadInput = true }
            dropPending()
        } else if pendingStart >= 4096 && pendingStart * 2 >= pending.count {
            pending.removeSubrange(0..<pendingStart)
            pendingStart = 0
        }
    }

    private func dropPending() {
        pending.removeAll(keepingCapacity: pending.capacity <= OutputQueue.retainedCapacity)
        pendingStart = 0
    }

    /// Parses and answers what `input` holds; returns the bytes used. Stops at an incomplete request, at
    /// backpressure, or when the connection will take no more requests.
    private func process(_ input: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        inputStalled = false
        while acceptingRequests {
            if stream != nil || output.queuedBytes >= limits.maxOutputBufferBytes {
                inputStalled = offset < input.count
                break
            }
            let (event, used) = parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]))
            switch event {
            case .needMore:
                offset += used
                if messageStart == nil && !parser.isAtMessageBoundary { messageStart = now }
                return offset
            case .head(let h):
                offset += used
                if messageStart == nil { messageStart = now }
                if case .contentLength(let n) = h.framing { body.reserveCapacity(n) }
                // RFC 9110 §10.1.1: the body is accepted (the parser refused oversized ones with a final
                // status), so invite it unless it is already arriving.
                if h.expectsContinue && offset == input.count { output.appendStaged(ResponseEncoder.continueHead) }
                head = h
            case .body(let range):
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[(offset + range.lowerBound)..<(offset + range.upperBound)]))
                offset += used
            case .end:
                offset += used
                answerRequest()
            case .error(let e):
                offset += used
                var error = e.httpError
                if let h = head { error.method = h.method; error.target = h.target }
                sendEngineError(error, version: head?.version ?? .http1_1)
            }
        }
        return offset
    }

    private func answerRequest() {
        guard let h = head else { return }
        head = nil
        let receivedAt = messageStart ?? now
        messageStart = nil
        served += 1
        var requestBody: [UInt8] = []
        swap(&requestBody, &body)
        let requestID = h.headers["X-Request-Id"].flatMap { RequestIDGenerator.isAcceptable($0) ? $0 : nil }
            ?? worker.ids.next()
        var path: String? = nil
        let response: HTTPResponse
        if let queryItems = HTTPRequest.decodedQuery(of: h.target, split: h.split) {
            let request = HTTPRequest(method: h.method, version: h.version, target: h.target, split: h.split, queryItems: queryItems,
                                      headers: h.headers, body: requestBody, remoteAddress: remoteAddress, peer: peer)
            path = request.path
            if let waited = overdue(request.path) {
                response = shed(waited: waited)
            } else {
                response = core.responder.respond(to: request, context: RequestContext(requestID: requestID, receivedAt: receivedAt))
            }
        } else {
            response = .error(HTTPRequest.invalidQuery(method: h.method, target: h.target))
        }
        // Decided after the handler ran: a shutdown that began meanwhile must still say Connection: close.
        let keepAlive = h.keepAlive && served < limits.maxRequestsPerConnection && !readEOF
            && !core.draining.load(ordering: .relaxed)
        queue(response, method: h.method, version: h.version, target: h.target, path: path,
              requestID: requestID, keepAlive: keepAlive, receivedAt: receivedAt)
    }

    /// How long (ns) this request has waited in the server — since the kernel received its newest bytes, so time
    /// in the socket buffer while the worker was busy counts — when that is longer than the shedding bound
    /// and its path may be shed; nil otherwise.
    private func overdue(_ path: String) -> Int64? {
        guard let bound = core.shedAfter, lastReceivedAt > 0 else { return nil }
        let waited = ReceiveTime.now() - lastReceivedAt
        guard waited > bound, !core.shedExempt.contains(path) else { return nil }
        return waited
    }

    /// `waited`: nanoseconds.
    private func shed(waited: Int64) -> HTTPResponse {
        core.shed.add(1, ordering: .relaxed)
        let retry = max(1, core.configuration.shedding.retryAfterSeconds)
        let ms = waited / 1_000_000
        return .error(HTTPError(.serviceUnavailable,
                                detail: "the server is overloaded: this request waited \(ms) ms before it could be answered; retry in \(retry) s",
                                headers: ["Retry-After": String(retry)]))
    }

    /// Answers a protocol error or timeout: the framing is unknown, so the connection closes after it.
    private func sendEngineError(_ error: HTTPError, version: HTTPVersion) {
        let receivedAt = messageStart ?? now
        head = nil
        body = []
        messageStart = nil
        mayHaveUnreadInput = true
        // The access log names the path when the request line was read that far.
        let path = error.target.map { String($0.prefix { $0 != "?" }.prefix(1024)) }
        queue(.error(error), method: error.method, version: version, target: error.target, path: path,
              requestID: worker.ids.next(), keepAlive: false, receivedAt: receivedAt)
    }

    /// `response` is consumed: copying it into a local to render an error copied every header for every
    /// response, errors or not.
    private func queue(_ response: consuming HTTPResponse, method: HTTPMethod?, version: HTTPVersion, target: String?,
                       path: String?, requestID: String, keepAlive: Bool, receivedAt: Moment) {
        if var error = response.error {
            error.requestID = requestID
            if error.method == nil { error.method = method }
            if error.target == nil { error.target = target }
            response.error = error
            response = response.renderingError(with: core.configuration.errorResponder)
        }
        var keep = keepAlive
        let ctx = ResponseEncoder.Context(requestMethod: method, requestVersion: version, requestID: requestID,
                                          serverLine: core.serverLine)
        let mark = output.stagingMark
        var plan = output.withStaging { ResponseEncoder.encodeHead(response, ctx, date: &worker.date, keepAlive: &keep, into: &$0) }
        if plan == nil {
            // The handler's status or headers cannot go on the wire (a CR in a value would split the response).
            output.truncateStaging(to: mark)
            let error = HTTPError(.internalServerError, detail: "the response could not be encoded",
                                  method: method, target: target, requestID: requestID)
            for render in [core.configuration.errorResponder, HTTPError.plainTextResponder] where plan == nil {
                response = HTTPResponse.error(error).renderingError(with: render)
                keep = keepAlive
                plan = output.withStaging { ResponseEncoder.encodeHead(response, ctx, date: &worker.date, keepAlive: &keep, into: &$0) }
                if plan == nil { output.truncateStaging(to: mark) }
            }
        }
        output.commitStaged(from: mark)
        if !keep {
            acceptingRequests = false
            closeAfterFlush = true
        }
        let exchange = Exchange(requestID: requestID, method: method, path: path, route: response.route,
                                status: response.status, receivedAt: receivedAt)
        switch plan ?? .none {
        case .none:
            report(exchange, bodyBytes: 0)
        case .bytes(let bytes):
            output.append(bytes)
            report(exchange, bodyBytes: bytes.count)
        case .chunked(let s):
            stream = ActiveStream(next: s.makeNext(), chunked: true, exchange: exchange)
        case .closeDelimited(let s):
            stream = ActiveStream(next: s.makeNext(), chunked: false, exchange: exchange)
        }
    }

    private func report(_ e: Exchange, bodyBytes: Int) {
        guard let hook = core.configuration.onResponse else { return }
        hook(CompletedExchange(requestID: e.requestID, method: e.method, path: e.path, route: e.route, status: e.status,
                               bodyBytes: bodyBytes, elapsedNanoseconds: Moment.now.nanoseconds(since: e.receivedAt),
                               remoteAddress: remoteAddress))
    }

    // MARK: - Output

    /// Writes, pulls stream chunks, answers stalled pipelined input, closes when due; then re-arms the
    /// sources and the phase deadline.
    private func pump() {
        while !closed {
            guard flush() else { break }
            if closeAfterFlush { beginClosing(); return }
            if core.draining.load(ordering: .relaxed) && isIdle && !hasWaitingInput { close(); return }
            if inputStalled && acceptingRequests {
                processPending()
                if output.isEmpty && stream == nil { break }
                continue
            }
            break
        }
        updateInterest()
    }

    /// True when everything queued (including a whole stream) has been written.
    private func flush() -> Bool {
        while true {
            if stream != nil { pullStream() }
            if output.isEmpty {
                outputBlocked = false
                return stream == nil
            }
            switch output.write(to: fd, iov: worker.iov, maxIov: Worker.maxIov) {
            case .drained:
                wroteSome()
            case .partial:
                wroteSome()
                outputBlocked = true
                return false
            case .wouldBlock:
                outputBlocked = true
                return false
            case .failed:
                close()  // the client is gone (EPIPE, ECONNRESET)
                return false
            }
        }
    }

    private func pullStream() {
        guard let s = stream else { return }
        while output.queuedBytes < limits.maxOutputBufferBytes {
            guard let chunk = s.next() else {
                if s.chunked { output.appendStaged("0\r\n\r\n".utf8) }
                stream = nil
                report(s.exchange, bodyBytes: s.sent)
                return
            }
            if chunk.isEmpty { continue }
            if s.chunked {
                let mark = output.stagingMark
                output.withStaging { out in
                    ResponseEncoder.appendHex(chunk.count, to: &out)
                    out.append(ASCII.cr); out.append(ASCII.lf)
                }
                output.commitStaged(from: mark)
                output.append(chunk)
                output.appendStaged("\r\n".utf8)
            } else {
                output.append(chunk)
            }
            s.sent += chunk.count
        }
    }

    // MARK: - Closing

    /// After the last response: half-close and discard what the client still sends until it closes, so it
    /// reads our response instead of a reset (RFC 9112 §9.6, nginx's lingering close).
    private func beginClosing() {
        closeAfterFlush = false
        if readEOF || !(mayHaveUnreadInput || pendingStart < pending.count) { close(); return }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        lingering = true
        dropPending()
        updateInterest()
    }

    private func updateInterest() {
        guard !closed else { return }
        let wantRead = !readEOF && (lingering || (acceptingRequests && !inputStalled && stream == nil
                                                    && output.queuedBytes < limits.maxOutputBufferBytes))
        let wanted = (wantRead ? Epoll.readable : 0) | (outputBlocked ? Epoll.writable : 0)
        if wanted != interest {
            interest = wanted
            worker.setInterest(fd, wanted)
        }
        let phase = ConnectionState.phase(lingering: lingering, outputBlocked: outputBlocked, inBody: parser.isInBody,
                                          headStarted: messageStart != nil, servedAny: served > 0)
        changeState { [now, served] in $0.enter(phase, now: now, served: served) }
    }

    private func wroteSome() {
        changeState { [now] in $0.wroteSome(now: now) }
    }

    /// Every change of `state` goes through here, so the worker's copy of the deadline never goes stale.
    private func changeState(_ change: (inout ConnectionState) -> Void) {
        let before = state.deadline
        change(&state)
        if state.deadline != before { worker.setDeadline(fd, state.deadline) }
    }

    /// When the current phase runs out; the worker's sweep reads it from its own array (`setDeadline`).
    var deadline: Moment? { state.deadline }

    func close() {
        guard !closed else { return }
        closed = true
        stream = nil
        head = nil
        body = []
        dropPending()
        output.removeAll()
        worker.forget(self)
        Glibc.close(fd)
        core.connectionClosed()
    }
}
