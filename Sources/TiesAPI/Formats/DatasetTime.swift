import TiesCore

/// Moments the feed and calendar formats need (`DTSTAMP`, Atom's `updated` and `published`), derived from
/// the dataset's content so that the same dataset version gives the same bytes, and so the same strong ETag,
/// on every replica and after every restart. The dataset has no edit time of its own; its sources'
/// publication times are the instants it does record.
///
/// A source's instant is its publication date and time when the time zone is printed (`15:54 JST` →
/// 06:54 UTC); otherwise midnight UTC at the start of the publication period (the zone of `1:18 PM`
/// without one is unknown, and an inferred month is only a month).
enum DatasetTime {
    /// Offsets of the zone abbreviations the region's outlets print, in minutes east of UTC.
    static let zones: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0, "JST": 9 * 60, "KST": 9 * 60, "MYT": 8 * 60, "SGT": 8 * 60, "PHT": 8 * 60,
        "HKT": 8 * 60, "WIB": 7 * 60, "ICT": 7 * 60, "IST": 5 * 60 + 30,
    ]

    /// Seconds since 1970-01-01T00:00:00Z of a source's publication, by the rule above.
    static func published(_ source: Source) -> Int {
        let p = source.published
        var seconds = p.date.firstDay * 86_400
        if p.date.precision == .day, let time = p.time, let zone = p.timeZone.flatMap({ zones[$0.uppercased()] }) {
            let parts = time.split(separator: ":").compactMap { Int($0) }
            if parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) {
                seconds += (parts[0] * 60 + parts[1] - zone) * 60
            }
        }
        return seconds
    }

    /// The newest source's instant: the dataset's "updated" (the feed's `updated`, the calendar's `DTSTAMP`).
    static func newest(_ snapshot: Snapshot) -> Int {
        snapshot.sources.map(published).max() ?? 0
    }

    /// When an event was first and last reported: the earliest and latest instants of the sources it cites.
    static func reported(_ sourceIds: [String], in snapshot: Snapshot) -> (first: Int, last: Int)? {
        let times = sourceIds.compactMap { snapshot.source(id: $0) }.map(published)
        guard let first = times.min(), let last = times.max() else { return nil }
        return (first, last)
    }

    /// RFC 3339 in UTC: `2025-01-10T06:54:00Z` (Atom, JSON-LD).
    static func rfc3339(_ seconds: Int) -> String {
        let (date, h, m, s) = split(seconds)
        return "\(date)T\(pad(h)):\(pad(m)):\(pad(s))Z"
    }

    /// RFC 5545 DATE-TIME in UTC: `20250110T065400Z`.
    static func icsDateTime(_ seconds: Int) -> String {
        let (_, h, m, s) = split(seconds)
        return icsDate(day: seconds.floorDiv(86_400)) + "T\(pad(h))\(pad(m))\(pad(s))Z"
    }

    /// RFC 5545 DATE: `20250110`, for a day number (days since 1970-01-01).
    static func icsDate(day: Int) -> String {
        let c = CivilDays.civil(day)
        return pad(c.year, 4) + pad(c.month) + pad(c.day)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    /// The period in words, as precise as the date: `10 January 2025`, `December 2023`, `2023`.
    static func words(_ date: PartialDate) -> String {
        let year = String(date.year)
        guard let month = date.month else { return year }
        let name = monthNames[month - 1]
        guard let day = date.day else { return "\(name) \(year)" }
        return "\(day) \(name) \(year)"
    }

    /// An event's dates in words with their precision stated: `sometime in December 2023`, `on or before
    /// 23 May 2024`, `15 December 2023 (approximate) to 17 December 2023`.
    static func phrase(_ date: PartialDate, end: PartialDate?) -> String {
        func one(_ d: PartialDate) -> String {
            var s = words(d)
            if d.qualifier == .by { s = "on or before " + s }
            else if d.precision != .day { s = "sometime in " + s }
            if d.approximate { s += " (approximate)" }
            return s
        }
        guard let end else { return one(date) }
        return "from \(one(date)) to \(one(end))"
    }

    private static func split(_ seconds: Int) -> (date: String, h: Int, m: Int, s: Int) {
        let day = seconds.floorDiv(86_400)
        let rest = seconds - day * 86_400
        let c = CivilDays.civil(day)
        return ("\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))", rest / 3600, rest % 3600 / 60, rest % 60)
    }

    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Int {
    /// Division rounding toward negative infinity (days before 1970 stay on the right day).
    func floorDiv(_ d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
