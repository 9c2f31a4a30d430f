import FoundationEssentials
import Glibc

/// Everything a snapshot is made from, validated and cross-linked.
struct DatasetModel {
    var info: DatasetInfo
    /// In publication order (then id).
    var sources: [Source]
    /// In date order: first day, last day, id.
    var events: [Event]
    /// By id.
    var leaders: [Leader]
    /// By rank.
    var levels: [PartnershipLevel]
    /// In file order.
    var topics: [Topic]
    /// In file order.
    var countries: [Country]
    /// Aligned with `sources`, each sorted by offset.
    var citationsBySource: [[SourceCitation]]
    var eventSearch: TextIndex
    var sourceSearch: TextIndex
    var citationCount: Int
    var mentionCount: Int
    /// changelog.json and retired.json, read after the version is known (they are checked against it).
    var history = History.empty
    /// The snapshot's indexes over the events, when the load built them beside the rest; `Snapshot` builds
    /// them itself otherwise.
    var eventIndexes: Snapshot.EventIndexes?
}

/// Validates the decoded files and builds the model. Every check adds to `diagnostics` and carries on, so
/// one run reports every problem; `build()` returns nil if any was found.
struct DatasetBuilder {
    let files: DatasetFiles
    private(set) var diagnostics: Diagnostics

    // Vocabularies and ids known so far.
    var countryCodes: Set<String> = []
    var topicIds: Set<String> = []
    var eventTypeIds: Set<String> = []
    var outcomeKindIds: Set<String> = []
    var levelIds: Set<String> = []
    var sourceIndexById: [String: Int] = [:]
    var sourceTexts: [TextBuffer] = []
    var citationsBySource: [[SourceCitation]] = []
    var citationCount = 0
    private var normalizedTexts: [Int: [UInt8]] = [:]
    private var fieldPaths: [String: String] = [:]
    /// events.json read ahead on another thread, with the errors found reading it.
    var prereadEvents: (() -> ([DecodedRecord<RawEvent>], Diagnostics))?

    init(files: DatasetFiles, diagnostics: Diagnostics) {
        self.files = files
        self.diagnostics = diagnostics
    }

    mutating func build() -> DatasetModel? {
        let clock = PhaseClock()
        let info = buildInfo()
        let countryRecords = buildCountries()
        let topicRecords = buildTopics()
        let sources = buildSources()
        clock.lap("sources")
        let rawLevels = decodeArray("partnership-levels.json", RawLevel.self)
        for entry in rawLevels { if let id = entry.value?.value.id { levelIds.insert(id) } }
        let leaders = buildLeaders()
        files.release("leaders.json")
        clock.lap("leaders")
        // Mentions need only the texts and the alias lists, so they are found while events.json is still
        // being read on the other thread.
        let scan = scanSources(sources, leaders: leaders, countries: countryRecords, levels: rawLevels)
        clock.lap("mentions, source index")
        let eventRecords = readEvents()
        files.release("events.json")
        clock.lap("events.json read (waited)")
        let events = buildEvents(eventRecords, leaders: leaders)
        clock.lap("events")
        let levels = buildLevels(rawLevels, events: events)
        let model = assemble(info: info, countries: countryRecords, topics: topicRecords, sources: sources,
                             leaders: leaders, events: events, levels: levels, scan: scan)
        clock.lap("event index, links")
        return model
    }

    // MARK: - Forks

    /// A copy for checking part of a file on another thread: the same vocabularies, ids and source texts (read
    /// only), with diagnostics and citation lists of its own, taken over by `absorb`. It never touches `files`.
    func fork() -> DatasetBuilder {
        var part = self
        part.diagnostics = Diagnostics()
        part.citationsBySource = Array(repeating: [], count: citationsBySource.count)
        part.citationCount = 0
        part.normalizedTexts = [:]
        part.prereadEvents = nil
        return part
    }

    /// Takes over what a fork found, after everything found here (so errors keep the file's order).
    mutating func absorb(_ part: DatasetBuilder) {
        diagnostics.merge(part.diagnostics)
        for s in citationsBySource.indices { citationsBySource[s].append(contentsOf: part.citationsBySource[s]) }
        citationCount += part.citationCount
    }

    // MARK: - Reporting

    /// Where an error is: file and record, with a field path added per error.
    struct Place {
        let file: String
        let record: String?
        let prefix: String

        func field(_ name: String) -> String { prefix.isEmpty ? name : prefix + "." + name }
        func nested(_ name: String) -> Place { Place(file: file, record: record, prefix: field(name)) }
    }

    func report(_ kind: DatasetError.Kind, _ place: Place, _ field: String?, _ message: String) {
        let full: String? = field.map { place.field($0) } ?? (place.prefix.isEmpty ? nil : place.prefix)
        diagnostics.add(kind, place.file, place.record, full, message)
    }

    /// `allowed` is built only when there is something to report: a record type's key list is made afresh
    /// each time it is asked for, once per nested object read.
    func reportUnknown(_ keys: [String], _ place: Place, allowed: @autoclosure () -> [String]) {
        guard !keys.isEmpty else { return }
        let allowed = allowed()
        for key in keys {
            report(.unknownField, place, key, RecordFile.unknownFieldMessage(key, allowed: allowed))
        }
    }

    // MARK: - Decoding

    typealias Decoded<T: RawRecord> = DecodedRecord<T>

    /// Reads a file holding a JSON array of records (see `RecordFile.readArray`).
    func decodeArray<T: RawRecord>(_ file: String, _ type: T.Type) -> [Decoded<T>] {
        RecordFile.readArray(files[file], file: file, as: T.self, diagnostics: diagnostics)
    }

    /// The records of a file that have a valid id not seen before, each as its position in `decoded`, where
    /// it is and its id. A missing or malformed id, or one listed twice, is reported and the record skipped:
    /// every record file starts so. Positions, not copies: a copy of each record retained every field it
    /// holds, and released them all again, 50,000 times for events.json at 1,000×.
    func identified<T: RawRecord>(_ decoded: [Decoded<T>], file: String, what: String, id: (T) -> String?,
                                  seen: inout Set<String>) -> [Identified] {
        var out: [Identified] = []
        out.reserveCapacity(decoded.count)
        for (i, entry) in decoded.enumerated() {
            guard let raw = entry.value?.value else { continue }
            let place = Place(file: file, record: entry.recordName, prefix: "")
            guard let id = slug(id(raw), place) else { continue }
            guard seen.insert(id).inserted else {
                report(.duplicateId, place, "id", "\(what) '\(id)' is listed twice")
                continue
            }
            out.append((i, place, id))
        }
        return out
    }

    /// A record `identified` kept: its position in the decoded file, where it is, and its id.
    typealias Identified = (position: Int, place: Place, id: String)

    /// The records of events.json: read ahead on another thread when the loader started that, else here.
    func readEvents() -> [Decoded<RawEvent>] {
        guard let ahead = prereadEvents else { return decodeArray("events.json", RawEvent.self) }
        let (records, found) = ahead()
        diagnostics.merge(found)
        return records
    }

    /// Reads a file holding one JSON object.
    func decodeObject<T: RawRecord>(_ file: String, _ type: T.Type, record: String?) -> Checked<T>? {
        RecordFile.readObject(files[file], file: file, as: T.self, record: record, diagnostics: diagnostics)
    }

    // MARK: - Field checks

    static func isSlug(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 200 else { return false }
        var previousDash = true
        for b in s.utf8 {
            if b == 0x2D {
                if previousDash { return false }
                previousDash = true
            } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                previousDash = false
            } else {
                return false
            }
        }
        return !previousDash
    }

    /// A non-blank string, or a `missing-field` error.
    func required(_ value: String?, _ place: Place, _ field: String) -> String? {
        guard let value, !value.isBlank else {
            report(.missingField, place, field, "a non-empty value is required")
            return nil
        }
        return value
    }

    /// A slug id, or an `invalid-id` / `missing-field` error.
    func slug(_ value: String?, _ place: Place, _ field: String = "id") -> String? {
        guard let value = required(value, place, field) else { return nil }
        guard Self.isSlug(value) else {
            report(.invalidId, place, field, "'\(value)' is not a slug: lowercase letters, digits and single hyphens")
            return nil
        }
        return value
    }

    /// A known country code, or an error.
    func country(_ value: String?, _ place: Place, _ field: String, optional: Bool = false) -> String? {
        guard let value else {
            if !optional { report(.missingField, place, field, "a country code is required") }
            return nil
        }
        guard value.utf8.count == 2, value.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            report(.invalidValue, place, field, "'\(value)' is not an ISO 3166-1 alpha-2 code (two capital letters)")
            return nil
        }
        guard countryCodes.contains(value) else {
            report(.danglingReference, place, field, "country '\(value)' is not in countries.json")
            return nil
        }
        return value
    }

    /// A partial date from its written form, or a `bad-date` error.
    func date(_ raw: CheckedDate?, _ place: Place, _ field: String, required isRequired: Bool) -> PartialDate? {
        guard let raw else {
            if isRequired { report(.missingField, place, field, "a date is required") }
            return nil
        }
        reportUnknown(raw.unknownKeys, place.nested(field), allowed: RawDate.allowedKeys)
        let r = raw.value
        guard let text = r.date else {
            report(.missingField, place, field + ".date", "a date is required")
            return nil
        }
        let parsed: PartialDate
        do {
            parsed = try PartialDate.parse(text, parameter: field)
        } catch {
            report(.badDate, place, field, error.message)
            return nil
        }
        if let p = r.precision, p != parsed.precision.rawValue {
            report(.badDate, place, field + ".precision",
                   "precision '\(p)' does not match '\(text)', which has \(parsed.precision.rawValue) precision")
        }
        var qualifier: PartialDate.Qualifier?
        if let q = r.qualifier {
            qualifier = PartialDate.Qualifier(rawValue: q)
            if qualifier == nil { report(.badDate, place, field + ".qualifier", "qualifier '\(q)' is not one of: by") }
        }
        return PartialDate(year: parsed.year, month: parsed.month, day: parsed.day, approximate: r.approximate ?? false,
                           qualifier: qualifier, note: r.note)
    }

    /// Checks a list of ids against a known set: duplicates and dangling references are reported.
    func references(_ values: [String]?, known: Set<String>, what: String, _ place: Place, _ field: String) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for (i, v) in (values ?? []).enumerated() {
            guard known.contains(v) else {
                report(.danglingReference, place, "\(field)[\(i)]", "\(what) '\(v)' does not exist")
                continue
            }
            guard seen.insert(v).inserted else {
                report(.invalidValue, place, "\(field)[\(i)]", "'\(v)' is listed twice")
                continue
            }
            out.append(v)
        }
        return out
    }

    // MARK: - Citations

    /// Resolves quotes to offsets. Each citation is found in its source's text; a quote that is absent, or
    /// present more than once without an `occurrence`, is an error.
    mutating func citations(_ raw: [Checked<RawCitation>]?, _ place: Place, _ field: String = "citations",
                            recordType: SourceCitation.RecordType, recordId: String?,
                            required isRequired: Bool = true) -> [Citation] {
        let list = raw ?? []
        if list.isEmpty && isRequired {
            report(.missingCitation, place, field, "at least one citation is required")
            return []
        }
        var out: [Citation] = []
        for (i, item) in list.enumerated() {
            let here = field == "citations" && i < Self.citationFields.count ? Self.citationFields[i] : "\(field)[\(i)]"
            reportUnknown(item.unknownKeys, place.nested(here), allowed: RawCitation.allowedKeys)
            let c = item.value
            guard let sourceId = required(c.sourceId, place, here + ".sourceId") else { continue }
            guard let quote = c.quote, !quote.isEmpty else {
                report(.missingField, place, here + ".quote", "a non-empty quote is required")
                continue
            }
            guard let s = sourceIndexById[sourceId] else {
                report(.danglingReference, place, here + ".sourceId", "source '\(sourceId)' does not exist")
                continue
            }
            if let occ = c.occurrence, occ < 1 {
                report(.invalidValue, place, here + ".occurrence", "occurrence counts from 1")
                continue
            }
            let text = sourceTexts[s]
            let needle = Array(quote.utf8)
            let hits = text.occurrences(of: needle, limit: c.occurrence.map { max($0, 2) } ?? 10)
            if hits.isEmpty {
                report(.quoteNotFound, place, here + ".quote",
                       "quote not found in source '\(sourceId)': \"\(Self.clip(quote))\"" + nearMissHint(quote, source: s))
                continue
            }
            let at: Int
            if let occ = c.occurrence {
                guard occ <= hits.count else {
                    report(.quoteNotFound, place, here + ".occurrence",
                           "occurrence \(occ) requested but the quote occurs \(hits.count) time\(hits.count == 1 ? "" : "s") in '\(sourceId)'")
                    continue
                }
                at = hits[occ - 1]
            } else {
                guard hits.count == 1 else {
                    let offsets = hits.map { String(text.scalarOffset(ofByte: $0)) }.joined(separator: ", ")
                    report(.quoteAmbiguous, place, here + ".quote",
                           "quote occurs \(hits.count == 10 ? "10 or more" : String(hits.count)) times in '\(sourceId)' (at scalar offsets \(offsets)); add \"occurrence\" (1 = first) or quote more text: \"\(Self.clip(quote))\"")
                    continue
                }
                at = hits[0]
            }
            // The quote is these bytes of the text, so its end is the text's offset after them: free for ASCII
            // text, a walk of at most 63 bytes otherwise (counting the quote's scalars through the String cost
            // more than finding it).
            let start = text.scalarOffset(ofByte: at)
            let end = text.scalarOffset(ofByte: at + needle.count)
            let citation = Citation(sourceId: sourceId, quote: Heap.localCopy(quote), start: start, end: end)
            out.append(citation)
            if let recordId {
                let path = place.prefix.isEmpty ? here : fieldPath(place.prefix + "." + here)
                citationsBySource[s].append(SourceCitation(recordType: recordType, recordId: recordId, field: path, citation: citation))
            }
            citationCount += 1
        }
        return out
    }

    /// One `String` per distinct field path (`outcomes[0].citations[0]` recurs in every event with an
    /// outcome): a path longer than 15 bytes is an allocation of its own, kept by every `SourceCitation`.
    private mutating func fieldPath(_ path: String) -> String {
        if let shared = fieldPaths[path] { return shared }
        fieldPaths[path] = path
        return path
    }

    /// `citations[0]` … `citations[15]`, made once: nearly every record cites, most of them once or twice.
    static let citationFields = (0..<16).map { "citations[\($0)]" }

    static func clip(_ s: String) -> String { s.count > 80 ? String(s.prefix(80)) + "…" : s }

    /// Explains the commonest reason a quote copied from a page does not match: curly versus straight
    /// quotation marks, no-break spaces, line breaks, or case.
    private mutating func nearMissHint(_ quote: String, source: Int) -> String {
        if normalizedTexts[source] == nil {
            normalizedTexts[source] = Self.normalize(String(decoding: sourceTexts[source].bytes, as: UTF8.self))
        }
        let hay = normalizedTexts[source]!
        let needle = Self.normalize(quote)
        guard !needle.isEmpty, needle.count <= hay.count else { return "" }
        let found = hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                while i + n.count <= h.count {
                    if h[i] == n[0] && memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
        return found ? " (the text has a passage that differs only in quotation marks, apostrophes, spaces or case: copy it exactly from the .txt file)" : ""
    }

    static func normalize(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var lastSpace = false
        for scalar in s.unicodeScalars {
            let mapped: Unicode.Scalar
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{02BC}": mapped = "'"
            case "\u{201C}", "\u{201D}": mapped = "\""
            case "\u{2013}", "\u{2014}": mapped = "-"
            default: mapped = scalar.properties.isWhitespace ? " " : scalar
            }
            if mapped == " " {
                if lastSpace { continue }
                lastSpace = true
            } else {
                lastSpace = false
            }
            for b in String(mapped).lowercased().utf8 { out.append(b) }
        }
        return out
    }
}
