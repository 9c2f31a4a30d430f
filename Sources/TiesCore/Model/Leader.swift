/// A leader or official named in the sources.
public struct Leader: Sendable, Hashable, Encodable, Identifiable {
    /// An office the sources cite the person as holding.
    public struct Office: Sendable, Hashable, Encodable {
        public let title: String
        public let country: String
        /// When the sources say the person took the office, if they do.
        public let from: PartialDate?
        /// When the sources say the person left it, if they do.
        public let to: PartialDate?
        /// True when the title is the editors' inference: the quotes show the person in the office but do
        /// not say every word of the title (`reason` says which).
        public let inferred: Bool
        public let reason: String?
        /// Publication dates of the sources that cite the person in this office, earliest first.
        public let citedOn: [PartialDate]
        public let citations: [Citation]

        /// First day of the evidence that the office was held: the start of `from` if stated, else the start
        /// of the earliest `citedOn` period.
        public let heldFirstDay: Int
        /// Last day of the evidence: the end of `to` if stated, else the end of the latest `citedOn` period.
        public let heldLastDay: Int

        public init(title: String, country: String, from: PartialDate?, to: PartialDate?, inferred: Bool = false, reason: String? = nil,
                    citedOn: [PartialDate], citations: [Citation]) {
            self.title = title
            self.country = country
            self.from = from
            self.to = to
            self.inferred = inferred
            self.reason = reason
            self.citedOn = citedOn
            self.citations = citations
            heldFirstDay = from?.firstDay ?? citedOn.map(\.firstDay).min() ?? Int.max
            heldLastDay = to?.lastDay ?? citedOn.map(\.lastDay).max() ?? Int.min
        }

        /// "As cited": true when the period `asOf` names overlaps the span from the first to the last evidence
        /// of the office (see docs/dataset.md, "Offices as of a date").
        public func isHeld(asOf: PartialDate) -> Bool {
            asOf.overlaps(firstDay: heldFirstDay, lastDay: heldLastDay)
        }

        enum CodingKeys: String, CodingKey { case title, country, from, to, inferred, reason, citedOn, citations }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(country, forKey: .country)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(inferred, forKey: .inferred)
            try c.encode(reason, forKey: .reason)
            try c.encode(citedOn, forKey: .citedOn)
            try c.encode(citations, forKey: .citations)
        }
    }

    public let id: String
    public let name: String
    public let country: String
    /// Every form of the name as written in the sources; mentions are found from these.
    public let aliases: [String]
    public let offices: [Office]
    /// Events the person takes part in, in date order.
    public let eventIds: [String]
    public let mentions: [Mentions]
    public let citations: [Citation]
    /// Distinct sources cited by the leader's own and office citations.
    public let sourceIds: [String]
    public var corroboration: Int { sourceIds.count }

    enum CodingKeys: String, CodingKey {
        case id, name, country, aliases, offices, eventIds, mentions, citations, sourceIds, corroboration
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(country, forKey: .country)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(offices, forKey: .offices)
        try c.encode(eventIds, forKey: .eventIds)
        try c.encode(mentions, forKey: .mentions)
        try c.encode(citations, forKey: .citations)
        try c.encode(sourceIds, forKey: .sourceIds)
        try c.encode(corroboration, forKey: .corroboration)
    }
}

/// One office held as of a date, as cited.
public struct OfficeHolding: Sendable, Hashable, Encodable {
    public let leaderId: String
    public let name: String
    public let office: Leader.Office

    enum CodingKeys: String, CodingKey { case leaderId, name, office }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(leaderId, forKey: .leaderId)
        try c.encode(name, forKey: .name)
        try c.encode(office, forKey: .office)
    }
}
