import Foundation

/// Reading decoded JSON records (`[String: Any]` from JSONSerialization) without a cast at every step.
typealias Record = [String: Any]

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    func object(_ key: String) -> Record? { self[key] as? Record }
    func objects(_ key: String) -> [Record] { (self[key] as? [Record]) ?? [] }
    func strings(_ key: String) -> [String] { (self[key] as? [String]) ?? [] }
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
    var id: String { string("id") ?? string("code") ?? "" }
}

/// The period a partial date names, as first and last `YYYY-MM-DD` strings. The last day of a month is
/// written `31` whatever the month: no real day lies between the true last day and 31, so string
/// comparisons against real dates stay right.
struct Period {
    let first: String
    let last: String

    init(first: String, last: String) {
        self.first = first
        self.last = last
    }

    init(_ date: String) {
        switch date.count {
        case 4: first = date + "-01-01"; last = date + "-12-31"
        case 7: first = date + "-01"; last = date + "-31"
        default: first = date; last = date
        }
    }

    /// A record's period from its `date` and `endDate` partial dates.
    init(event: Record) {
        let start = Period(event.object("date")?.string("date") ?? "")
        let end = event.object("endDate")?.string("date").map(Period.init) ?? start
        first = start.first
        last = end.last
    }

    func overlaps(_ other: Period) -> Bool { first <= other.last && last >= other.first }
}

/// A source text indexed by Unicode scalar, the unit of every offset the API serves.
struct ScalarText {
    let scalars: [Unicode.Scalar]
    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    func slice(_ start: Int, _ end: Int) -> String? {
        guard start >= 0, start <= end, end <= scalars.count else { return nil }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<end])
        return String(s)
    }
}
