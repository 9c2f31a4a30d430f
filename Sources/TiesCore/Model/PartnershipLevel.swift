/// A rung of the relationship's ladder (strategic partnership, comprehensive strategic partnership).
public struct PartnershipLevel: Sendable, Hashable, Encodable, Identifiable {
    public let id: String
    public let name: String
    /// 1 is the lowest rung; ranks are unique.
    public let rank: Int
    /// Every spelling the sources use, as written. Variants are data.
    public let spellings: [String]
    /// The date of the event that reached the level.
    public let reached: PartialDate
    public let eventId: String
    public let citations: [Citation]
    /// The sources that corroborate the level.
    public let sourceIds: [String]
    public var corroboration: Int { sourceIds.count }
    public let mentions: [Mentions]

    enum CodingKeys: String, CodingKey {
        case id, name, rank, spellings, reached, eventId, citations, sourceIds, corroboration, mentions
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(rank, forKey: .rank)
        try c.encode(spellings, forKey: .spellings)
        try c.encode(reached, forKey: .reached)
        try c.encode(eventId, forKey: .eventId)
        try c.encode(citations, forKey: .citations)
        try c.encode(sourceIds, forKey: .sourceIds)
        try c.encode(corroboration, forKey: .corroboration)
        try c.encode(mentions, forKey: .mentions)
    }
}

/// The level in force as of a date. See docs/dataset.md, "Partnership level as of a date".
public struct PartnershipLevelAsOf: Sendable, Hashable, Encodable {
    public let asOf: PartialDate
    /// The highest-ranked level certainly reached by the end of the `asOf` period; nil before the first.
    public let level: PartnershipLevel?
    /// A higher level reached at a date whose period contains the end of `asOf` (say `asOf=2023-12-05` and a
    /// level reached `2023-12`): it may or may not have been in force yet.
    public let possiblyReached: PartnershipLevel?

    enum CodingKeys: String, CodingKey { case asOf, level, possiblyReached }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(level, forKey: .level)
        try c.encode(possiblyReached, forKey: .possiblyReached)
    }
}
