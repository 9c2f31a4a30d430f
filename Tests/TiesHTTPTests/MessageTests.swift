import Testing
@testable import TiesHTTP

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesIgnoringCaseAndKeepsDuplicates() {
        var h: HTTPHeaders = ["Content-Type": "text/plain"]
        h.add("Vary", "Accept")
        h.add("vary", "Origin")
        #expect(h["content-type"] == "text/plain")
        #expect(h["VARY"] == "Accept")
        #expect(h.values(for: "Vary") == ["Accept", "Origin"])
        #expect(h.contains("CONTENT-TYPE"))
        #expect(!h.contains("Content-Length"))
    }

    @Test func setReplacesEveryFieldOfThatNameInPlace() {
        var h = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        h.set("A", "9")
        #expect(h.map { "\($0.name)=\($0.value)" } == ["A=9", "B=2"])
        h["b"] = nil
        #expect(h.map(\.name) == ["A"])
        h.remove("a")
        #expect(h.isEmpty)
    }
}

@Suite struct HTTPRequestTests {
    @Test func decodesQueryItemsInOrderKeepingRepeats() throws {
        let r = try HTTPRequest(method: .get, target: "/search?q=anwar+ibrahim&topic=trade&topic=energy&empty=&flag&&x=%E6%97%A5%E6%9C%AC")
        #expect(r.path == "/search")
        #expect(r.queryItems.map(\.name) == ["q", "topic", "topic", "empty", "flag", "x"])
        #expect(r.query("q") == "anwar ibrahim")
        #expect(r.queryValues("topic") == ["trade", "energy"])
        #expect(r.query("empty") == "")
        #expect(r.query("flag") == "")
        #expect(r.query("x") == "日本")
        #expect(r.query("missing") == nil)
    }

    @Test func rejectsQueryThatIsNotUTF8() {
        #expect(throws: HTTPError.self) { try HTTPRequest(method: .get, target: "/x?q=%FF%FE") }
        #expect(throws: HTTPError.self) { try HTTPRequest(method: .get, target: "/x?q=%zz") }
        do {
            _ = try HTTPRequest(method: .get, target: "/x?q=%C3%28")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.status == .badRequest)
        }
    }

    @Test func takesPathFromAbsoluteFormAndAsterisk() throws {
        #expect(try HTTPRequest(method: .get, target: "http://example.com/a/b?c=1").path == "/a/b")
        #expect(try HTTPRequest(method: .get, target: "HTTPS://example.com?c=1").path == "/")
        #expect(try HTTPRequest(method: .get, target: "http://example.com").path == "/")
        #expect(try HTTPRequest(method: .options, target: "*").path == "*")
        #expect(try HTTPRequest(method: .get, target: "/plain").path == "/plain")
    }
}

@Suite struct ResponseEncoderTests {
    func encode(_ response: HTTPResponse, method: HTTPMethod? = .get, version: HTTPVersion = .http1_1,
                keepAlive: Bool = true) -> (head: String, plan: ResponseEncoder.BodyPlan?, keepAlive: Bool) {
        var out: [UInt8] = []
        var keep = keepAlive
        var date = DateCache()
        let ctx = ResponseEncoder.Context(requestMethod: method, requestVersion: version, requestID: "rid", serverLine: ResponseEncoder.serverLine(for: "ties"))
        let plan = ResponseEncoder.encodeHead(response, ctx, date: &date, keepAlive: &keep, into: &out)
        return (String(decoding: out, as: UTF8.self), plan, keep)
    }

    @Test func addsContentLengthDateServerAndRequestID() {
        let (head, plan, keep) = encode(HTTPResponse(headers: ["Content-Type": "application/json"], body: .bytes(Array("{}".utf8))))
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nDate: "))
        #expect(head.contains("\r\nServer: ties\r\nX-Request-Id: rid\r\n\r\n"))
        #expect(!head.contains("Connection"))
        #expect(keep)
        guard case .bytes(let b)? = plan else { Issue.record("no body"); return }
        #expect(b == Array("{}".utf8))
    }

    /// The server's name is encoded once per server: none for nil, and none for a name that would split the
    /// head, rather than every response failing.
    @Test func theServerLineIsEncodedOnceAndNeverSplitsTheHead() {
        #expect(ResponseEncoder.serverLine(for: "ties") == Array("Server: ties\r\n".utf8))
        #expect(ResponseEncoder.serverLine(for: nil).isEmpty)
        #expect(ResponseEncoder.serverLine(for: "ties\r\nSet-Cookie: a=b").isEmpty)
    }

    @Test func aPreparedFieldIsSentAsTheSameFieldAddedAsText() {
        var prepared = HTTPHeaders()
        prepared.add(PreparedField("Access-Control-Allow-Origin", "*")!)
        prepared.add("Vary", "Accept")
        prepared.add(PreparedField("Link", "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"")!)
        let plain: HTTPHeaders = ["Access-Control-Allow-Origin": "*", "Vary": "Accept",
                                  "Link": "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\""]
        // The Date line differs by the second at most; compare without it.
        func withoutDate(_ head: String) -> String { head.split(separator: "\r\n").filter { !$0.hasPrefix("Date:") }.joined(separator: "\r\n") }
        #expect(withoutDate(encode(HTTPResponse(headers: prepared)).head) == withoutDate(encode(HTTPResponse(headers: plain)).head))
        #expect(prepared["link"] == "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"")
        #expect(prepared.map(\.name) == ["Access-Control-Allow-Origin", "Vary", "Link"])
    }

    @Test func aPreparedFieldIsRefusedWhenItCouldSplitTheResponseOrIsTheServers() {
        #expect(PreparedField("X-Evil", "a\r\nSet-Cookie: b") == nil)
        #expect(PreparedField("Bad Name", "x") == nil)
        #expect(PreparedField("", "x") == nil)
        for name in ["Content-Length", "transfer-encoding", "Connection", "X-Request-Id", "date", "Server"] {
            #expect(PreparedField(name, "1") == nil, "\(name)")
        }
    }

    @Test func settingAPreparedFieldsValueSendsTheNewValue() {
        var headers = HTTPHeaders()
        headers.add(PreparedField("ETag", "\"a\"")!)
        headers.set("ETag", "\"b\"")
        let head = encode(HTTPResponse(headers: headers)).head
        #expect(head.contains("\r\nETag: \"b\"\r\n"))
        #expect(!head.contains("\"a\""))
    }

    @Test func headKeepsContentLengthButSendsNoBody() {
        let (head, plan, _) = encode(HTTPResponse(body: .bytes([1, 2, 3])), method: .head)
        #expect(head.contains("Content-Length: 3\r\n"))
        guard case .none? = plan else { Issue.record("HEAD got a body"); return }
    }

    @Test func noContentAndNotModifiedNeverCarryABody() {
        let (h204, p204, _) = encode(HTTPResponse(status: .noContent, headers: ["Content-Length": "5"], body: .bytes([1])))
        #expect(!h204.contains("Content-Length"))
        guard case .none? = p204 else { Issue.record("204 got a body"); return }
        let (h304, p304, _) = encode(HTTPResponse(status: .notModified, body: .bytes([1, 2])))
        #expect(!h304.contains("Content-Length"))
        guard case .none? = p304 else { Issue.record("304 got a body"); return }
    }

    @Test func streamsAreChunkedOnHTTP11AndCloseDelimitedOnHTTP10() {
        let stream = HTTPResponse(body: .stream(ResponseStream(chunks: [[1]])))
        let (h11, p11, k11) = encode(stream)
        #expect(h11.contains("Transfer-Encoding: chunked\r\n") && k11)
        guard case .chunked? = p11 else { Issue.record("not chunked"); return }
        let (h10, p10, k10) = encode(stream, version: .http1_0)
        #expect(!h10.contains("Transfer-Encoding") && !h10.contains("Content-Length"))
        #expect(h10.contains("Connection: close\r\n") && !k10)
        guard case .closeDelimited? = p10 else { Issue.record("not close-delimited"); return }
    }

    @Test func engineOwnsFramingHeaders() {
        let (head, _, _) = encode(HTTPResponse(headers: ["Content-Length": "99", "Transfer-Encoding": "gzip", "Connection": "upgrade",
                                                         "X-Request-Id": "theirs", "Server": "custom", "Date": "then"],
                                               body: .bytes([1])), keepAlive: false)
        #expect(head.contains("Content-Length: 1\r\n") && !head.contains("99") && !head.contains("gzip"))
        #expect(head.contains("Connection: close\r\n") && !head.contains("upgrade"))
        #expect(head.contains("X-Request-Id: rid\r\n") && !head.contains("theirs"))
        #expect(head.contains("Server: custom\r\n") && !head.contains("Server: ties"))
        #expect(head.contains("Date: then\r\n"))
    }

    @Test func http10KeepAliveIsAnnounced() {
        let (head, _, _) = encode(HTTPResponse(), version: .http1_0)
        #expect(head.contains("Connection: keep-alive\r\n"))
    }

    @Test func refusesHeaderValuesThatWouldSplitTheResponse() {
        #expect(encode(HTTPResponse(headers: ["X-A": "a\r\nSet-Cookie: evil"])).plan == nil)
        #expect(encode(HTTPResponse(headers: ["X A": "1"])).plan == nil)
        #expect(encode(HTTPResponse(status: HTTPStatus(code: 200, reasonPhrase: "OK\r\nX: y"))).plan == nil)
        #expect(encode(HTTPResponse(status: .continue)).plan == nil)
    }

    @Test func formatsHexAndDecimal() {
        var out: [UInt8] = []
        for v in [0, 9, 10, 255, 4096, 1 << 40] {
            ResponseEncoder.appendHex(v, to: &out); out.append(32)
            ResponseEncoder.appendDecimal(v, to: &out); out.append(32)
        }
        #expect(String(decoding: out, as: UTF8.self) == "0 0 9 9 a 10 ff 255 1000 4096 10000000000 1099511627776 ")
    }

    @Test func formatsIMFFixdate() {
        #expect(DateCache.imfFixdate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func generatesShortUniqueRequestIDsAndVetsClientOnes() {
        var g = RequestIDGenerator(worker: 3)
        let ids = (0..<1000).map { _ in g.next() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.utf8.count == 15 && RequestIDGenerator.isAcceptable($0) })
        #expect(RequestIDGenerator.isAcceptable("abc-123_x.y:z"))
        #expect(!RequestIDGenerator.isAcceptable(""))
        #expect(!RequestIDGenerator.isAcceptable("has space"))
        #expect(!RequestIDGenerator.isAcceptable(String(repeating: "a", count: 129)))
    }

    @Test func errorsRenderThroughTheResponderWithTheirHeaders() {
        var error = HTTPError(.methodNotAllowed, detail: "no")
        error.headers.add("Allow", "GET")
        var response = HTTPResponse.error(error)
        response.headers.add("Vary", "Origin")
        let rendered = response.renderingError { e in
            HTTPResponse(status: e.status, headers: ["Content-Type": "application/problem+json"], body: .bytes(Array("{}".utf8)))
        }
        #expect(rendered.status == .methodNotAllowed)
        #expect(rendered.headers["Allow"] == "GET" && rendered.headers["Vary"] == "Origin")
        #expect(rendered.headers["Content-Type"] == "application/problem+json")
        #expect(rendered.error == nil)
    }
}

@Suite struct FieldValueCheckTests {
    /// The word-at-a-time check agrees with the byte rule for every byte value at every position of a value
    /// longer than a word, and for short values.
    @Test func agreesWithTheByteRuleEverywhere() {
        for length in [1, 7, 8, 9, 17, 24] {
            for position in 0..<length {
                for byte in 0...255 {
                    var value = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    value[position] = UInt8(byte)
                    let fast = value.withUnsafeBufferPointer { ASCII.isFieldValue($0) }
                    #expect(fast == ASCII.isFieldValueChar(UInt8(byte)), "byte \(byte) at \(position) of \(length)")
                }
            }
        }
        #expect(Array("text/csv; charset=utf-8; header=present\t\u{e9}".utf8).withUnsafeBufferPointer { ASCII.isFieldValue($0) })
        #expect(!Array("a\r\nInjected: yes".utf8).withUnsafeBufferPointer { ASCII.isFieldValue($0) })
    }
}
