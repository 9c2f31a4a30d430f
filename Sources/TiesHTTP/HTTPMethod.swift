import Glibc

/// A request method (RFC 9110 §9). Only the registered methods below are modelled: the parser answers any
/// other syntactically valid method with 501 Not Implemented, as RFC 9110 §9.1 asks of an origin server.
public enum HTTPMethod: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
    case options = "OPTIONS"
    case patch = "PATCH"
    case trace = "TRACE"
    case connect = "CONNECT"

    public var description: String { rawValue }

    /// Position in `Allow` headers, so they read the same on every response.
    var canonicalOrder: Int {
        switch self {
        case .get: 0
        case .head: 1
        case .post: 2
        case .put: 3
        case .patch: 4
        case .delete: 5
        case .options: 6
        case .trace: 7
        case .connect: 8
        }
    }

    /// Matches the method token of a request line without building a String (methods are case-sensitive,
    /// RFC 9110 §9.1).
    static func from(_ bytes: UnsafeRawBufferPointer) -> HTTPMethod? {
        @inline(__always) func eq(_ s: StaticString) -> Bool {
            s.utf8CodeUnitCount == bytes.count && memcmp(s.utf8Start, bytes.baseAddress!, bytes.count) == 0
        }
        switch bytes.count {
        case 3: return eq("GET") ? .get : eq("PUT") ? .put : nil
        case 4: return eq("HEAD") ? .head : eq("POST") ? .post : nil
        case 5: return eq("PATCH") ? .patch : eq("TRACE") ? .trace : nil
        case 6: return eq("DELETE") ? .delete : nil
        case 7: return eq("OPTIONS") ? .options : eq("CONNECT") ? .connect : nil
        default: return nil
        }
    }
}

/// The protocol version of a request. The server answers every request as `HTTP/1.1` (RFC 9110 §2.5: a
/// server sends its own highest version) but keeps 1.0 semantics for persistence and framing.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}
