import Foundation
import Testing
@testable import TiesCore

/// The loader's file layer: files are read once, hashed beside the validation, and let go when used.
@Suite struct DatasetFilesTests {
    func readShipped() -> DatasetFiles {
        let files = DatasetFiles(storage: .directory(shippedDatasetURL), diagnostics: Diagnostics())
        files.readAll()
        return files
    }

    @Test func aReleasedFileStillCountsInTheVersion() throws {
        // The shipped dataset without its originals, so nothing is read after the hash starts.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("ties-files-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: shippedDatasetURL, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("originals"))
        let files = DatasetFiles(storage: .directory(copy), diagnostics: Diagnostics())
        files.readAll()
        let all = files.contents
        files.startHash()
        files.release("events.json")
        files.release("leaders.json")
        #expect(files["events.json"] == nil && files["leaders.json"] == nil)
        #expect(files.version() == DatasetFiles.contentHash(all))
    }

    /// With originals, which are read during validation after the hash started, nothing is let go: the
    /// version is hashed again over the very bytes that were validated, never over a second read.
    @Test func withOriginalsEveryByteIsKeptAndHashedAgain() throws {
        let files = readShipped()
        var all = files.contents
        files.startHash()
        files.release("events.json")
        #expect(files["events.json"] != nil)
        let original = try #require(files.read("originals/000_1bcd9d42a9529c8d.txt", required: true))
        all["originals/000_1bcd9d42a9529c8d.txt"] = original
        #expect(files.version() == DatasetFiles.contentHash(all))
        #expect(DatasetFiles.contentHash(all) != DatasetFiles.contentHash(all.filter { !$0.key.hasPrefix("originals/") }))
    }

    /// A file is read with one read to its size: the array holds exactly the file, with no spare capacity
    /// (the source texts are kept for the snapshot's life).
    @Test func aFileIsReadIntoAnArrayOfItsSize() throws {
        let path = shippedDatasetURL.appendingPathComponent("events.json").path
        guard case .success(let bytes) = DatasetFiles.readFile(path) else { Issue.record("unreadable"); return }
        #expect(bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(bytes.capacity < bytes.count + 64)
    }
}
