import FoundationEssentials

/// One page of a list: the items, how many match in all, and the cursor for the next page (nil on the last).
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int
    public let limit: Int
    public let nextCursor: String?
}

extension Page: Equatable where Item: Equatable {}

/// Page size bounds shared by every list.
public enum Limit {
    public static let `default` = 50
    public static let maximum = 500

    /// Parses a `limit` value: a whole number from 1 to 500; nil means the default.
    public static func parse(_ text: String?, parameter: String = "limit") throws(ParameterError) -> Int {
        guard let text else { return `default` }
        // Digits only, no sign or leading zero: `+5` and `05` would name the same page under another URL
        // (and another ETag), which defeats caches.
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), text.first != "0", let n = Int(text), n >= 1, n <= maximum else {
            throw ParameterError(parameter: parameter, value: text, message: "must be a whole number from 1 to \(maximum)")
        }
        return n
    }

    static func check(_ limit: Int, into errors: inout [ParameterError]) {
        if limit < 1 || limit > maximum {
            errors.append(ParameterError(parameter: "limit", value: String(limit), message: "must be a whole number from 1 to \(maximum)"))
        }
    }
}

/// Keyset cursors: a cursor names the last item of a page by its sort key, so the next page starts after
/// it. Encoded as base64url so clients treat it as opaque.
///
/// A cursor also carries the dataset version it was made on. Behind a load balancer, replicas switch
/// versions at different moments; a keyset cursor from another version would still give *a* page, but a
/// walk across two versions can skip a record added behind it or repeat one whose date changed. So a
/// cursor from another version is refused (409, see `ParameterError.cursorVersion`) and the client starts
/// again from the first page: every walk it completes is one version's, whole.
enum Cursor {
    static func encode(_ fields: [String], version: String) -> String {
        let raw = ([fields[0], version] + fields.dropFirst()).joined(separator: "\u{1F}")
        return Data(raw.utf8).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    /// The fields of a cursor made by `encode` with the given tag and field count (the version taken out),
    /// a `cursor` error, or a `cursorVersion` error when it was made on another dataset version.
    static func decode(_ cursor: String, tag: String, count: Int, version: String) throws(ParameterError) -> [String] {
        let invalid = ParameterError(parameter: "cursor", value: cursor,
                                     message: "not a cursor from this list; use the nextCursor of the previous page, unchanged")
        guard cursor.utf8.count <= 1024 else { throw invalid }
        var b64 = cursor.replacing("-", with: "+").replacing("_", with: "/")
        while b64.utf8.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let raw = String(data: data, encoding: .utf8) else { throw invalid }
        var fields = raw.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == count + 1, fields.first == tag else { throw invalid }
        let made = fields.remove(at: 1)
        guard made == version else {
            throw ParameterError(parameter: "cursor", value: cursor,
                                 message: "made on dataset version \(made); this server now serves \(version). Start again from the first page",
                                 cursorVersion: made)
        }
        return fields
    }
}

/// A total order on dated records: first day, last day, id.
struct DateKey: Comparable {
    let first: Int
    let last: Int
    let id: String

    static func < (a: DateKey, b: DateKey) -> Bool {
        if a.first != b.first { return a.first < b.first }
        if a.last != b.last { return a.last < b.last }
        return a.id < b.id
    }
}

/// Direction of a date-ordered list.
public enum DateSort: String, Sendable, Hashable, CaseIterable {
    /// Oldest first.
    case ascending = "date"
    /// Newest first.
    case descending = "-date"

    /// Parses `date` or `-date`.
    public static func parse(_ text: String, parameter: String = "sort") throws(ParameterError) -> DateSort {
        guard let s = DateSort(rawValue: text) else {
            throw ParameterError(parameter: parameter, value: text, message: "must be 'date' (oldest first) or '-date' (newest first)")
        }
        return s
    }
}

/// Pages through positions `0..<count` of a list sorted ascending by `key`, keeping those `include` accepts
/// when a filter list is given, with a keyset cursor.
struct DatePager {
    let tag: String
    let version: String
    let sort: DateSort
    let limit: Int

    /// The page from `matches` (ascending positions). `key(i)` is the sort key of position i; `count` the
    /// number of positions in the whole list.
    func page(matches: [Int32]?, count: Int, cursor: String?, key: (Int) -> DateKey) throws(ParameterError) -> (positions: [Int], total: Int, next: String?) {
        var boundary: Int?
        if let cursor {
            let f = try Cursor.decode(cursor, tag: tag, count: 5, version: version)
            guard f[1] == sort.rawValue, let a = Int(f[2]), let b = Int(f[3]) else {
                throw ParameterError(parameter: "cursor", value: cursor, message: "the cursor belongs to a different sort order")
            }
            let k = DateKey(first: a, last: b, id: f[4])
            // First position whose key is greater than (ascending) or not less than (descending) the cursor's.
            boundary = partitionPoint(0..<count) { mid in
                let mk = key(mid)
                return sort == .ascending ? !(k < mk) : mk < k
            }
        }
        let total = matches?.count ?? count
        func at(_ i: Int) -> Int { matches.map { Int($0[i]) } ?? i }
        func lowerBound(_ position: Int) -> Int {
            guard let m = matches else { return position }
            return partitionPoint(0..<m.count) { Int(m[$0]) < position }
        }
        var out: [Int] = []
        var more = false
        switch sort {
        case .ascending:
            let start = boundary.map(lowerBound) ?? 0
            let end = min(total, start + limit)
            if start < end { for i in start..<end { out.append(at(i)) } }
            more = end < total
        case .descending:
            let end = boundary.map(lowerBound) ?? total
            let start = max(0, end - limit)
            if start < end { for i in (start..<end).reversed() { out.append(at(i)) } }
            more = start > 0
        }
        var next: String?
        if more, let last = out.last {
            let k = key(last)
            next = Cursor.encode([tag, sort.rawValue, String(k.first), String(k.last), k.id], version: version)
        }
        return (out, total, next)
    }
}

/// Intersection of ascending position lists, smallest first; nil input means "no filter".
func intersect<C: RandomAccessCollection>(_ lists: [C]) -> [Int32]? where C.Element == Int32, C.Index == Int {
    guard let smallest = lists.min(by: { $0.count < $1.count }) else { return nil }
    var result = Array(smallest)
    for list in lists where result.count > 0 {
        if list.count == result.count && list.elementsEqual(result) { continue }
        var out: [Int32] = []
        out.reserveCapacity(result.count)
        let end = list.endIndex
        var j = list.startIndex
        for x in result {
            // Gallop: lists are sorted, so advance j with exponential then binary search.
            var step = 1
            var hi = j
            while hi < end && list[hi] < x { j = hi; hi = j + step; step <<= 1 }
            j = partitionPoint(j..<min(hi, end)) { list[$0] < x }
            if j < end && list[j] == x { out.append(x) }
        }
        result = out
    }
    return result
}
