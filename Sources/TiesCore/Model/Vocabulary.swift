/// A term of the controlled topic vocabulary.
public struct Topic: Sendable, Hashable, Encodable, Identifiable {
    public let id: String
    public let name: String
    public let description: String
    public let eventCount: Int

    enum CodingKeys: String, CodingKey { case id, name, description, eventCount }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(eventCount, forKey: .eventCount)
    }
}

/// A country named in the sources.
public struct Country: Sendable, Hashable, Encodable, Identifiable {
    /// ISO 3166-1 alpha-2.
    public let code: String
    public let name: String
    /// Names as written in the sources; mentions are found from these.
    public let aliases: [String]
    /// Phrases that contain an alias but do not mention the country ("South China Sea" is not a mention of
    /// China); they shadow the alias where they match.
    public let notMentions: [String]
    public let leaderIds: [String]
    public let eventCount: Int
    public let mentions: [Mentions]
    public var id: String { code }

    enum CodingKeys: String, CodingKey { case code, name, aliases, notMentions, leaderIds, eventCount, mentions }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(notMentions, forKey: .notMentions)
        try c.encode(leaderIds, forKey: .leaderIds)
        try c.encode(eventCount, forKey: .eventCount)
        try c.encode(mentions, forKey: .mentions)
    }
}

/// An entry of a small controlled list in dataset.json (event types, outcome kinds).
public struct VocabularyTerm: Sendable, Hashable, Encodable {
    public let id: String
    public let description: String

    enum CodingKeys: String, CodingKey { case id, description }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(description, forKey: .description)
    }
}

/// What dataset.json says about the dataset as a whole.
public struct DatasetInfo: Sendable, Hashable, Encodable {
    public let formatVersion: Int
    public let title: String
    public let description: String
    public let subjectCountries: [String]
    /// What may be done with the dataset, in words (records, quotes, source texts).
    public let licence: String
    /// The licence of the records and summaries, by name and URL (`Link: rel="license"`); nil when not given.
    public let licenceName: String?
    public let licenceURL: String?
    public let notes: [String]
    public let eventTypes: [VocabularyTerm]
    public let outcomeKinds: [VocabularyTerm]

    enum CodingKeys: String, CodingKey {
        case formatVersion, title, description, subjectCountries, licence, licenceName, licenceURL, notes, eventTypes, outcomeKinds
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(subjectCountries, forKey: .subjectCountries)
        try c.encode(licence, forKey: .licence)
        try c.encode(licenceName, forKey: .licenceName)
        try c.encode(licenceURL, forKey: .licenceURL)
        try c.encode(notes, forKey: .notes)
        try c.encode(eventTypes, forKey: .eventTypes)
        try c.encode(outcomeKinds, forKey: .outcomeKinds)
    }
}
