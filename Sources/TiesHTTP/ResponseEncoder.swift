/// Serializes a response head into a byte buffer and decides the body's framing (lesson 9: framing belongs
/// to the encoder, which therefore knows the request's method and version).
enum ResponseEncoder {
    enum BodyPlan {
        case none
        case bytes([UInt8])
        case chunked(ResponseStream)
        case closeDelimited(ResponseStream)
    }

    struct Context {
        var requestMethod: HTTPMethod?
        var requestVersion: HTTPVersion
        var requestID: String
        /// `Server: <name>\r\n`, encoded once per server (`serverLine(for:)`); empty sends none.
        var serverLine: [UInt8]
    }

    /// The `Server` line for `name`: empty for nil, or for a name that could not go on the wire (dropped,
    /// rather than failing every response).
    static func serverLine(for name: String?) -> [UInt8] {
        var line: [UInt8] = []
        guard let name, appendField("Server", name, to: &line) else { return [] }
        return line
    }

    /// A literal's bytes, copied in one go (appending a `String`'s UTF-8 view went byte by byte).
    @inline(__always)
    static func appendLiteral(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Appends the head to `out` and returns how the body must follow, or nil (with `out` possibly partly
    /// written: the caller truncates it) when the response cannot be sent as is: a status outside 200–999,
    /// or a header name that is not a token or a value with CR, LF or NUL (response splitting).
    /// `keepAlive` is cleared when the body can only be delimited by closing (a stream to HTTP/1.0).
    static func encodeHead(_ response: HTTPResponse, _ ctx: Context, date: inout DateCache,
                           keepAlive: inout Bool, into out: inout [UInt8]) -> BodyPlan? {
        let code = response.status.code
        guard code >= 200 && code <= 999 else { return nil }
        appendLiteral("HTTP/1.1 ", to: &out)
        out.append(UInt8(48 + code / 100))
        out.append(UInt8(48 + code / 10 % 10))
        out.append(UInt8(48 + code % 10))
        out.append(ASCII.sp)
        guard appendValidated(response.status.reasonPhrase, to: &out, isName: false) else { return nil }
        out.append(ASCII.cr); out.append(ASCII.lf)

        var sawDate = false
        var sawServer = false
        var handlerContentLength: String? = nil
        // By index, binding only a prepared field's line: iterating the entries copied each, a retain and a
        // release (atomic) per prepared field of every response.
        for i in response.headers.entries.indices {
            let name: String, value: String
            switch response.headers.entries[i] {
            case .prepared(_, let line):
                out.append(contentsOf: line.bytes)
                continue
            case .text(let n, let v):
                name = n; value = v
            }
            switch name.utf8.count {
            case 14 where ASCII.caseInsensitiveEquals(name, "Content-Length"):
                handlerContentLength = value; continue
            case 17 where ASCII.caseInsensitiveEquals(name, "Transfer-Encoding"): continue
            case 10 where ASCII.caseInsensitiveEquals(name, "Connection"): continue
            case 12 where ASCII.caseInsensitiveEquals(name, "X-Request-Id"): continue
            case 4 where ASCII.caseInsensitiveEquals(name, "Date"): sawDate = true
            case 6 where ASCII.caseInsensitiveEquals(name, "Server"): sawServer = true
            default: break
            }
            guard appendField(name, value, to: &out) else { return nil }
        }

        let isHead = ctx.requestMethod == .head
        let http10 = ctx.requestVersion == .http1_0
        var plan = BodyPlan.none
        if code == 204 {
            // RFC 9110 §8.6: never a Content-Length on 204.
        } else if code == 304 {
            // RFC 9110 §15.4.5: no body; a Content-Length, if the handler set one, describes the 200's.
            if let cl = handlerContentLength, !appendField("Content-Length", cl, to: &out) { return nil }
        } else {
            switch response.body {
            case .empty:
                if isHead, let cl = handlerContentLength {
                    guard cl.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), !cl.isEmpty,
                          appendField("Content-Length", cl, to: &out) else { return nil }
                } else {
                    appendLiteral("Content-Length: 0\r\n", to: &out)
                }
            case .bytes(let bytes):
                appendLiteral("Content-Length: ", to: &out)
                appendDecimal(bytes.count, to: &out)
                out.append(ASCII.cr); out.append(ASCII.lf)
                if !isHead && !bytes.isEmpty { plan = .bytes(bytes) }
            case .stream(let stream):
                if http10 {
                    if !isHead { plan = .closeDelimited(stream); keepAlive = false }
                } else {
                    appendLiteral("Transfer-Encoding: chunked\r\n", to: &out)
                    if !isHead { plan = .chunked(stream) }
                }
            }
        }
        if !sawDate { date.append(to: &out) }
        if !sawServer { out.appendBytes(of: ctx.serverLine) }
        appendLiteral("X-Request-Id: ", to: &out)
        ctx.requestID.withUTF8Bytes { out.append(contentsOf: $0) }
        out.append(ASCII.cr); out.append(ASCII.lf)
        if !keepAlive {
            appendLiteral("Connection: close\r\n", to: &out)
        } else if http10 {
            appendLiteral("Connection: keep-alive\r\n", to: &out)
        }
        out.append(ASCII.cr); out.append(ASCII.lf)
        return plan
    }

    static let continueHead: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The fields `encodeHead` writes or drops itself, never copied from a `PreparedField`.
    static func isServerField(_ name: String) -> Bool {
        ["Content-Length", "Transfer-Encoding", "Connection", "X-Request-Id", "Date", "Server"]
            .contains { ASCII.caseInsensitiveEquals($0, name) }
    }

    @inline(__always)
    static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) -> Bool {
        guard !name.isEmpty, appendValidated(name, to: &out, isName: true) else { return false }
        out.append(ASCII.colon); out.append(ASCII.sp)
        guard appendValidated(value, to: &out, isName: false) else { return false }
        out.append(ASCII.cr); out.append(ASCII.lf)
        return true
    }

    /// Appends the UTF-8 of `s`, checking it is a token (names) or free of controls other than HTAB
    /// (values and reason phrases), so a handler cannot split a response with a CR or LF. Checked in place
    /// on the string's contiguous bytes, then copied in one go: every header of every response passes here.
    @inline(__always)
    static func appendValidated(_ s: String, to out: inout [UInt8], isName: Bool) -> Bool {
        return s.withUTF8Bytes { bytes in
            if isName {
                for c in bytes where !ASCII.isTokenChar(c) { return false }
            } else if !ASCII.isFieldValue(bytes) {
                return false
            }
            out.append(contentsOf: bytes)
            return true
        }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(48 + value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    static func appendHex(_ value: Int, to out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4
        if shift < 0 { shift = 0 }
        while shift >= 0 {
            out.append(hex.utf8Start[(value >> shift) & 0xF])
            shift -= 4
        }
    }
}
