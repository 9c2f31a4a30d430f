import FoundationEssentials

// sources/<id>.json and .txt: metadata, text, and the check against the original page.

extension DatasetBuilder {
    // MARK: sources/

    mutating func buildSources() -> [SourceDraft] {
        var drafts: [SourceDraft] = []
        for id in files.sourceIds {
            let file = "sources/\(id).json"
            let place = Place(file: file, record: id, prefix: "")
            guard Self.isSlug(id) else {
                report(.invalidId, place, nil, "file name '\(id)' is not a slug: lowercase letters, digits and single hyphens")
                continue
            }
            let checked = decodeObject(file, RawSource.self, record: id)
            files.release(file)
            guard let data = files["sources/\(id).txt"] else { continue }
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.add(.invalidUTF8, "sources/\(id).txt", id, nil, "the text is not valid UTF-8")
                continue
            }
            if text.isBlank {
                diagnostics.add(.missingField, "sources/\(id).txt", id, nil, "the text is empty")
            }
            // From here on the source stays in, with stand-ins for bad fields (whose errors are reported and
            // refuse the load), so citations into its text are still checked rather than all reported missing.
            let raw = checked?.value
            if let written = raw?.id, written != id {
                report(.inconsistent, place, "id", "id '\(written)' differs from the file name '\(id)'")
            }
            let title = raw.flatMap { required($0.title, place, "title") }
            var kind: Source.Kind?
            if let raw, let k = required(raw.kind, place, "kind") {
                kind = Source.Kind(rawValue: k)
                if kind == nil {
                    report(.invalidValue, place, "kind", "'\(k)' is not one of: \(Source.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            let language = raw.flatMap { required($0.language, place, "language") }
            if let language, !Self.isLanguageTag(language) {
                report(.invalidValue, place, "language", "'\(language)' is not a BCP 47 language tag such as 'en' or 'ms'")
            }
            var publisher: Source.Publisher?
            if let p = raw?.publisher {
                let pp = place.nested("publisher")
                reportUnknown(p.unknownKeys, pp, allowed: RawPublisher.allowedKeys)
                if let name = required(p.value.name, pp, "name") {
                    let inferred = p.value.inferred ?? false
                    if inferred && (p.value.reason ?? "").isEmpty {
                        report(.missingField, pp, "reason", "an inferred publisher needs the reason it was inferred")
                    }
                    publisher = Source.Publisher(name: name, inferred: inferred, reason: p.value.reason)
                }
            }
            let wires = raw?.wireServices ?? []
            for (i, wire) in wires.enumerated() where !ByteSearch.contains(text, wire) {
                report(.invalidValue, place, "wireServices[\(i)]", "'\(wire)' is not credited anywhere in the text")
            }
            let published = raw.flatMap { buildPublished($0.published, place, text: text) }
            var original: String?
            if let name = raw?.originalFile {
                original = name
                checkOriginal(name, text: text, place: place)
            }
            let standIn = Source.Published(date: PartialDate(unchecked: 1970, nil, nil), time: nil, timeZone: nil,
                                           asPrinted: nil, inferred: true, reason: nil, note: nil)
            drafts.append(SourceDraft(id: id, title: title ?? id, kind: kind ?? .newsReport, language: language ?? "und",
                                      url: raw?.url, publisher: publisher, wireServices: wires, published: published ?? standIn,
                                      originalFile: original, removed: raw?.removed ?? [], notes: raw?.notes ?? [],
                                      text: text))
        }
        // Sort positions by precomputed keys, then move each draft once: comparing and swapping the
        // drafts themselves copies every field at every step.
        let keys = drafts.map { DateKey(first: $0.published.date.firstDay, last: $0.published.date.lastDay, id: $0.id) }
        drafts = keys.indices.sorted { keys[$0] < keys[$1] }.map { drafts[$0] }
        for (i, d) in drafts.enumerated() {
            sourceIndexById[d.id] = i
            sourceTexts.append(TextBuffer(bytes: files["sources/\(d.id).txt"] ?? Array(d.text.utf8)))
        }
        citationsBySource = Array(repeating: [], count: drafts.count)
        return drafts
    }

    static func isLanguageTag(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.utf8.allSatisfy(Tokenizer.isWordASCII) }
    }

    func buildPublished(_ checked: Checked<RawPublished>?, _ place: Place, text: String) -> Source.Published? {
        guard let checked else {
            report(.missingField, place, "published", "the publication date is required (mark it inferred if not printed)")
            return nil
        }
        let p = place.nested("published")
        reportUnknown(checked.unknownKeys, p, allowed: RawPublished.allowedKeys)
        let raw = checked.value
        guard let dateText = required(raw.date, p, "date") else { return nil }
        let date: PartialDate
        do { date = try PartialDate.parse(dateText, parameter: "published.date") } catch {
            report(.badDate, p, "date", error.message)
            return nil
        }
        if let time = raw.time, !Self.isClockTime(time) {
            report(.invalidValue, p, "time", "'\(time)' is not a 24-hour time HH:MM")
        }
        if raw.timeZone != nil && raw.time == nil {
            report(.inconsistent, p, "timeZone", "a time zone without a time")
        }
        if let printed = raw.asPrinted, !ByteSearch.contains(text, printed) {
            report(.invalidValue, p, "asPrinted", "'\(printed)' does not appear in the text")
        }
        let inferred = raw.inferred ?? false
        if inferred && (raw.reason ?? "").isEmpty {
            report(.missingField, p, "reason", "an inferred date needs the reason it was inferred")
        }
        if !inferred && raw.asPrinted == nil {
            report(.missingField, p, "asPrinted", "a printed date needs asPrinted (the date line as it stands in the text); otherwise mark it inferred with a reason")
        }
        return Source.Published(date: date, time: raw.time, timeZone: raw.timeZone, asPrinted: raw.asPrinted,
                                inferred: inferred, reason: raw.reason, note: raw.note)
    }

    static func isClockTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 5, b[2] == 0x3A, [b[0], b[1], b[3], b[4]].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let h = Int(b[0] - 0x30) * 10 + Int(b[1] - 0x30), m = Int(b[3] - 0x30) * 10 + Int(b[4] - 0x30)
        return h < 24 && m < 60
    }

    /// The cleaned text must be the original page with lines removed: every non-blank line of the text is a
    /// line of the original, in the same order. So cleaning can only delete, never reword.
    func checkOriginal(_ name: String, text: String, place: Place) {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            report(.invalidValue, place, "originalFile", "'\(name)' must be a file name inside originals/")
            return
        }
        guard let data = files.read("originals/\(name)", required: false) else {
            report(.missingFile, place, "originalFile", "originals/\(name) does not exist")
            return
        }
        guard let original = String(validating: data, as: UTF8.self) else {
            diagnostics.add(.invalidUTF8, "originals/\(name)", place.record, nil, "the original is not valid UTF-8")
            return
        }
        func lines(_ s: String) -> [Substring] {
            s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        }
        let source = lines(original)
        var j = 0
        for (n, line) in lines(text).enumerated() where !line.isBlank {
            while j < source.count && source[j] != line { j += 1 }
            if j == source.count {
                diagnostics.add(.textNotFromOriginal, "sources/\(place.record ?? "").txt", place.record, "line \(n + 1)",
                                "line is not a line of originals/\(name) (or is out of order): \"\(Self.clip(String(line)))\"")
                return
            }
            j += 1
        }
    }
}
