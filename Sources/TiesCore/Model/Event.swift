/// Something that happened, or was scheduled, as the sources report it.
public struct Event: Sendable, Hashable, Encodable, Identifiable {
    public enum Status: String, Sendable, Hashable, Encodable, CaseIterable {
        /// Reported as having taken place, or under way when reported.
        case happened
        /// Reported only as planned or expected.
        case scheduled
    }

    public struct Location: Sendable, Hashable, Encodable {
        public let name: String
        public let detail: String?
        /// ISO 3166-1 alpha-2, or nil where the place is in no one country (a sea, disputed waters).
        public let country: String?
        public let citations: [Citation]

        enum CodingKeys: String, CodingKey { case name, detail, country, citations }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(detail, forKey: .detail)
            try c.encode(country, forKey: .country)
            try c.encode(citations, forKey: .citations)
        }
    }

    /// A person taking part, with the role they held then. `leaderId` and `name` are nil for people the
    /// sources describe only by role ("the two countries' foreign ministers").
    public struct Participant: Sendable, Hashable, Encodable {
        public let leaderId: String?
        public let name: String?
        public let role: String
        public let country: String

        enum CodingKeys: String, CodingKey { case leaderId, name, role, country }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(leaderId, forKey: .leaderId)
            try c.encode(name, forKey: .name)
            try c.encode(role, forKey: .role)
            try c.encode(country, forKey: .country)
        }
    }

    /// Money as printed: `400 million yen` is `{value: 400000000, currency: "JPY", asPrinted: "400 million yen"}`.
    public struct Amount: Sendable, Hashable, Encodable {
        public let value: Double
        /// ISO 4217.
        public let currency: String
        public let asPrinted: String

        enum CodingKeys: String, CodingKey { case value, currency, asPrinted }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(value, forKey: .value)
            try c.encode(currency, forKey: .currency)
            try c.encode(asPrinted, forKey: .asPrinted)
        }
    }

    public struct Outcome: Sendable, Hashable, Encodable {
        public let kind: String
        public let description: String
        public let amounts: [Amount]
        public let citations: [Citation]

        enum CodingKeys: String, CodingKey { case kind, description, amounts, citations }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(description, forKey: .description)
            try c.encode(amounts, forKey: .amounts)
            try c.encode(citations, forKey: .citations)
        }
    }

    public let id: String
    public let type: String
    public let title: String
    public let summary: String
    public let date: PartialDate
    public let endDate: PartialDate?
    public let status: Status
    public let location: Location?
    public let participants: [Participant]
    /// ISO 3166-1 alpha-2 codes.
    public let countries: [String]
    public let topics: [String]
    public let outcomes: [Outcome]
    public let partnershipLevelId: String?
    public let relatedEventIds: [String]
    public let citations: [Citation]
    /// Distinct sources cited anywhere in the event (its own, its outcomes' and its location's citations),
    /// in order of first citation.
    public let sourceIds: [String]
    public var corroboration: Int { sourceIds.count }

    /// First day of the event (days since 1970-01-01).
    public var firstDay: Int { date.firstDay }
    /// Last day of the whole event: the end of `endDate` when there is one, else the end of `date`.
    public var lastDay: Int { (endDate ?? date).lastDay }

    enum CodingKeys: String, CodingKey {
        case id, type, title, summary, date, endDate, status, location, participants, countries, topics, outcomes
        case partnershipLevelId, relatedEventIds, citations, sourceIds, corroboration
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(summary, forKey: .summary)
        try c.encode(date, forKey: .date)
        try c.encode(endDate, forKey: .endDate)
        try c.encode(status, forKey: .status)
        try c.encode(location, forKey: .location)
        try c.encode(participants, forKey: .participants)
        try c.encode(countries, forKey: .countries)
        try c.encode(topics, forKey: .topics)
        try c.encode(outcomes, forKey: .outcomes)
        try c.encode(partnershipLevelId, forKey: .partnershipLevelId)
        try c.encode(relatedEventIds, forKey: .relatedEventIds)
        try c.encode(citations, forKey: .citations)
        try c.encode(sourceIds, forKey: .sourceIds)
        try c.encode(corroboration, forKey: .corroboration)
    }
}
