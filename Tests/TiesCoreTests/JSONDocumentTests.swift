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

    @Test func sharedStringsOfEqualValuesAreOneAllocation() throws {
        let doc = try parse(#"["Prime Minister of Japan", "Prime Minister of Japan", "Minister of Foreign Affairs", "Prime Minister of J\u0061pan"]"#)
        let nodes = doc.children(0)
        let first = doc.sharedString(nodes[0]), second = doc.sharedString(nodes[1])
        #expect(first == "Prime Minister of Japan" && second == first)
        #expect(storage(first) == storage(second))
        // Read plainly, the same value is two allocations: the pointers above are what tells them apart.
        let plain = (doc.string(nodes[0]), doc.string(nodes[1]))
        #expect(storage(plain.0) != storage(plain.1))
        #expect(doc.sharedString(nodes[2]) == "Minister of Foreign Affairs")
        #expect(storage(doc.sharedString(nodes[2])) != storage(first))
        // An escaped value is decoded, not matched by its written bytes.
        #expect(doc.sharedString(nodes[3]) == "Prime Minister of Japan")
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

/// Where a string's bytes live (for strings longer than 15 bytes, which are never stored inline).
func storage(_ s: String) -> UnsafeRawPointer? {
    s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
}
