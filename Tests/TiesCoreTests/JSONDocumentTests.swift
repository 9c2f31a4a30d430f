import Foundation
import Testing
@testable import TiesCore

@Suite struct JSONDocumentTests {
    func parse(_ text: String) throws(JSONDocument.ParseError) -> JSONDocument { try JSONDocument(Array(text.utf8)) }

    @Test func readsValuesOfEveryKind() throws {
        let doc = try parse(#"{"a": [1, -2.5e3, true, false, null], "b": "x\"y\\z\u00e9\ud83d\ude00\n", "c": {}}"#)
        #expect(doc.kinds[0] == .object)
        let top = doc.children(0)
        #expect(top.count == 6)
        let list = doc.children(top[1])
        #expect(doc.number(list[0]) == 1 && doc.isIntegral(list[0]))
        #expect(doc.number(list[1]) == -2500 && !doc.isIntegral(list[1]))
        #expect(doc.bool(list[2]) && !doc.bool(list[3]) && doc.kinds[list[4]] == .null)
        #expect(doc.string(top[3]) == "x\"y\\zé😀\n")
        #expect(doc.stringEquals(top[2], "b"))
        #expect(doc.children(top[5]).isEmpty)
    }

    @Test func rejectsMalformedJSONWithLineAndColumn() {
        let cases: [(String, String)] = [
            ("[1, 2,]", "trailing comma"),
            ("{\"a\": 1,}", "trailing comma"),
            ("{\"a\" 1}", "expected ':'"),
            ("[\"open]", "not closed"),
            ("[\"line\nbreak\"]", "past the end of the line"),
            ("[01]", "do not start with 0"),
            ("[\"\\ud800\"]", "lone high surrogate"),
            ("[\"\\q\"]", "unknown escape"),
            ("[1] 2", "after the JSON value"),
            ("", "empty"),
            ("[tru]", "expected true"),
        ]
        for (text, expected) in cases {
            do {
                _ = try parse(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error.description)")
                #expect(error.description.hasPrefix("line "))
            }
        }
        do {
            _ = try parse("[\n  {\"a\": 1},\n  {\"b\": 2,}\n]")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONDocument.ParseError.self) { try JSONDocument([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D]) }
        #expect(throws: JSONDocument.ParseError.self) { try JSONDocument([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONDocument.ParseError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? parse(fine)) != nil)
    }

    @Test func reportsADuplicateFieldInADatasetFile() throws {
        var f = Fixture()
        f.overrides["topics.json"] = #"[{"id": "maritime-security", "name": "A", "name": "B", "description": "d"}]"#
        let errors = try f.errors()
        #expect(errors.first(.invalidValue, file: "topics.json", record: "maritime-security", field: "name") != nil, "\(errors.rendered)")
    }
}
