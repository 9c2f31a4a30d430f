/// An article or government record, with its cleaned text.
public struct Source: Sendable, Hashable, Encodable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
        case newsReport = "news-report"
        case governmentRecord = "government-record"
        case summary
    }

    /// Who published the source. `inferred` when the name is not printed in the text but recognised
    /// (from page chrome or the record's form); `reason` says how.
    public struct Publisher: Sendable, Hashable, Encodable {
        public let name: String
        public let inferred: Bool
        public let reason: String?

        enum CodingKeys: String, CodingKey { case name, inferred, reason }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(inferred, forKey: .inferred)
            try c.encode(reason, forKey: .reason)
        }
    }

    /// When the source was published, as printed or as inferred.
    public struct Published: Sendable, Hashable, Encodable {
        public let date: PartialDate
        /// `HH:MM`, 24-hour, when printed.
        public let time: String?
        /// As printed (`JST`); nil when the source prints a time without a zone, or no time.
        public let timeZone: String?
        /// The date line exactly as printed in the text, when there is one.
        public let asPrinted: String?
        public let inferred: Bool
        public let reason: String?
        public let note: String?

        enum CodingKeys: String, CodingKey { case date, precision, time, timeZone, asPrinted, inferred, reason, note }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(date.iso, forKey: .date)
            try c.encode(date.precision, forKey: .precision)
            try c.encode(time, forKey: .time)
            try c.encode(timeZone, forKey: .timeZone)
            try c.encode(asPrinted, forKey: .asPrinted)
            try c.encode(inferred, forKey: .inferred)
            try c.encode(reason, forKey: .reason)
            try c.encode(note, forKey: .note)
        }
    }

    public let id: String
    public let title: String
    public let kind: Kind
    /// BCP 47 language tag (`en`).
    public let language: String
    public let url: String?
    public let publisher: Publisher?
    /// Wire services the text credits (Reuters, Bernama, Kyodo News).
    public let wireServices: [String]
    public let published: Published
    /// The untouched page under `originals/`, kept for audit.
    public let originalFile: String?
    /// What was removed from the original page as chrome, in words.
    public let removed: [String]
    public let notes: [String]
    /// The cleaned text; `GET /sources/{id}/text` serves it and every offset indexes into it. Not encoded.
    public let text: String
    /// Length of `text` in Unicode scalars (the offset unit).
    public let textLength: Int
    /// How many citations point into this source.
    public let citationCount: Int

    enum CodingKeys: String, CodingKey {
        case id, title, kind, language, url, publisher, wireServices, published, originalFile, removed, notes
        case textLength, citationCount
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(kind, forKey: .kind)
        try c.encode(language, forKey: .language)
        try c.encode(url, forKey: .url)
        try c.encode(publisher, forKey: .publisher)
        try c.encode(wireServices, forKey: .wireServices)
        try c.encode(published, forKey: .published)
        try c.encode(originalFile, forKey: .originalFile)
        try c.encode(removed, forKey: .removed)
        try c.encode(notes, forKey: .notes)
        try c.encode(textLength, forKey: .textLength)
        try c.encode(citationCount, forKey: .citationCount)
    }
}
