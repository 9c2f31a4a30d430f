import Testing
@testable import TiesHTTP

/// Every case runs three ways — whole, one byte at a time, and in 7-byte pieces — and must agree.
@Suite struct RequestParserTests {
    @discardableResult
    func accepts(_ text: String, limits: ServerConfiguration.Limits = ParserHarness.limits(),
                 sourceLocation: SourceLocation = #_sourceLocation) -> [ParsedRequest] {
        let (whole, byByte, sevens) = ParserHarness.parse(text, limits: limits)
        #expect(whole.error == nil, "unexpected \(String(describing: whole.error))", sourceLocation: sourceLocation)
        #expect(!whole.incomplete, sourceLocation: sourceLocation)
        #expect(byByte == whole, "byte-by-byte differs", sourceLocation: sourceLocation)
        #expect(sevens == whole, "7-byte pieces differ", sourceLocation: sourceLocation)
        return whole.requests
    }

    func rejects(_ text: String, _ kind: HTTPParseError.Kind, status: Int,
                 limits: ServerConfiguration.Limits = ParserHarness.limits(),
                 sourceLocation: SourceLocation = #_sourceLocation) {
        let (whole, byByte, sevens) = ParserHarness.parse(text, limits: limits)
        #expect(whole.error == kind, sourceLocation: sourceLocation)
        #expect(kind.status.code == status, sourceLocation: sourceLocation)
        #expect(byByte == whole, "byte-by-byte differs: \(byByte)", sourceLocation: sourceLocation)
        #expect(sevens == whole, "7-byte pieces differ: \(sevens)", sourceLocation: sourceLocation)
    }

    // MARK: - Well-formed requests

    @Test func parsesSimpleGet() {
        let r = accepts("GET /api/v1/events?limit=5 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")
        #expect(r.count == 1)
        #expect(r.first?.method == .get)
        #expect(r.first?.target == "/api/v1/events?limit=5")
        #expect(r.first?.version == .http1_1)
        #expect(r.first?.headers == ["Host: example.com", "Accept: */*"])
        #expect(r.first?.framing == BodyFraming.none)
        #expect(r.first?.keepAlive == true)
    }

    @Test func keepsDuplicateHeadersInOrderAndTrimsWhitespace() {
        let r = accepts("GET / HTTP/1.1\r\nHost: h\r\nX-A:  one \t\r\nx-a:two\r\nX-A: \r\n\r\n")
        #expect(r.first?.headers == ["Host: h", "X-A: one", "x-a: two", "X-A: "])
    }

    @Test func acceptsHTTP10WithoutHostAndClosesByDefault() {
        let r = accepts("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(r.map(\.version) == [.http1_0, .http1_0])
        #expect(r.map(\.keepAlive) == [false, true])
    }

    @Test func connectionCloseEndsKeepAliveOnHTTP11() {
        let r = accepts("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, close\r\n\r\n")
        #expect(r.first?.keepAlive == false)
    }

    @Test func treatsHigherMinorVersionAsHTTP11() {
        let r = accepts("GET / HTTP/1.7\r\nHost: h\r\n\r\n")
        #expect(r.first?.version == .http1_1)
    }

    @Test func acceptsAbsoluteFormAndAsteriskForm() {
        let r = accepts("GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com\r\n\r\n"
                        + "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(r.map(\.target) == ["http://example.com:8080/a/b?c=d", "*"])
        #expect(r.map(\.method) == [.get, .options])
    }

    @Test func readsContentLengthBody() {
        let r = accepts("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(r.first?.body == Array("hello world".utf8))
        #expect(r.first?.framing == .contentLength(11))
    }

    @Test func acceptsRepeatedIdenticalContentLength() {
        let r = accepts("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(r.first?.body == Array("abc".utf8))
    }

    @Test func decodesChunkedBodyWithExtensionsAndTrailers() {
        let r = accepts("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked"
                        + "\r\n\r\n5;name=\"v\"\r\nhello\r\n0006\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n"
                        + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(r.count == 2)
        #expect(r.first?.framing == .chunked)
        #expect(r.first?.body == Array("hello world".utf8))
        #expect(r.last?.target == "/next")
    }

    @Test func answersPipelinedRequestsInOrder() {
        let one = (1...5).map { "GET /\($0) HTTP/1.1\r\nHost: h\r\n\r\n" }.joined()
        let r = accepts(one + "POST /6 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok" + "GET /7 HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(r.map(\.target) == ["/1", "/2", "/3", "/4", "/5", "/6", "/7"])
    }

    @Test func ignoresEmptyLinesBeforeRequestLine() {
        let r = accepts("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(r.count == 1)
    }

    @Test func flagsExpectContinueOnlyWithABody() {
        let r = accepts("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx"
                        + "GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n\r\n")
        #expect(r.map(\.expectsContinue) == [true, false])
    }

    @Test func acceptsEmptyHostAndIPv6Host() {
        accepts("GET / HTTP/1.1\r\nHost:\r\n\r\nGET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n")
    }

    @Test func acceptsObsTextInFieldValues() {
        let r = accepts("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\u{e9}\r\n\r\n")
        #expect(r.first?.headers.last == "X-Name: caf\u{e9}")
    }

    @Test func everyPrefixOfAValidRequestNeedsMore() {
        let text = Array("POST /a?b=c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n".utf8)
        for n in 0..<text.count {
            let outcome = ParserHarness.run(Array(text[0..<n]))
            #expect(outcome.requests.isEmpty && outcome.error == nil, "prefix \(n): \(outcome)")
        }
        #expect(ParserHarness.run(text).requests.count == 1)
    }

    @Test func bodyPiecesReassembleTheSameBodyAtEverySplit() {
        let text = Array("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n".utf8)
        let expected = Array("Wikipedia in \r\n\r\nchunks.".utf8)
        for piece in 1...text.count {
            #expect(ParserHarness.run(text, piece: piece).requests.first?.body == expected, "piece \(piece)")
        }
    }

    // MARK: - Framing that must never be guessed

    @Test func rejectsContentLengthWithTransferEncoding() {
        rejects("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                .contentLengthWithTransferEncoding, status: 400)
    }

    @Test func rejectsConflictingContentLengths() {
        rejects("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", .conflictingContentLength, status: 400)
        rejects("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\nhello!", .conflictingContentLength, status: 400)
    }

    @Test func rejectsMalformedContentLength() {
        for value in ["-1", "+5", "0x10", "1 2", "", "five", "5;"] {
            rejects("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \(value)\r\n\r\n", .invalidContentLength, status: 400)
        }
    }

    @Test func rejectsUnknownTransferCodingWith501() {
        rejects("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", .unsupportedTransferCoding, status: 501)
        rejects("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferCoding, status: 501)
    }

    @Test func rejectsChunkedThatIsNotFinalOrRepeated() {
        rejects("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .invalidTransferEncoding, status: 400)
        rejects("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                .invalidTransferEncoding, status: 400)
        rejects("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,\r\n\r\n", .invalidTransferEncoding, status: 400)
    }

    @Test func rejectsTransferEncodingInHTTP10() {
        rejects("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .transferEncodingInHTTP10, status: 400)
    }

    @Test func rejectsObsoleteLineFolding() {
        rejects("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", .obsoleteLineFolding, status: 400)
        rejects("GET / HTTP/1.1\r\n Host: h\r\n\r\n", .obsoleteLineFolding, status: 400)
    }

    @Test func rejectsWhitespaceBeforeColon() {
        rejects("GET / HTTP/1.1\r\nHost : h\r\n\r\n", .whitespaceBeforeColon, status: 400)
        rejects("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", .whitespaceBeforeColon, status: 400)
    }

    @Test func rejectsBareLineFeed() {
        rejects("GET / HTTP/1.1\nHost: h\r\n\r\n", .bareLineFeed, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: h\n\r\n", .bareLineFeed, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: h\r\n\n", .bareLineFeed, status: 400)
        rejects("\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", .bareLineFeed, status: 400)
    }

    @Test func rejectsBareCarriageReturn() {
        rejects("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", .bareCarriageReturn, status: 400)
        rejects("GET /\r HTTP/1.1\r\nHost: h\r\n\r\n", .bareCarriageReturn, status: 400)
        rejects("GET / HTTP/1.1\r\nX\rY: 1\r\n\r\n", .bareCarriageReturn, status: 400)
    }

    @Test func rejectsNulAndControlCharacters() {
        rejects("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{0}b\r\n\r\n", .invalidHeaderValue, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{7f}\r\n\r\n", .invalidHeaderValue, status: 400)
        rejects("GET /a\u{0}b HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget, status: 400)
        rejects("GET / HTTP/1.1\r\nHo\u{0}st: h\r\n\r\n", .invalidHeaderName, status: 400)
    }

    @Test func rejectsNonTokenHeaderNames() {
        rejects("GET / HTTP/1.1\r\nHost: h\r\nX(A): 1\r\n\r\n", .invalidHeaderName, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: h\r\n: empty\r\n\r\n", .invalidHeaderName, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", .invalidHeaderName, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: h\r\nX-\u{e9}: 1\r\n\r\n", .invalidHeaderName, status: 400)
    }

    @Test func requiresExactlyOneValidHostOnHTTP11() {
        rejects("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .missingHost, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", .multipleHost, status: 400)
        rejects("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", .multipleHost, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .invalidHost, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", .invalidHost, status: 400)
        rejects("GET / HTTP/1.1\r\nHost: a:123456\r\n\r\n", .invalidHost, status: 400)
    }

    @Test func rejectsUnknownMethodsWith501() {
        rejects("BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n", .unsupportedMethod, status: 501)
        rejects("get / HTTP/1.1\r\nHost: h\r\n\r\n", .unsupportedMethod, status: 501)
        rejects("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", .unsupportedMethod, status: 501)
    }

    @Test func rejectsMalformedRequestLines() {
        rejects("G@T / HTTP/1.1\r\nHost: h\r\n\r\n", .invalidMethod, status: 400)
        rejects("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", .invalidRequestLine, status: 400)
        rejects("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", .invalidVersion, status: 400)
        rejects("GET /\r\n\r\n", .invalidRequestLine, status: 400)
        rejects(" GET / HTTP/1.1\r\nHost: h\r\n\r\n", .invalidRequestLine, status: 400)
        rejects("GET / http/1.1\r\nHost: h\r\n\r\n", .invalidVersion, status: 400)
        rejects("GET / HTTP/1.10\r\nHost: h\r\n\r\n", .invalidVersion, status: 400)
    }

    @Test func rejectsUnsupportedVersionsWith505() {
        rejects("GET / HTTP/2.0\r\nHost: h\r\n\r\n", .unsupportedVersion, status: 505)
        rejects("GET / HTTP/0.9\r\n\r\n", .unsupportedVersion, status: 505)
    }

    @Test func rejectsMalformedTargets() {
        for target in ["/a b", "/a#frag", "/a%zz", "/a%4", "/<script>", "/a\\b", "relative", "http://", "http:///x",
                       "ftp://h/x", "http://user@h/x", "/caf\u{e9}", "/{id}"] {
            let line = "GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n"
            let outcome = ParserHarness.run(Array(line.utf8))
            #expect(outcome.error == .invalidTarget || outcome.error == .invalidRequestLine || outcome.error == .invalidVersion,
                    "\(target): \(outcome)")
            #expect(ParserHarness.run(Array(line.utf8), piece: 1) == outcome)
        }
        rejects("GET * HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget, status: 400)
    }

    @Test func rejectsUnsupportedExpectationWith417() {
        rejects("POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", .unsupportedExpectation, status: 417)
    }

    @Test func rejectsTooManyEmptyLinesBeforeRequest() {
        rejects(String(repeating: "\r\n", count: 9) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", .invalidRequestLine, status: 400)
    }

    // MARK: - Limits

    @Test func rejectsLongRequestLineWith414() {
        let limits = ParserHarness.limits(maxRequestLineBytes: 64)
        let fits = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(fits.utf8.count == 64)
        accepts(fits + "\r\nHost: h\r\n\r\n", limits: limits)
        rejects("GET /" + String(repeating: "a", count: 51) + " HTTP/1.1\r\nHost: h\r\n\r\n", .requestLineTooLong, status: 414, limits: limits)
        // Without a line end in sight the limit still holds.
        rejects("GET /" + String(repeating: "a", count: 500), .requestLineTooLong, status: 414, limits: limits)
    }

    @Test func rejectsLargeHeaderSectionWith431() {
        let limits = ParserHarness.limits(maxHeaderBytes: 64)
        let fits = "Host: h\r\nX: " + String(repeating: "v", count: 64 - 9 - 5 - 2) + "\r\n\r\n"
        #expect(fits.utf8.count == 64)
        accepts("GET / HTTP/1.1\r\n" + fits, limits: limits)
        rejects("GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "v", count: 49) + "\r\n\r\n",
                .headerSectionTooLarge, status: 431, limits: limits)
        rejects("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 5000), .headerSectionTooLarge, status: 431, limits: limits)
    }

    @Test func rejectsTooManyHeadersWith431() {
        let limits = ParserHarness.limits(maxHeaderCount: 3)
        accepts("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits)
        rejects("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", .tooManyHeaders, status: 431, limits: limits)
    }

    @Test func rejectsOversizedBodyWith413() {
        let limits = ParserHarness.limits(maxBodyBytes: 10)
        accepts("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits)
        rejects("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", .bodyTooLarge, status: 413, limits: limits)
        rejects("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999\r\n\r\n", .bodyTooLarge, status: 413, limits: limits)
        rejects("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\nabcde\r\n0\r\n\r\n",
                .bodyTooLarge, status: 413, limits: limits)
    }

    @Test func rejectsChunkSizeOverflow() {
        rejects("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffffff\r\n", .bodyTooLarge, status: 413)
    }

    @Test func rejectsMalformedChunks() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        rejects(head + "zz\r\n", .invalidChunkSize, status: 400)
        rejects(head + "\r\n", .invalidChunkSize, status: 400)
        rejects(head + "-1\r\n", .invalidChunkSize, status: 400)
        rejects(head + "3\r\nabcX\r\n", .invalidChunkFraming, status: 400)
        rejects(head + "3\nabc\r\n", .bareLineFeed, status: 400)
        rejects(head + "3\rabc\r\n", .bareCarriageReturn, status: 400)
        rejects(head + "3;\u{1}\r\nabc\r\n", .invalidChunkSize, status: 400)
        rejects(head + "3;" + String(repeating: "x", count: 5000) + "\r\n", .chunkLineTooLong, status: 400)
        rejects(head + "0\r\nT : v\r\n\r\n", .whitespaceBeforeColon, status: 400)
        rejects(head + "0\r\nT: v\r\n folded\r\n\r\n", .obsoleteLineFolding, status: 400)
        rejects(head + "0\r\nT: v\n\r\n", .bareLineFeed, status: 400)
    }

    @Test func boundsChunkTrailers() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        rejects(head + "T: " + String(repeating: "v", count: 100) + "\r\n\r\n", .headerSectionTooLarge, status: 431,
                limits: ParserHarness.limits(maxHeaderBytes: 64))
        rejects(head + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", .tooManyHeaders, status: 431, limits: ParserHarness.limits(maxHeaderCount: 2))
    }

    @Test func staysFailedAfterAnError() {
        var parser = RequestParser()
        let bad = Array("GET / HTTP/1.1\r\nHost : h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        let first = bad.withUnsafeBytes { parser.parse($0) }
        let second = bad.withUnsafeBytes { parser.parse($0) }
        guard case .error(let a) = first.event, case .error(let b) = second.event else {
            Issue.record("expected errors, got \(first.event) then \(second.event)")
            return
        }
        #expect(a.kind == .whitespaceBeforeColon && a == b)
        #expect(a.method == .get && a.target == "/")
    }
}
