import FoundationEssentials

/// Filters of `GET /leaders`. Filters combine with AND.
public struct LeaderQuery: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code of the leader's country, any case.
    public var country: String?
    /// Case-insensitive part of an office title: `prime minister`, `Malaysia`.
    public var office: String?
    /// Case- and diacritic-insensitive part of the name or an alias: `anwar`, `KISHIDA`.
    public var q: String?
    /// Only leaders cited as holding an office (matching `office`, if given) during this period. See
    /// `Leader.Office.isHeld(asOf:)`.
    public var asOf: PartialDate?
    public var limit: Int
    public var cursor: String?

    public init(country: String? = nil, office: String? = nil, q: String? = nil, asOf: PartialDate? = nil,
                limit: Int = Limit.default, cursor: String? = nil) {
        self.country = country
        self.office = office
        self.q = q
        self.asOf = asOf
        self.limit = limit
        self.cursor = cursor
    }
}

extension Snapshot {
    /// Leaders matching every filter, by id.
    public func leaders(_ query: LeaderQuery) throws(QueryError) -> Page<Leader> {
        var errors: [ParameterError] = []
        Limit.check(query.limit, into: &errors)
        let country = query.country?.uppercased()
        if let country, countryPosition[country] == nil {
            errors.append(ParameterError(parameter: "country", value: query.country, message: "no country '\(country)' in the dataset"))
        }
        var after: String?
        if let cursor = query.cursor {
            do { after = try Cursor.decode(cursor, tag: "ld1", count: 2, version: version)[1] } catch { errors.append(error) }
        }
        guard errors.isEmpty else { throw QueryError(errors) }
        let office = query.office.map(Folding.fold), name = query.q.map(Folding.fold)
        var matching: [Leader] = []
        for (i, l) in leaders.enumerated() {
            if let country, l.country != country { continue }
            if let name, !ByteSearch.contains(leaderNameKeys[i], name) { continue }
            if office != nil || query.asOf != nil {
                let held = l.offices.indices.contains { k in
                    (office.map { ByteSearch.contains(leaderOfficeKeys[i][k], $0) } ?? true)
                        && (query.asOf.map { l.offices[k].isHeld(asOf: $0) } ?? true)
                }
                if !held { continue }
            }
            matching.append(l)
        }
        let start = after.map { a in matching.firstIndex { $0.id > a } ?? matching.count } ?? 0
        let end = min(matching.count, start + query.limit)
        let items = Array(matching[start..<end])
        let next = end < matching.count ? items.last.map { Cursor.encode(["ld1", $0.id], version: version) } : nil
        return Page(items: items, total: matching.count, limit: query.limit, nextCursor: next)
    }

    /// Who held which office during the period `asOf` names, as cited: one entry per office, ordered by
    /// country, office title and leader id. See `Leader.Office.isHeld(asOf:)` for the rule.
    public func officeHolders(asOf: PartialDate) -> [OfficeHolding] {
        var out: [OfficeHolding] = []
        for l in leaders {
            for o in l.offices where o.isHeld(asOf: asOf) { out.append(OfficeHolding(leaderId: l.id, name: l.name, office: o)) }
        }
        return out.sorted { ($0.office.country, $0.office.title, $0.leaderId) < ($1.office.country, $1.office.title, $1.leaderId) }
    }

    /// The partnership level in force as of the end of the period `asOf` names.
    ///
    /// A level is in force once its `reached` period has ended on or before that day (a level reached
    /// `2023-12` is in force as of `2024`, `2023-12` and `2023-12-31`). When a higher level's `reached`
    /// period contains that day (`asOf=2023-12-05` against `2023-12`) it is returned as `possiblyReached`:
    /// the sources cannot say which level was in force.
    public func partnershipLevel(asOf: PartialDate) -> PartnershipLevelAsOf {
        let day = asOf.lastDay
        var certain: PartnershipLevel?
        var possible: PartnershipLevel?
        for level in partnershipLevels {
            if level.reached.lastDay <= day {
                if certain.map({ level.rank > $0.rank }) ?? true { certain = level }
            } else if level.reached.firstDay <= day {
                if possible.map({ level.rank > $0.rank }) ?? true { possible = level }
            }
        }
        if let p = possible, let c = certain, p.rank <= c.rank { possible = nil }
        return PartnershipLevelAsOf(asOf: asOf.period, level: certain, possiblyReached: possible)
    }

    /// The level in force today (UTC), by the rule of `partnershipLevel(asOf:)`.
    public func currentPartnershipLevel(now: Date = Date()) -> PartnershipLevelAsOf {
        partnershipLevel(asOf: PartialDate.day(containing: now))
    }
}

extension PartialDate {
    /// The UTC calendar day containing a moment.
    public static func day(containing date: Date) -> PartialDate {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let c = CivilDays.civil(days)
        return PartialDate(unchecked: c.year, c.month, c.day)
    }
}
