import Dispatch
import Foundation
import Synchronization
import Testing
@testable import TiesAPI
import TiesCore

/// Record JSON is encoded on first use: nothing at load, each record once, the right record for each id,
/// and one kept encoding when requests race for it.
@Suite struct RecordJSONTests {
    static let snapshot = InProcessAPI.state.served.snapshot

    @Test func nothingIsEncodedAtLoadAndEachRecordWhenFirstAsked() throws {
        let catalog = Catalog(snapshot: Self.snapshot)
        let tables: [(RecordJSON, [String], (String) -> String)] = [
            (catalog.eventJSON, Self.snapshot.events.map(\.id), Paths.event),
            (catalog.leaderJSON, Self.snapshot.leaders.map(\.id), Paths.leader),
            (catalog.levelJSON, Self.snapshot.partnershipLevels.map(\.id), Paths.level),
            (catalog.sourceJSON, Self.snapshot.sources.map(\.id), Paths.source),
            (catalog.topicJSON, Self.snapshot.topics.map(\.id), Paths.topic),
            (catalog.countryJSON, Self.snapshot.countries.map(\.code), Paths.country),
        ]
        for (table, ids, path) in tables {
            #expect(table.encodedCount == 0)
            // Backwards, so an index mix-up between id and position cannot pass by lining up.
            for (n, id) in ids.reversed().enumerated() {
                let bytes = try #require(table[id], "\(id)")
                #expect(table.encodedCount == n + 1)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
                #expect((object["id"] ?? object["code"]) as? String == id)
                #expect((object["links"] as? [String: Any])?["self"] as? String == path(id))
                #expect(table[id] == bytes, "the kept encoding is the one served again")
            }
            #expect(table.encodedCount == ids.count)
            #expect(table["no-such-record"] == nil)
            #expect(table.encodedCount == ids.count)
        }
    }

    @Test func racingReadersShareOneEncoding() {
        let ids = Self.snapshot.events.map(\.id)
        for _ in 0..<10 {
            let table = Catalog(snapshot: Self.snapshot).eventJSON
            let read = Mutex<[[UInt8]?]>(Array(repeating: nil, count: ids.count * 4))
            DispatchQueue.concurrentPerform(iterations: ids.count * 4) { i in
                let bytes = table[ids[i % ids.count]]
                read.withLock { $0[i] = bytes }
            }
            let results = read.withLock { $0 }
            for (i, bytes) in results.enumerated() { #expect(bytes != nil && bytes == table[ids[i % ids.count]]) }
            #expect(table.encodedCount == ids.count)
        }
    }
}
