import Foundation
import Testing
@testable import TiesCore

/// The dataset shipped in the source tree.
let shippedDatasetURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/TiesCore/Dataset")

/// Loaded once for all tests that only read it.
let shipped: Snapshot = {
    do {
        return try DatasetLoader.load(directory: shippedDatasetURL)
    } catch {
        fatalError("shipped dataset does not load:\n\(error)")
    }
}()

/// Slices a string by Unicode scalar offsets, the API's offset unit.
func scalars(_ text: String, _ start: Int, _ end: Int) -> String {
    let s = Array(text.unicodeScalars)
    guard start >= 0, end <= s.count, start <= end else { return "<out of range \(start)..<\(end) of \(s.count)>" }
    var v = String.UnicodeScalarView()
    v.append(contentsOf: s[start..<end])
    return String(v)
}
