import Foundation

// The dataset files as written, decoded leniently: every field optional and loosely typed where an editor
// is likely to err, so validation can name each problem instead of stopping at the first.

/// A string coding key for reading whatever keys an object has.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A record type whose allowed keys are known, so misspelt keys can be reported.
protocol RawRecord: Decodable {
    associatedtype CodingKeys: CodingKey & CaseIterable & RawRepresentable where CodingKeys.RawValue == String
}

extension RawRecord {
    static var allowedKeys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
}

/// A nested object with the keys it had that its type does not know.
struct Checked<T: RawRecord>: Decodable {
    let value: T
    let unknownKeys: [String]

    init(from decoder: any Decoder) throws {
        value = try T(from: decoder)
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        let allowed = T.allowedKeys
        unknownKeys = keys.filter { !allowed.contains($0) }.sorted()
    }
}

/// One element of a top-level array: either the record, or why it could not be decoded (with the id, if
/// the id at least was readable). One bad record does not hide the others.
struct Lenient<T: RawRecord>: Decodable {
    let result: Result<Checked<T>, DecodingError>
    let id: String?

    init(from decoder: any Decoder) throws {
        let keyed = try? decoder.container(keyedBy: AnyKey.self)
        id = (try? keyed?.decodeIfPresent(String.self, forKey: AnyKey("id")))
            ?? (try? keyed?.decodeIfPresent(String.self, forKey: AnyKey("code"))) ?? nil
        do {
            result = .success(try Checked<T>(from: decoder))
        } catch let error as DecodingError {
            result = .failure(error)
        }
    }
}

/// A date as written: `"2023-12"` or `{"date": "2023-12", "approximate": true, "note": "…"}`.
struct RawDate: RawRecord {
    var date: String?
    var precision: String?
    var approximate: Bool?
    var qualifier: String?
    var note: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case date, precision, approximate, qualifier, note }

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let s = try? single.decode(String.self) {
            date = s
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        date = try c.decodeIfPresent(String.self, forKey: .date)
        precision = try c.decodeIfPresent(String.self, forKey: .precision)
        approximate = try c.decodeIfPresent(Bool.self, forKey: .approximate)
        qualifier = try c.decodeIfPresent(String.self, forKey: .qualifier)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }
}

/// `RawDate` wrapper that tolerates the plain-string form when checking keys.
struct CheckedDate: Decodable {
    let value: RawDate
    let unknownKeys: [String]

    init(from decoder: any Decoder) throws {
        value = try RawDate(from: decoder)
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            unknownKeys = keyed.allKeys.map(\.stringValue).filter { !RawDate.allowedKeys.contains($0) }.sorted()
        } else {
            unknownKeys = []
        }
    }
}

struct RawCitation: RawRecord {
    var sourceId: String?
    var quote: String?
    var occurrence: Int?
    enum CodingKeys: String, CodingKey, CaseIterable { case sourceId, quote, occurrence }
}

struct RawVocabularyTerm: RawRecord {
    var id: String?
    var description: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case id, description }
}

struct RawDatasetInfo: RawRecord {
    var formatVersion: Int?
    var title: String?
    var description: String?
    var subjectCountries: [String]?
    var licence: String?
    var notes: [String]?
    var eventTypes: [Checked<RawVocabularyTerm>]?
    var outcomeKinds: [Checked<RawVocabularyTerm>]?
    enum CodingKeys: String, CodingKey, CaseIterable {
        case formatVersion, title, description, subjectCountries, licence, notes, eventTypes, outcomeKinds
    }
}

struct RawCountry: RawRecord {
    var code: String?
    var name: String?
    var aliases: [String]?
    var notMentions: [String]?
    enum CodingKeys: String, CodingKey, CaseIterable { case code, name, aliases, notMentions }
}

struct RawTopic: RawRecord {
    var id: String?
    var name: String?
    var description: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, description }
}

struct RawPublisher: RawRecord {
    var name: String?
    var inferred: Bool?
    var reason: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, inferred, reason }
}

struct RawPublished: RawRecord {
    var date: String?
    var time: String?
    var timeZone: String?
    var asPrinted: String?
    var inferred: Bool?
    var reason: String?
    var note: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case date, time, timeZone, asPrinted, inferred, reason, note }
}

struct RawSource: RawRecord {
    var id: String?
    var title: String?
    var kind: String?
    var language: String?
    var url: String?
    var publisher: Checked<RawPublisher>?
    var wireServices: [String]?
    var published: Checked<RawPublished>?
    var originalFile: String?
    var removed: [String]?
    var notes: [String]?
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, kind, language, url, publisher, wireServices, published, originalFile, removed, notes
    }
}

struct RawOffice: RawRecord {
    var title: String?
    var country: String?
    var from: CheckedDate?
    var to: CheckedDate?
    var citations: [Checked<RawCitation>]?
    enum CodingKeys: String, CodingKey, CaseIterable { case title, country, from, to, citations }
}

struct RawLeader: RawRecord {
    var id: String?
    var name: String?
    var country: String?
    var aliases: [String]?
    var offices: [Checked<RawOffice>]?
    var citations: [Checked<RawCitation>]?
    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, country, aliases, offices, citations }
}

struct RawLevel: RawRecord {
    var id: String?
    var name: String?
    var rank: Int?
    var spellings: [String]?
    var eventId: String?
    var citations: [Checked<RawCitation>]?
    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, rank, spellings, eventId, citations }
}

struct RawLocation: RawRecord {
    var name: String?
    var detail: String?
    var country: String?
    var citations: [Checked<RawCitation>]?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, detail, country, citations }
}

struct RawParticipant: RawRecord {
    var leaderId: String?
    var role: String?
    var country: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case leaderId, role, country }
}

struct RawAmount: RawRecord {
    var value: Double?
    var currency: String?
    var asPrinted: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case value, currency, asPrinted }
}

struct RawOutcome: RawRecord {
    var kind: String?
    var description: String?
    var amounts: [Checked<RawAmount>]?
    var citations: [Checked<RawCitation>]?
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, description, amounts, citations }
}

struct RawEvent: RawRecord {
    var id: String?
    var type: String?
    var title: String?
    var summary: String?
    var date: CheckedDate?
    var endDate: CheckedDate?
    var status: String?
    var location: Checked<RawLocation>?
    var participants: [Checked<RawParticipant>]?
    var countries: [String]?
    var topics: [String]?
    var outcomes: [Checked<RawOutcome>]?
    var partnershipLevelId: String?
    var relatedEventIds: [String]?
    var citations: [Checked<RawCitation>]?
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, type, title, summary, date, endDate, status, location, participants, countries, topics, outcomes
        case partnershipLevelId, relatedEventIds, citations
    }
}
