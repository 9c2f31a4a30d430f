import Glibc
import TiesHTTP

/// Fuzz target for the request parser (libFuzzer). Beyond "no crash, no memory error", each input checks
/// the parser's central promise: fed whole, byte by byte, or split at input-derived points, the same stream
/// yields the same requests, bodies and error. Two sets of limits run: production defaults and tiny ones,
/// so every limit path is reachable by small inputs. Parsed targets also go through `HTTPRequest` (target
/// split, query decoding) and the router's matcher.
///
/// `scripts/fuzz SECONDS` builds it with `-sanitize=fuzzer,address -DFUZZING` and runs it. Built plainly it
/// replays files: `TiesParserFuzz Tests/TiesHTTPTests/FuzzCorpus` (directories or files).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    ParserFuzz.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

enum ParserFuzz {
    struct Outcome: Equatable {
        var requests: [String] = []
        var error: HTTPParseError.Kind?
    }

    static let small: ServerConfiguration.Limits = {
        var l = ServerConfiguration.Limits()
        l.maxRequestLineBytes = 64
        l.maxHeaderBytes = 128
        l.maxHeaderCount = 4
        l.maxBodyBytes = 64
        return l
    }()

    static let router: Router = {
        var b = Router.Builder()
        for pattern in ["/", "/api/v1/events", "/api/v1/events/{id}", "/api/v1/events/latest", "/a/{x}/d", "/a/b/c"] {
            b.add(.get, pattern) { _, _ in HTTPResponse() }
        }
        b.add(.post, "/api/v1/events") { _, _ in HTTPResponse() }
        do { return try b.build() } catch { fatalError("fuzz router: \(error)") }
    }()

    static func check(_ input: [UInt8]) {
        for limits in [ServerConfiguration.Limits(), small] {
            let whole = run(input, splits: [], limits: limits)
            let byByte = run(input, splits: Array(0..<input.count), limits: limits)
            var seed = input.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }
            var splits: [Int] = []
            var at = 0
            while at < input.count {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                at += 1 + Int(seed >> 59)
                splits.append(at)
            }
            let random = run(input, splits: splits, limits: limits)
            if whole != byByte || whole != random {
                fatalError("split-dependent outcome:\nwhole   \(whole)\nbyte    \(byByte)\nrandom  \(random)")
            }
        }
    }

    /// Feeds `input` cut at `splits`, keeping unconsumed bytes as the connection does.
    static func run(_ input: [UInt8], splits: [Int], limits: ServerConfiguration.Limits) -> Outcome {
        var parser = RequestParser(limits: limits)
        var outcome = Outcome()
        var buffer: [UInt8] = []
        var current = ""
        var body: [UInt8] = []
        var start = 0
        for cut in splits + [input.count] {
            let end = min(cut, input.count)
            guard end > start || end == input.count else { continue }
            buffer += input[start..<end]
            start = end
            var offset = 0
            loop: while true {
                let (event, used) = buffer.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
                switch event {
                case .needMore:
                    offset += used
                    break loop
                case .head(let h):
                    precondition(used > 0 && used <= buffer.count - offset, "head consumed \(used)")
                    current = "\(h.method) \(h.target) \(h.version) \(h.headers) \(h.framing) \(h.keepAlive) \(h.expectsContinue)"
                    exercise(h)
                    offset += used
                case .body(let r):
                    precondition(r.lowerBound >= 0 && r.upperBound <= buffer.count - offset && used >= r.upperBound)
                    body += buffer[(offset + r.lowerBound)..<(offset + r.upperBound)]
                    precondition(body.count <= limits.maxBodyBytes, "body beyond the limit")
                    offset += used
                case .end:
                    outcome.requests.append(current + " body=\(body)")
                    body = []
                    offset += used
                case .error(let e):
                    outcome.error = e.kind
                    return outcome
                }
            }
            buffer.removeFirst(offset)
            // Bytes held for an incomplete head stay within the limits (plus the piece just added).
            precondition(buffer.count <= limits.maxRequestLineBytes + limits.maxHeaderBytes + 2 + input.count)
            if start >= input.count { break }
        }
        return outcome
    }

    static func exercise(_ head: RequestHead) {
        guard let request = try? HTTPRequest(method: head.method, target: head.target, version: head.version,
                                             headers: head.headers) else { return }
        _ = request.query("q")
        _ = router.respond(to: request, context: RequestContext(requestID: "fuzz"))
        _ = router.allowedMethods(forPath: request.path)
    }
}

#if FUZZING
@_extern(c, "LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry point as `<module>_main` (so tests can link the module); in a fuzz
/// build that entry hands the process to libFuzzer's driver instead of libFuzzer's own `main`.
@_cdecl("TiesParserFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzTestOneInput(data, size)
    }
}
#else
/// Without libFuzzer: replay every file named on the command line (directories are walked).
@main
struct Replay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() { count += replay(path) }
        let line = "replayed \(count) inputs, no failure\n"
        _ = Array(line.utf8).withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    static func replay(_ path: String) -> Int {
        if let dir = opendir(path) {
            defer { closedir(dir) }
            var count = 0
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name.hasPrefix(".") { continue }
                count += replay(path + "/" + name)
            }
            return count
        }
        guard let f = fopen(path, "rb") else { return 0 }
        defer { fclose(f) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            data += chunk[0..<n]
        }
        ParserFuzz.check(data)
        return 1
    }
}
#endif
