@testable import TiesHTTP

/// A request as the parser delivered it, flattened so outcomes can be compared with ==.
struct ParsedRequest: Equatable, CustomStringConvertible {
    var method: HTTPMethod
    var version: HTTPVersion
    var target: String
    var headers: [String]
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
    var body: [UInt8]

    var description: String { "\(method) \(target) \(version) \(headers) body=\(body.count)" }
}

struct ParseOutcome: Equatable, CustomStringConvertible {
    var requests: [ParsedRequest] = []
    var error: HTTPParseError.Kind?
    /// Bytes of an unfinished message left when the input ran out.
    var incomplete = false

    var description: String { "\(requests) error=\(String(describing: error)) incomplete=\(incomplete)" }
}

enum ParserHarness {
    static func limits(maxRequestLineBytes: Int = 8192, maxHeaderBytes: Int = 32768, maxHeaderCount: Int = 100,
                       maxBodyBytes: Int = 1 << 20) -> ServerConfiguration.Limits {
        var l = ServerConfiguration.Limits()
        l.maxRequestLineBytes = maxRequestLineBytes
        l.maxHeaderBytes = maxHeaderBytes
        l.maxHeaderCount = maxHeaderCount
        l.maxBodyBytes = maxBodyBytes
        return l
    }

    /// Feeds `input` in pieces of `piece` bytes (0 = all at once), keeping unconsumed bytes the way the
    /// connection does, and records what comes out.
    static func run(_ input: [UInt8], piece: Int = 0, limits: ServerConfiguration.Limits = limits()) -> ParseOutcome {
        var parser = RequestParser(limits: limits)
        var outcome = ParseOutcome()
        var buffer: [UInt8] = []
        var current: ParsedRequest?
        var position = 0
        let step = piece == 0 ? max(1, input.count) : piece
        while position < input.count || (position == 0 && input.isEmpty) {
            let end = min(input.count, position + step)
            buffer += input[position..<end]
            position = end
            var offset = 0
            loop: while true {
                let (event, used) = buffer.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
                switch event {
                case .needMore:
                    offset += used
                    break loop
                case .head(let h):
                    current = ParsedRequest(method: h.method, version: h.version, target: h.target,
                                            headers: h.headers.map { "\($0.name): \($0.value)" }, framing: h.framing,
                                            keepAlive: h.keepAlive, expectsContinue: h.expectsContinue, body: [])
                    offset += used
                case .body(let r):
                    current!.body += buffer[(offset + r.lowerBound)..<(offset + r.upperBound)]
                    offset += used
                case .end:
                    outcome.requests.append(current!)
                    current = nil
                    offset += used
                case .error(let e):
                    outcome.error = e.kind
                    return outcome
                }
            }
            buffer.removeFirst(offset)
            if input.isEmpty { break }
        }
        outcome.incomplete = current != nil || !parser.isAtMessageBoundary
        return outcome
    }

    /// The outcome fed whole, after checking that byte-by-byte and 7-byte pieces give the same.
    static func parse(_ text: String, limits: ServerConfiguration.Limits = limits()) -> (whole: ParseOutcome, byByte: ParseOutcome, sevens: ParseOutcome) {
        let bytes = Array(text.utf8)
        return (run(bytes, limits: limits), run(bytes, piece: 1, limits: limits), run(bytes, piece: 7, limits: limits))
    }
}
