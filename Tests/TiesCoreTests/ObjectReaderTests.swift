import Testing
@testable import TiesCore

/// The reader looks fields up in place on the tape, the next key first: in any order, absent, null, wrongly
/// typed or unknown, a field reads the same as a scan from the first key would.
@Suite struct ObjectReaderTests {
    enum Keys: String { case a, b, c, d }

    func reader(_ json: String, _ diagnostics: Diagnostics = Diagnostics()) throws -> ObjectReader {
        let doc = try JSONDocument(Array(json.utf8))
        let sink = FieldSink(diagnostics: diagnostics, file: "f.json", record: "r", prefix: "")
        return try #require(ObjectReader(doc, node: 0, sink: sink))
    }

    @Test func fieldsReadInAnyOrderFindTheirValues() throws {
        for json in [#"{"a": "1", "b": "2", "c": "3"}"#, #"{"c": "3", "a": "1", "b": "2"}"#, #"{"b": "2", "c": "3", "a": "1"}"#] {
            var r = try reader(json)
            #expect(r.string(Keys.c) == "3")
            #expect(r.string(Keys.a) == "1")
            #expect(r.string(Keys.d) == nil)
            #expect(r.string(Keys.b) == "2")
            #expect(r.string(Keys.a) == "1", "asked twice")
            #expect(r.unreadKeys.isEmpty, "\(json)")
        }
    }

    @Test func nullsNestedValuesAndWrongTypesAreSkippedCorrectly() throws {
        let diagnostics = Diagnostics()
        var r = try reader(#"{"a": {"x": [1, {"y": 2}]}, "b": null, "c": 5, "d": "last"}"#, diagnostics)
        #expect(r.string(Keys.d) == "last")
        #expect(r.string(Keys.b) == nil)
        #expect(r.string(Keys.c) == nil)
        #expect(diagnostics.errors.map(\.field) == ["c"])
        #expect(r.unreadKeys == ["a"])
    }

    @Test func unknownKeysPastTheSixtyFourthAreReported() throws {
        let fields = (0..<70).map { "\"k\($0)\": \($0)" } + ["\"a\": \"x\""]
        var r = try reader("{" + fields.joined(separator: ", ") + "}")
        #expect(r.string(Keys.a) == "x")
        let unread = r.unreadKeys
        #expect(unread.count == 70)
        #expect(unread.contains("k0") && unread.contains("k69"))
    }

    @Test func aFieldWrittenTwiceIsReported() throws {
        let diagnostics = Diagnostics()
        _ = try reader(#"{"a": "1", "b": "2", "a": "3"}"#, diagnostics)
        #expect(diagnostics.errors.count == 1)
        #expect(diagnostics.errors.first?.field == "a")
    }
}
