/// A verbatim quote from a source with its place in the source's cleaned text.
///
/// `start` and `end` are **Unicode scalar (code point) offsets** into the source text, end exclusive:
/// in Python `text[start:end] == quote`; in Swift `Array(text.unicodeScalars)[start..<end]`.
public struct Citation: Sendable, Hashable, Encodable {
    public let sourceId: String
    public let quote: String
    public let start: Int
    public let end: Int

    public init(sourceId: String, quote: String, start: Int, end: Int) {
        self.sourceId = sourceId
        self.quote = quote
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey { case sourceId, quote, start, end }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sourceId, forKey: .sourceId)
        try c.encode(quote, forKey: .quote)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
    }
}

/// A citation seen from the source it points into: which record, and which part of it, cites it.
public struct SourceCitation: Sendable, Hashable, Encodable {
    public enum RecordType: String, Sendable, Hashable, Encodable {
        case event, leader, office, outcome, location
        case partnershipLevel = "partnership-level"
    }

    public let recordType: RecordType
    /// The event, leader or partnership level holding the citation (offices belong to leaders; outcomes and
    /// locations to events).
    public let recordId: String
    /// Where in that record: `citations[0]`, `offices[1].citations[0]`, `outcomes[2].citations[1]`.
    public let field: String
    public let citation: Citation

    enum CodingKeys: String, CodingKey { case recordType, recordId, field, sourceId, quote, start, end }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(recordType, forKey: .recordType)
        try c.encode(recordId, forKey: .recordId)
        try c.encode(field, forKey: .field)
        try c.encode(citation.sourceId, forKey: .sourceId)
        try c.encode(citation.quote, forKey: .quote)
        try c.encode(citation.start, forKey: .start)
        try c.encode(citation.end, forKey: .end)
    }
}

/// Where an alias of a leader, country or partnership level occurs in a source's text (scalar offsets).
public struct MentionSpan: Sendable, Hashable, Encodable {
    public let start: Int
    public let end: Int
    /// The alias as it stands in the text.
    public let text: String

    enum CodingKeys: String, CodingKey { case start, end, text }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(text, forKey: .text)
    }
}

/// Every mention of one entity in one source.
public struct Mentions: Sendable, Hashable, Encodable {
    public let sourceId: String
    public let spans: [MentionSpan]
    public var count: Int { spans.count }

    enum CodingKeys: String, CodingKey { case sourceId, count, spans }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sourceId, forKey: .sourceId)
        try c.encode(count, forKey: .count)
        try c.encode(spans, forKey: .spans)
    }
}
