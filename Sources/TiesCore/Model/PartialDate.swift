/// A calendar date known to a stated precision: a year (`2016`), a month (`2023-12`) or a day (`2025-01-10`).
///
/// A partial date names a whole period: `2023-12` is every day of December 2023. Range filters and "as of"
/// rules compare periods, never an invented first or last day (see docs/dataset.md, "Dates").
public struct PartialDate: Sendable, Hashable {
    public enum Precision: String, Sendable, Hashable, Codable, CaseIterable {
        case year, month, day
    }

    /// How the date relates to the event. `by` means "on or before": the sources only say the thing had
    /// happened by this date (an undated decision a later record refers to as made).
    public enum Qualifier: String, Sendable, Hashable, Codable, CaseIterable {
        case by
    }

    public let year: Int
    public let month: Int?
    public let day: Int?
    /// True when the date was resolved from relative wording ("last week", "last October", "this year")
    /// against the article's own date rather than printed.
    public let approximate: Bool
    public let qualifier: Qualifier?
    /// How the date was derived, in words an editor can check.
    public let note: String?

    public var precision: Precision {
        if day != nil { return .day }
        if month != nil { return .month }
        return .year
    }

    /// The ISO 8601 form with exactly as many parts as the precision: `2016`, `2023-12`, `2025-01-10`.
    public var iso: String {
        var s = Self.pad(year, 4)
        if let month { s += "-" + Self.pad(month, 2) }
        if let day { s += "-" + Self.pad(day, 2) }
        return s
    }

    /// First day of the period, as days since 1970-01-01 (proleptic Gregorian).
    public var firstDay: Int { CivilDays.days(year: year, month: month ?? 1, day: day ?? 1) }
    /// Last day of the period (inclusive), as days since 1970-01-01.
    public var lastDay: Int {
        let m = month ?? 12
        return CivilDays.days(year: year, month: m, day: day ?? CivilDays.daysInMonth(year: year, month: m))
    }

    /// Builds a date after checking its parts; `nil` when the parts do not name a real date.
    public init?(year: Int, month: Int? = nil, day: Int? = nil, approximate: Bool = false,
                 qualifier: Qualifier? = nil, note: String? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month {
            guard (1...12).contains(month) else { return nil }
            if let day { guard day >= 1 && day <= CivilDays.daysInMonth(year: year, month: month) else { return nil } }
        } else if day != nil {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
        self.approximate = approximate
        self.qualifier = qualifier
        self.note = note
    }

    /// The same date without its annotations; two dates naming the same period compare equal this way.
    public var period: PartialDate {
        PartialDate(unchecked: year, month, day)
    }

    init(unchecked year: Int, _ month: Int?, _ day: Int?) {
        self.year = year
        self.month = month
        self.day = day
        self.approximate = false
        self.qualifier = nil
        self.note = nil
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` strictly (four-digit year, two-digit month and day).
    /// - Parameter parameter: the query parameter or field the value came from, named in the error.
    public static func parse(_ text: String, parameter: String = "date") throws(ParameterError) -> PartialDate {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let b = bytes[i]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                n = n * 10 + Int(b - 0x30)
            }
            return n
        }
        let shape = "expected YYYY, YYYY-MM or YYYY-MM-DD"
        let fail = ParameterError(parameter: parameter, value: text, message: "'\(text)' is not a date: \(shape)")
        switch bytes.count {
        case 4:
            guard let y = number(0..<4), let d = PartialDate(year: y) else { throw fail }
            return d
        case 7:
            guard bytes[4] == 0x2D, let y = number(0..<4), let m = number(5..<7) else { throw fail }
            guard let d = PartialDate(year: y, month: m) else {
                throw ParameterError(parameter: parameter, value: text, message: "'\(text)' has no month \(m): months run 01 to 12")
            }
            return d
        case 10:
            guard bytes[4] == 0x2D, bytes[7] == 0x2D, let y = number(0..<4), let m = number(5..<7),
                  let dd = number(8..<10) else { throw fail }
            guard let d = PartialDate(year: y, month: m, day: dd) else {
                throw ParameterError(parameter: parameter, value: text, message: "'\(text)' is not a day of the calendar")
            }
            return d
        default:
            throw fail
        }
    }

    /// True when the two periods share at least one day.
    public func overlaps(firstDay a: Int, lastDay b: Int) -> Bool {
        firstDay <= b && lastDay >= a
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension PartialDate: CustomStringConvertible {
    public var description: String { iso }
}

extension PartialDate: Encodable {
    enum CodingKeys: String, CodingKey { case date, precision, approximate, qualifier, note }

    /// `{"date", "precision", "approximate", "qualifier", "note"}`: every key always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(iso, forKey: .date)
        try c.encode(precision, forKey: .precision)
        try c.encode(approximate, forKey: .approximate)
        try c.encode(qualifier, forKey: .qualifier)
        try c.encode(note, forKey: .note)
    }
}

/// Day arithmetic on the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`), so date
/// comparisons need no Calendar, time zone or Foundation date parsing.
public enum CivilDays {
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The calendar day for a day number: the inverse of `days(year:month:day:)`.
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
