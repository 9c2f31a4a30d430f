import Glibc

/// A request head as parsed: the request line, the header fields in order, and the framing of the body.
/// A class: the connection holds the head it is answering as an optional, and testing, storing and clearing an
/// optional of this struct went through outlined generic value witnesses, about 500 instructions a request
/// (callgrind); a reference is one retain. Immutable once parsed.
public final class RequestHead: Sendable {
    public let method: HTTPMethod
    public let version: HTTPVersion
    public let target: String
    public let headers: HTTPHeaders
    public let framing: BodyFraming
    /// Whether the client allows the connection to stay open after this exchange (RFC 9112 §9.3: HTTP/1.1
    /// unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    public let keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request (RFC 9110 §10.1.1; ignored for HTTP/1.0).
    public let expectsContinue: Bool
    let split: TargetSplit

    init(method: HTTPMethod, version: HTTPVersion, target: String, headers: HTTPHeaders, framing: BodyFraming,
         keepAlive: Bool, expectsContinue: Bool, split: TargetSplit) {
        self.method = method
        self.version = version
        self.target = target
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self.split = split
    }
}

/// How the end of a request body is found (RFC 9112 §6.3). A request with neither field has no body.
public enum BodyFraming: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked

    public var hasBody: Bool {
        switch self {
        case .none: false
        case .contentLength(let n): n > 0
        case .chunked: true
        }
    }
}

/// An incremental, strict RFC 9112 request parser. A pure value over bytes: no I/O, no clock, no Strings
/// until a head is complete.
///
/// Feed it the connection's unconsumed bytes and drop `consumed` of them after each call:
///
///     var offset = 0
///     loop: while true {
///         let (event, consumed) = parser.parse(UnsafeRawBufferPointer(rebasing: buffer[offset...]))
///         offset += consumed
///         switch event {
///         case .needMore: break loop                    // keep buffer[offset...]; call again with more
///         case .head(let head): ...                     // then .body parts, then .end
///         case .body(let range): ...                    // range is within the slice passed to this call
///         case .end: ...                                // the request is complete; the next may follow
///         case .error(let e): ...                       // answer e.status and close
///         }
///     }
///
/// While a head is incomplete, `.needMore` consumes nothing: pass the same bytes again followed by new ones.
/// The parser remembers how far it scanned, so each byte is examined once however the input is split, and
/// feeding a stream one byte at a time or all at once gives the same events (the body may come in different
/// `.body` pieces). Limits are enforced while scanning, before a line is complete, so a client can never make
/// the server buffer more than `maxRequestLineBytes + maxHeaderBytes` of head.
public struct RequestParser: Sendable {
    public enum Event {
        case needMore
        case head(RequestHead)
        case body(Range<Int>)
        case end
        case error(HTTPParseError)
    }

    enum State: Equatable {
        case requestLine
        case fields
        case bodyLength(remaining: Int)
        case chunkSize(value: Int, digits: Int)
        case chunkExtension(value: Int)
        case chunkSizeLF(value: Int)
        case chunkData(remaining: Int)
        case chunkDataCR
        case chunkDataLF
        case trailerLineStart
        case trailerName
        case trailerValue
        case trailerLineLF
        case trailerEndLF
        case messageEnd
        case failed(HTTPParseError)
    }

    struct FieldSpan {
        var nameStart: Int32, nameEnd: Int32, valueStart: Int32, valueEnd: Int32
    }

    /// Longest chunk-size line (size and extensions) accepted, in bytes; extensions carry nothing we use.
    static let maxChunkLineBytes = 4096
    /// Empty lines tolerated before a request line (RFC 9112 §2.2 asks for at least one).
    static let maxEmptyLinesBeforeRequest = 8

    public let limits: ServerConfiguration.Limits
    var state: State = .requestLine

    // Head scanning; offsets are relative to the start of the unconsumed input.
    var lineStart = 0
    var scanned = 0
    var sectionStart = 0
    var emptyLines = 0
    var method: HTTPMethod = .get
    var version: HTTPVersion = .http1_1
    var targetStart = 0
    var targetEnd = 0
    var split = TargetSplit(pathStart: 0, queryStart: nil)
    var fields: [FieldSpan] = []

    // Chunked body bookkeeping, per message.
    var bodyBytes = 0
    var chunkLineBytes = 0
    var extensionBytes = 0
    var trailerBytes = 0
    var trailerCount = 0

    public init(limits: ServerConfiguration.Limits = ServerConfiguration.Limits()) {
        self.limits = limits
        fields.reserveCapacity(16)
    }

    /// True between messages before any byte of the next one has been seen.
    public var isAtMessageBoundary: Bool { state == .requestLine && scanned == 0 }

    /// True once a head has been returned and until its `.end`.
    public var isInBody: Bool {
        switch state {
        case .requestLine, .fields, .failed: false
        default: true
        }
    }

    public mutating func parse(_ input: UnsafeRawBufferPointer) -> (event: Event, consumed: Int) {
        switch state {
        case .requestLine, .fields:
            return parseHead(input)
        case .bodyLength(let remaining):
            if input.isEmpty { return (.needMore, 0) }
            let take = min(remaining, input.count)
            state = take == remaining ? .messageEnd : .bodyLength(remaining: remaining - take)
            return (.body(0..<take), take)
        case .messageEnd:
            state = .requestLine
            return (.end, 0)
        case .failed(let e):
            return (.error(e), 0)
        default:
            return parseChunked(input)  // RequestParser+Chunked.swift
        }
    }

    // MARK: - Head

    private mutating func parseHead(_ p: UnsafeRawBufferPointer) -> (event: Event, consumed: Int) {
        let n = p.count
        while true {
            let inRequestLine = state == .requestLine
            // The line feed must come before this offset, or a limit is exceeded.
            let windowEnd = inRequestLine ? lineStart + limits.maxRequestLineBytes + 2
                                          : sectionStart + limits.maxHeaderBytes
            let searchEnd = min(n, windowEnd)
            var lf = -1
            if scanned < searchEnd, let base = p.baseAddress,
               let hit = memchr(base + scanned, Int32(ASCII.lf), searchEnd - scanned) {
                lf = base.distance(to: UnsafeRawPointer(hit))
            }
            if lf < 0 {
                scanned = max(scanned, searchEnd)
                if n >= windowEnd { return fail(p, inRequestLine ? .requestLineTooLong : .headerSectionTooLarge) }
                return (.needMore, 0)
            }
            scanned = lf + 1
            guard lf > lineStart, p[lf - 1] == ASCII.cr else { return fail(p, .bareLineFeed) }
            let lineEnd = lf - 1

            if inRequestLine {
                if lineEnd == lineStart {
                    emptyLines += 1
                    if emptyLines > RequestParser.maxEmptyLinesBeforeRequest { return fail(p, .invalidRequestLine) }
                    lineStart = lf + 1
                    continue
                }
                if let kind = parseRequestLine(p, lineStart, lineEnd) { return fail(p, kind) }
                state = .fields
                sectionStart = lf + 1
                lineStart = lf + 1
                continue
            }

            if lineEnd == lineStart {
                switch buildHead(p) {
                case .success(let head):
                    resetHead()
                    switch head.framing {
                    case .none, .contentLength(0): state = .messageEnd
                    case .contentLength(let len): state = .bodyLength(remaining: len)
                    case .chunked:
                        bodyBytes = 0; chunkLineBytes = 0; extensionBytes = 0; trailerBytes = 0; trailerCount = 0
                        state = .chunkSize(value: 0, digits: 0)
                    }
                    return (.head(head), lf + 1)
                case .failure(let kind):
                    return fail(p, kind)
                }
            }
            let first = p[lineStart]
            if first == ASCII.sp || first == ASCII.htab { return fail(p, .obsoleteLineFolding) }
            if fields.count >= limits.maxHeaderCount { return fail(p, .tooManyHeaders) }
            if let kind = parseFieldLine(p, lineStart, lineEnd) { return fail(p, kind) }
            lineStart = lf + 1
        }
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    private mutating func parseRequestLine(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> HTTPParseError.Kind? {
        var i = s
        while i < e && ASCII.isTokenChar(p[i]) { i += 1 }
        guard i < e, p[i] == ASCII.sp else {
            return i < e && p[i] == ASCII.cr ? .bareCarriageReturn : (i == s || i == e ? .invalidRequestLine : .invalidMethod)
        }
        guard i > s else { return .invalidRequestLine }
        let methodEnd = i
        let tStart = i + 1
        var j = tStart
        while j < e && p[j] != ASCII.sp {
            if p[j] == ASCII.cr { return .bareCarriageReturn }
            j += 1
        }
        guard j < e, j > tStart else { return .invalidRequestLine }
        let tEnd = j
        let vStart = j + 1
        for k in vStart..<e where p[k] == ASCII.cr { return .bareCarriageReturn }
        // HTTP-version = "HTTP/" DIGIT "." DIGIT
        guard e - vStart == 8,
              p[vStart] == 0x48, p[vStart + 1] == 0x54, p[vStart + 2] == 0x54, p[vStart + 3] == 0x50,
              p[vStart + 4] == ASCII.slash, p[vStart + 6] == UInt8(ascii: "."),
              p[vStart + 5] >= 0x30, p[vStart + 5] <= 0x39, p[vStart + 7] >= 0x30, p[vStart + 7] <= 0x39
        else { return .invalidVersion }
        guard p[vStart + 5] == UInt8(ascii: "1") else { return .unsupportedVersion }
        // RFC 9110 §6.2: a higher minor version is handled as the highest we implement.
        version = p[vStart + 7] == UInt8(ascii: "0") ? .http1_0 : .http1_1

        guard let m = HTTPMethod.from(UnsafeRawBufferPointer(rebasing: p[s..<methodEnd])) else { return .unsupportedMethod }
        // This server is not a proxy: CONNECT's authority-form has nothing to connect to (RFC 9110 §9.3.6).
        if m == .connect { return .unsupportedMethod }
        method = m
        targetStart = tStart
        targetEnd = tEnd
        let target = UnsafeRawBufferPointer(rebasing: p[tStart..<tEnd]).assumingMemoryBound(to: UInt8.self)
        if target.count == 1 && target[0] == UInt8(ascii: "*") {
            guard m == .options else { return .invalidTarget }  // asterisk-form is for OPTIONS only
            split = TargetSplit(pathStart: 0, queryStart: nil)
            return nil
        }
        guard let sp = TargetSplit(form: target), target.count > 1 || target[0] == ASCII.slash else {
            return .invalidTarget
        }
        split = sp
        return nil
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private mutating func parseFieldLine(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> HTTPParseError.Kind? {
        var i = s
        while i < e && ASCII.isTokenChar(p[i]) { i += 1 }
        guard i < e else { return .invalidHeaderName }
        let c = p[i]
        guard c == ASCII.colon else {
            if c == ASCII.sp || c == ASCII.htab { return .whitespaceBeforeColon }  // RFC 9112 §5.1: MUST 400
            return c == ASCII.cr ? .bareCarriageReturn : .invalidHeaderName
        }
        guard i > s else { return .invalidHeaderName }
        let nameEnd = i
        i += 1
        while i < e && (p[i] == ASCII.sp || p[i] == ASCII.htab) { i += 1 }
        let valueStart = i
        var valueEnd = e
        while valueEnd > valueStart && (p[valueEnd - 1] == ASCII.sp || p[valueEnd - 1] == ASCII.htab) { valueEnd -= 1 }
        var k = valueStart
        while k < valueEnd {
            let v = p[k]
            if !ASCII.isFieldValueChar(v) { return v == ASCII.cr ? .bareCarriageReturn : .invalidHeaderValue }
            k += 1
        }
        fields.append(FieldSpan(nameStart: Int32(s), nameEnd: Int32(nameEnd),
                                valueStart: Int32(valueStart), valueEnd: Int32(valueEnd)))
        return nil
    }

    private func buildHead(_ p: UnsafeRawBufferPointer) -> Result<RequestHead, HTTPParseError.Kind> {
        var headers = HTTPHeaders(reservingCapacity: fields.count)
        var hostCount = 0
        var contentLength: Int? = nil
        var contentLengthTooLarge = false
        var sawTransferEncoding = false
        var chunked = false
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false

        for f in fields {
            let name = UnsafeRawBufferPointer(rebasing: p[Int(f.nameStart)..<Int(f.nameEnd)])
            let value = UnsafeRawBufferPointer(rebasing: p[Int(f.valueStart)..<Int(f.valueEnd)])
            switch name.count {
            case 4 where ASCII.equalsLowercase(name, "host"):
                hostCount += 1
                guard HostSyntax.isValid(value) else { return .failure(.invalidHost) }
            case 6 where ASCII.equalsLowercase(name, "expect"):
                if version == .http1_1 {
                    guard ASCII.equalsLowercase(value, "100-continue") else { return .failure(.unsupportedExpectation) }
                    expectsContinue = true
                }
            case 10 where ASCII.equalsLowercase(name, "connection"):
                var failed = false
                ListSyntax.forEachElement(value) { token in
                    if ASCII.equalsLowercase(token, "close") { connectionClose = true }
                    else if ASCII.equalsLowercase(token, "keep-alive") { connectionKeepAlive = true }
                    else if !token.allSatisfy(ASCII.isTokenChar) { failed = true }
                }
                if failed { return .failure(.invalidHeaderValue) }
            case 14 where ASCII.equalsLowercase(name, "content-length"):
                // RFC 9110 §8.6: a list of identical values may be taken as that value; differing ones may not.
                var failure: HTTPParseError.Kind? = nil
                var elements = 0
                ListSyntax.forEachElement(value) { element in
                    elements += 1
                    guard failure == nil else { return }
                    guard !element.isEmpty, element.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                        failure = .invalidContentLength; return
                    }
                    var v = 0
                    var tooLarge = false
                    for d in element {
                        v = v &* 10 &+ Int(d &- 0x30)
                        if v > limits.maxBodyBytes { tooLarge = true; v = limits.maxBodyBytes + 1 }
                    }
                    if let existing = contentLength, existing != v || tooLarge != contentLengthTooLarge {
                        failure = .conflictingContentLength; return
                    }
                    contentLength = v
                    contentLengthTooLarge = tooLarge
                }
                if let failure { return .failure(failure) }
                if elements == 0 { return .failure(.invalidContentLength) }
            case 17 where ASCII.equalsLowercase(name, "transfer-encoding"):
                // RFC 9112 §6.1: chunked must be applied last and only once; we implement no other coding.
                var failure: HTTPParseError.Kind? = nil
                var elements = 0
                ListSyntax.forEachElement(value) { coding in
                    elements += 1
                    guard failure == nil else { return }
                    if chunked { failure = .invalidTransferEncoding; return }
                    if ASCII.equalsLowercase(coding, "chunked") { chunked = true; return }
                    failure = coding.allSatisfy(ASCII.isTokenChar) ? .unsupportedTransferCoding : .invalidTransferEncoding
                }
                if let failure { return .failure(failure) }
                if elements == 0 { return .failure(.invalidTransferEncoding) }
                sawTransferEncoding = true
            default:
                break
            }
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }

        if hostCount > 1 { return .failure(.multipleHost) }
        if hostCount == 0 && version == .http1_1 { return .failure(.missingHost) }  // RFC 9112 §3.2
        let framing: BodyFraming
        if sawTransferEncoding {
            // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing; §6.3: with both
            // fields a request may be smuggled, so refuse rather than guess.
            if version == .http1_0 { return .failure(.transferEncodingInHTTP10) }
            if contentLength != nil { return .failure(.contentLengthWithTransferEncoding) }
            guard chunked else { return .failure(.invalidTransferEncoding) }
            framing = .chunked
        } else if let contentLength {
            if contentLengthTooLarge { return .failure(.bodyTooLarge) }
            framing = .contentLength(contentLength)
        } else {
            framing = .none
        }
        let keepAlive = version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: p[targetStart..<targetEnd]), as: UTF8.self)
        return .success(RequestHead(method: method, version: version, target: target, headers: headers,
                                    framing: framing, keepAlive: keepAlive,
                                    expectsContinue: expectsContinue && framing.hasBody, split: split))
    }

    private mutating func resetHead() {
        lineStart = 0
        scanned = 0
        sectionStart = 0
        emptyLines = 0
        fields.removeAll(keepingCapacity: true)
    }

    private mutating func fail(_ p: UnsafeRawBufferPointer, _ kind: HTTPParseError.Kind) -> (event: Event, consumed: Int) {
        var error = HTTPParseError(kind)
        if state == .fields {
            error.method = method
            error.target = String(decoding: UnsafeRawBufferPointer(rebasing: p[targetStart..<targetEnd]), as: UTF8.self)
        }
        state = .failed(error)
        return (.error(error), 0)
    }
}

