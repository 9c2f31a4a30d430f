// The dataset files as written, read leniently from a `JSONDocument`: every field optional, a value of the
// wrong JSON type reported with its path and read as absent, misspelt keys collected, so validation can
// name each problem instead of stopping at the first.

/// A record type read from an object, whose allowed keys are known so misspelt keys can be reported.
protocol RawRecord {
    associatedtype Keys: RawRepresentable & CaseIterable where Keys.RawValue == String
    init(_ r: inout ObjectReader)
}

extension RawRecord {
    /// For messages.
    static var allowedKeys: [String] { Keys.allCases.map(\.rawValue) }
}

/// A record with the keys it had that its type does not know.
struct Checked<T: RawRecord> {
    let value: T
    let unknownKeys: [String]

    init(_ reader: ObjectReader) {
        var r = reader
        value = T(&r)
        // A record type reads every key it knows, so what is left unread is unknown.
        unknownKeys = r.unreadKeys
    }
}

/// A date as written: `"2023-12"` or `{"date": "2023-12", "approximate": true, "note": "…"}`.
struct RawDate: RawRecord {
    var date: String?
    var precision: String?
    var approximate: Bool?
    var qualifier: String?
    var note: String?
    enum Keys: String, CaseIterable { case date, precision, approximate, qualifier, note }

    init(date: String) { self.date = date }

    init(_ r: inout ObjectReader) {
        date = r.string(Keys.date)
        precision = r.string(Keys.precision)
        approximate = r.bool(Keys.approximate)
        qualifier = r.string(Keys.qualifier)
        note = r.string(Keys.note)
    }
}

struct CheckedDate {
    let value: RawDate
    let unknownKeys: [String]
}

struct RawCitation: RawRecord {
    var sourceId: String?
    var quote: String?
    var occurrence: Int?
    enum Keys: String, CaseIterable { case sourceId, quote, occurrence }
    init(_ r: inout ObjectReader) {
        sourceId = r.string(Keys.sourceId, repeated: true)
        quote = r.string(Keys.quote)
        occurrence = r.int(Keys.occurrence)
    }
}

struct RawVocabularyTerm: RawRecord {
    var id: String?
    var description: String?
    enum Keys: String, CaseIterable { case id, description }
    init(_ r: inout ObjectReader) {
        id = r.string(Keys.id)
        description = r.string(Keys.description)
    }
}

struct RawDatasetInfo: RawRecord {
    var formatVersion: Int?
    var title: String?
    var description: String?
    var subjectCountries: [String]?
    var licence: String?
    var licenceName: String?
    var licenceURL: String?
    var notes: [String]?
    var eventTypes: [Checked<RawVocabularyTerm>]?
    var outcomeKinds: [Checked<RawVocabularyTerm>]?
    enum Keys: String, CaseIterable {
        case formatVersion, title, description, subjectCountries, licence, licenceName, licenceURL, notes, eventTypes, outcomeKinds
    }
    init(_ r: inout ObjectReader) {
        formatVersion = r.int(Keys.formatVersion)
        title = r.string(Keys.title)
        description = r.string(Keys.description)
        subjectCountries = r.strings(Keys.subjectCountries)
        licence = r.string(Keys.licence)
        licenceName = r.string(Keys.licenceName)
        licenceURL = r.string(Keys.licenceURL)
        notes = r.strings(Keys.notes)
        eventTypes = r.objects(Keys.eventTypes, as: RawVocabularyTerm.self)
        outcomeKinds = r.objects(Keys.outcomeKinds, as: RawVocabularyTerm.self)
    }
}

struct RawCountry: RawRecord {
    var code: String?
    var name: String?
    var aliases: [String]?
    var notMentions: [String]?
    enum Keys: String, CaseIterable { case code, name, aliases, notMentions }
    init(_ r: inout ObjectReader) {
        code = r.string(Keys.code)
        name = r.string(Keys.name)
        aliases = r.strings(Keys.aliases)
        notMentions = r.strings(Keys.notMentions)
    }
}

struct RawTopic: RawRecord {
    var id: String?
    var name: String?
    var description: String?
    enum Keys: String, CaseIterable { case id, name, description }
    init(_ r: inout ObjectReader) {
        id = r.string(Keys.id)
        name = r.string(Keys.name)
        description = r.string(Keys.description)
    }
}

struct RawPublisher: RawRecord {
    var name: String?
    var inferred: Bool?
    var reason: String?
    enum Keys: String, CaseIterable { case name, inferred, reason }
    init(_ r: inout ObjectReader) {
        name = r.string(Keys.name)
        inferred = r.bool(Keys.inferred)
        reason = r.string(Keys.reason)
    }
}

struct RawPublished: RawRecord {
    var date: String?
    var time: String?
    var timeZone: String?
    var asPrinted: String?
    var inferred: Bool?
    var reason: String?
    var note: String?
    enum Keys: String, CaseIterable { case date, time, timeZone, asPrinted, inferred, reason, note }
    init(_ r: inout ObjectReader) {
        date = r.string(Keys.date)
        time = r.string(Keys.time)
        timeZone = r.string(Keys.timeZone)
        asPrinted = r.string(Keys.asPrinted)
        inferred = r.bool(Keys.inferred)
        reason = r.string(Keys.reason)
        note = r.string(Keys.note)
    }
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
    enum Keys: String, CaseIterable {
        case id, title, kind, language, url, publisher, wireServices, published, originalFile, removed, notes
    }
    init(_ r: inout ObjectReader) {
        id = r.string(Keys.id)
        title = r.string(Keys.title)
        kind = r.string(Keys.kind)
        language = r.string(Keys.language)
        url = r.string(Keys.url)
        publisher = r.object(Keys.publisher, as: RawPublisher.self)
        wireServices = r.strings(Keys.wireServices)
        published = r.object(Keys.published, as: RawPublished.self)
        originalFile = r.string(Keys.originalFile)
        removed = r.strings(Keys.removed)
        notes = r.strings(Keys.notes)
    }
}

struct RawOffice: RawRecord {
    var title: String?
    var country: String?
    var from: CheckedDate?
    var to: CheckedDate?
    var inferred: Bool?
    var reason: String?
    var citations: [Checked<RawCitation>]?
    enum Keys: String, CaseIterable { case title, country, from, to, inferred, reason, citations }
    init(_ r: inout ObjectReader) {
        title = r.string(Keys.title)
        country = r.string(Keys.country)
        from = r.date(Keys.from)
        to = r.date(Keys.to)
        inferred = r.bool(Keys.inferred)
        reason = r.string(Keys.reason)
        citations = r.objects(Keys.citations, as: RawCitation.self)
    }
}

struct RawLeader: RawRecord {
    var id: String?
    var name: String?
    var country: String?
    var aliases: [String]?
    var offices: [Checked<RawOffice>]?
    var citations: [Checked<RawCitation>]?
    enum Keys: String, CaseIterable { case id, name, country, aliases, offices, citations }
    init(_ r: inout ObjectReader) {
        id = r.string(Keys.id)
        name = r.string(Keys.name)
        country = r.string(Keys.country)
        aliases = r.strings(Keys.aliases)
        offices = r.objects(Keys.offices, as: RawOffice.self)
        citations = r.objects(Keys.citations, as: RawCitation.self)
    }
}

struct RawLevel: RawRecord {
    var id: String?
    var name: String?
    var rank: Int?
    var spellings: [String]?
    var eventId: String?
    var citations: [Checked<RawCitation>]?
    enum Keys: String, CaseIterable { case id, name, rank, spellings, eventId, citations }
    init(_ r: inout ObjectReader) {
        id = r.string(Keys.id)
        name = r.string(Keys.name)
        rank = r.int(Keys.rank)
        spellings = r.strings(Keys.spellings)
        eventId = r.string(Keys.eventId)
        citations = r.objects(Keys.citations, as: RawCitation.self)
    }
}

struct RawLocation: RawRecord {
    var name: String?
    var detail: String?
    var country: String?
    var citations: [Checked<RawCitation>]?
    enum Keys: String, CaseIterable { case name, detail, country, citations }
    init(_ r: inout ObjectReader) {
        name = r.string(Keys.name)
        detail = r.string(Keys.detail)
        country = r.string(Keys.country)
        citations = r.objects(Keys.citations, as: RawCitation.self)
    }
}

struct RawParticipant: RawRecord {
    var leaderId: String?
    var role: String?
    var country: String?
    enum Keys: String, CaseIterable { case leaderId, role, country }
    init(_ r: inout ObjectReader) {
        leaderId = r.string(Keys.leaderId, repeated: true)
        role = r.string(Keys.role, repeated: true)
        country = r.string(Keys.country)
    }
}

struct RawAmount: RawRecord {
    var value: Double?
    var currency: String?
    var asPrinted: String?
    enum Keys: String, CaseIterable { case value, currency, asPrinted }
    init(_ r: inout ObjectReader) {
        value = r.double(Keys.value)
        currency = r.string(Keys.currency)
        asPrinted = r.string(Keys.asPrinted)
    }
}

struct RawOutcome: RawRecord {
    var kind: String?
    var description: String?
    var amounts: [Checked<RawAmount>]?
    var citations: [Checked<RawCitation>]?
    enum Keys: String, CaseIterable { case kind, description, amounts, citations }
    init(_ r: inout ObjectReader) {
        kind = r.string(Keys.kind, repeated: true)
        description = r.string(Keys.description)
        amounts = r.objects(Keys.amounts, as: RawAmount.self)
        citations = r.objects(Keys.citations, as: RawCitation.self)
    }
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
    enum Keys: String, CaseIterable {
        case id, type, title, summary, date, endDate, status, location, participants, countries, topics, outcomes
        case partnershipLevelId, relatedEventIds, citations
    }
    init(_ r: inout ObjectReader) {
        id = r.string(Keys.id)
        type = r.string(Keys.type, repeated: true)
        title = r.string(Keys.title)
        summary = r.string(Keys.summary)
        date = r.date(Keys.date)
        endDate = r.date(Keys.endDate)
        status = r.string(Keys.status)
        location = r.object(Keys.location, as: RawLocation.self)
        participants = r.objects(Keys.participants, as: RawParticipant.self)
        countries = r.strings(Keys.countries)
        topics = r.strings(Keys.topics, repeated: true)
        outcomes = r.objects(Keys.outcomes, as: RawOutcome.self)
        partnershipLevelId = r.string(Keys.partnershipLevelId, repeated: true)
        relatedEventIds = r.strings(Keys.relatedEventIds, repeated: true)
        citations = r.objects(Keys.citations, as: RawCitation.self)
    }
}
