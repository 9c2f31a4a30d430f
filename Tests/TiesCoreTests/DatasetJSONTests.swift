import Foundation
import Testing
@testable import TiesCore

/// The dataset files parsed and written back by `DatasetJSON` are the same bytes: an editing tool changes only
/// the lines it touches.
@Suite struct DatasetJSONTests {
    @Test func everyShippedRecordFileRoundTripsInItsOwnLayout() throws {
        for name in DatasetLoader.recordFiles + ["retired.json"] where name != "dataset.json" {
            let bytes = try Data(contentsOf: shippedDatasetURL.appendingPathComponent(name))
            let value = try DatasetJSON.parse(Array(bytes))
            let rendered = DatasetJSON.render(value)
            #expect(try DatasetJSON.parse(Array(rendered.utf8)) == value, "\(name): the same values")
            #expect(DatasetJSON.render(try DatasetJSON.parse(Array(rendered.utf8))) == rendered, "\(name): stable")
            // Byte for byte, but for two lines of events.json where the editorial pass wrote two citations on one line.
            let original = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
            let differing = original.filter { !lines.contains($0) }.count
            #expect(differing <= (name == "events.json" ? 2 : 0), "\(name): \(original.filter { !lines.contains($0) })")
        }
    }

    @Test func settingAFieldKeepsTheOthersInOrder() throws {
        let v = try DatasetJSON.parse(Array(#"{"id": "a", "citations": [], "n": 2.50}"#.utf8))
        let w = v.setting("citations", .array([.object([("sourceId", .string("s")), ("quote", .string("q \"x\""))])]))
        #expect(DatasetJSON.render(.array([w])) == """
        [
          {
            "id": "a",
            "citations": [
              {"sourceId": "s", "quote": "q \\"x\\""}
            ],
            "n": 2.50
          }
        ]

        """)
    }
}

extension DatasetJSONTests {
    @Test func theShippedHistoryFilesAreInTheSameLayout() throws {
        for name in ["changelog.json", "retired.json"] {
            let bytes = try Data(contentsOf: shippedDatasetURL.appendingPathComponent(name))
            #expect(DatasetJSON.render(try DatasetJSON.parse(Array(bytes))) == String(decoding: bytes, as: UTF8.self), "\(name)")
        }
    }
}
