import TiesCore

/// One kind of record's JSON (with the API's `cite`, `rights` and `links`), by id, each encoded on first
/// use and kept for the snapshot's life. Encoding every record up front was most of a load at scale (6 s
/// of 11 at 1,000×, and some 250 MB, for records nobody might ask for); a list page now encodes the
/// records it shows the first time any page shows them.
final class RecordJSON: Sendable {
    private let position: @Sendable (String) -> Int?
    private let encode: @Sendable (Int) -> [UInt8]?
    private let slots: OnceSlots<Encoded>

    private final class Encoded: Sendable {
        let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// `count` records, found by `position` (id to index) and encoded by `encode` (index to JSON).
    init(count: Int, position: @escaping @Sendable (String) -> Int?, encode: @escaping @Sendable (Int) -> [UInt8]?) {
        self.position = position
        self.encode = encode
        slots = OnceSlots(count: count)
    }

    /// The record's JSON; nil for an id the snapshot does not have.
    subscript(id: String) -> [UInt8]? {
        guard let i = position(id) else { return nil }
        if let kept = slots[i] { return kept.bytes }
        // The encoder's containers never throw and no record type's `encode(to:)` does, so nil here
        // would be a programming error; the record then reads as absent rather than half written.
        guard let bytes = encode(i) else { return nil }
        return slots.fill(i, with: Encoded(bytes)).bytes
    }

    /// Records encoded so far.
    var encodedCount: Int { (0..<slots.count).reduce(0) { $0 + (slots[$1] == nil ? 0 : 1) } }
}
