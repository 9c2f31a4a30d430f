/// Why a request could not be parsed, and the status it is answered with. After any of these the framing of
/// the byte stream can no longer be trusted, so the connection is closed after the response.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Error, Sendable, CaseIterable {
        case invalidRequestLine, invalidMethod, unsupportedMethod, invalidTarget, requestLineTooLong
        case invalidVersion, unsupportedVersion
        case bareLineFeed, bareCarriageReturn
        case invalidHeaderName, whitespaceBeforeColon, obsoleteLineFolding, invalidHeaderValue
        case headerSectionTooLarge, tooManyHeaders
        case missingHost, multipleHost, invalidHost
        case invalidContentLength, conflictingContentLength, contentLengthWithTransferEncoding
        case transferEncodingInHTTP10, unsupportedTransferCoding, invalidTransferEncoding
        case unsupportedExpectation, bodyTooLarge
        case invalidChunkSize, chunkLineTooLong, invalidChunkFraming

        public var status: HTTPStatus {
            switch self {
            case .unsupportedMethod, .unsupportedTransferCoding: .notImplemented  // RFC 9110 §9.1, RFC 9112 §6.1
            case .requestLineTooLong: .uriTooLong  // RFC 9112 §3
            case .unsupportedVersion: .httpVersionNotSupported
            case .headerSectionTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge  // RFC 6585 §5
            case .unsupportedExpectation: .expectationFailed  // RFC 9110 §10.1.1
            case .bodyTooLarge: .contentTooLarge
            default: .badRequest
            }
        }

        public var detail: String {
            switch self {
            case .invalidRequestLine: "the request line is malformed"
            case .invalidMethod: "the method is not a token"
            case .unsupportedMethod: "the method is not implemented by this server"
            case .invalidTarget: "the request target is malformed"
            case .requestLineTooLong: "the request line is too long"
            case .invalidVersion: "the HTTP version is malformed"
            case .unsupportedVersion: "only HTTP/1.0 and HTTP/1.1 are supported"
            case .bareLineFeed: "a line ends in LF without CR"
            case .bareCarriageReturn: "a CR is not followed by LF"
            case .invalidHeaderName: "a header field name is malformed"
            case .whitespaceBeforeColon: "whitespace between a header field name and its colon"
            case .obsoleteLineFolding: "obsolete line folding in the header section"
            case .invalidHeaderValue: "a header field value contains a control character"
            case .headerSectionTooLarge: "the header section is too large"
            case .tooManyHeaders: "too many header fields"
            case .missingHost: "an HTTP/1.1 request needs a Host header"
            case .multipleHost: "more than one Host header"
            case .invalidHost: "the Host header is malformed"
            case .invalidContentLength: "the Content-Length is malformed"
            case .conflictingContentLength: "conflicting Content-Length values"
            case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding together"
            case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
            case .unsupportedTransferCoding: "a transfer coding other than chunked"
            case .invalidTransferEncoding: "chunked must be the final transfer coding, once"
            case .unsupportedExpectation: "the only expectation supported is 100-continue"
            case .bodyTooLarge: "the request body is too large"
            case .invalidChunkSize: "a chunk size is malformed"
            case .chunkLineTooLong: "a chunk size line or its extensions are too long"
            case .invalidChunkFraming: "chunk data is not followed by CRLF"
            }
        }
    }

    public let kind: Kind
    /// The method, when the request line had been parsed.
    public var method: HTTPMethod?
    /// The raw target, when the request line had been parsed.
    public var target: String?

    public init(_ kind: Kind, method: HTTPMethod? = nil, target: String? = nil) {
        self.kind = kind
        self.method = method
        self.target = target
    }

    public var status: HTTPStatus { kind.status }
    public var detail: String { kind.detail }
    public var description: String { "\(status.code) \(kind.rawValue)" }

    /// The error as the server renders it.
    public var httpError: HTTPError { HTTPError(status, detail: detail, method: method, target: target) }
}
