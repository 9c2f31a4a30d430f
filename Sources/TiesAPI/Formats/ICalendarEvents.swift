import TiesCore

/// Events as an RFC 5545 calendar, one all-day VEVENT per event.
///
/// Dates are done honestly: a day-precision event is that day (`DTSTART;VALUE=DATE`, `DTEND` the day
/// after, exclusive); a month- or year-precision event spans the whole month or year it names, because
/// the sources say no more, and its SUMMARY says so (`(sometime in December 2023)`), as do DESCRIPTION and
/// `X-TIES-PRECISION`. Approximate and "on or before" dates are said the same way. An `endDate` ends the
/// span at the end of its own period. Scheduled events are `TENTATIVE`, the rest `CONFIRMED`.
enum ICalendarEvents {
    static func calendar(_ events: [Event], _ x: Export, name: String) -> [UInt8] {
        let stamp = DatasetTime.icsDateTime(DatasetTime.newest(x.snapshot))
        var w = ICalendarWriter()
        w.raw("BEGIN", "VCALENDAR")
        w.raw("VERSION", "2.0")
        w.text("PRODID", "-//Ties//Ties API \(ETag.apiRevision)//EN")
        w.raw("CALSCALE", "GREGORIAN")
        w.raw("METHOD", "PUBLISH")
        w.text("X-WR-CALNAME", name)
        w.text("NAME", name)  // RFC 7986
        let description = "\(x.snapshot.info.title). Dataset version \(x.call.version). Every event cites the sources that report it."
        w.text("X-WR-CALDESC", description)
        w.text("DESCRIPTION", description)
        w.raw("SOURCE;VALUE=URI", x.selfURL)
        // The dataset changes rarely; a subscribed calendar need not poll more than twice a day.
        w.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT12H")
        w.raw("X-PUBLISHED-TTL", "PT12H")
        for e in events { event(e, x, stamp: stamp, to: &w) }
        w.raw("END", "VCALENDAR")
        return w.bytes
    }

    static func event(_ e: Event, _ x: Export, stamp: String, to w: inout ICalendarWriter) {
        w.raw("BEGIN", "VEVENT")
        w.text("UID", "\(e.id)@ties")
        w.raw("DTSTAMP", stamp)
        w.raw("DTSTART;VALUE=DATE", DatasetTime.icsDate(day: e.firstDay))
        w.raw("DTEND;VALUE=DATE", DatasetTime.icsDate(day: e.lastDay + 1))
        w.text("SUMMARY", e.title + summaryNote(e))
        w.text("DESCRIPTION", description(e, x))
        if let location = e.location {
            w.text("LOCATION", location.detail.map { "\(location.name) — \($0)" } ?? location.name)
        }
        w.raw("STATUS", e.status == .scheduled ? "TENTATIVE" : "CONFIRMED")
        // Reported events are information, not appointments: they do not block the subscriber's time.
        w.raw("TRANSP", "TRANSPARENT")
        w.raw("CLASS", "PUBLIC")
        w.list("CATEGORIES", [e.type] + e.topics.map { x.snapshot.topic(id: $0)?.name ?? $0 })
        w.raw("URL", x.url(Paths.event(e.id)))
        w.text("X-TIES-PRECISION", e.date.precision.rawValue)
        if let end = e.endDate { w.text("X-TIES-END-PRECISION", end.precision.rawValue) }
        if e.date.approximate || e.endDate?.approximate == true { w.raw("X-TIES-APPROXIMATE", "TRUE") }
        if let q = e.date.qualifier { w.text("X-TIES-QUALIFIER", q.rawValue) }
        w.text("X-TIES-STATUS", e.status.rawValue)
        w.raw("END", "VEVENT")
    }

    /// What a calendar's one-line view must not hide: `(sometime in December 2023)`, `(on or before
    /// 23 May 2024)`, `(approximate date)`, `(scheduled)`. Empty for an exact day that happened.
    static func summaryNote(_ e: Event) -> String {
        var parts: [String] = []
        if e.date.qualifier == .by { parts.append("on or before \(DatasetTime.words(e.date))") }
        else if e.date.precision != .day { parts.append("sometime in \(DatasetTime.words(e.date))") }
        if let end = e.endDate, end.precision != .day { parts.append("ending sometime in \(DatasetTime.words(end))") }
        if e.date.approximate || e.endDate?.approximate == true { parts.append(parts.isEmpty ? "approximate date" : "approximate") }
        if e.status == .scheduled { parts.append("scheduled") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// The summary, the date in words with its precision and note, participants, outcomes, and every
    /// citation: the quote, its source, and a link that opens the source at the quote in the dashboard.
    static func description(_ e: Event, _ x: Export) -> String {
        var lines = [e.summary, ""]
        var when = "When: \(DatasetTime.phrase(e.date, end: e.endDate)); \(e.date.precision.rawValue) precision."
        if let note = e.date.note { when += " " + note }
        lines.append(when)
        lines.append(e.status == .scheduled ? "Status: scheduled (reported as planned, not as having happened)" : "Status: happened")
        if !e.participants.isEmpty {
            lines.append("Participants: " + e.participants.map(CSVTables.participant).joined(separator: "; "))
        }
        if !e.outcomes.isEmpty {
            lines.append("Outcomes:")
            lines += e.outcomes.map { "- " + CSVTables.outcome($0) }
        }
        lines.append("Sources:")
        lines += e.citations.map { "- " + citation($0, x) }
        lines.append("Record: " + x.url(Paths.event(e.id)))
        return lines.joined(separator: "\n")
    }

    /// `“quote” — Title (Publisher, 10 January 2025) <dashboard link to the quote>`.
    static func citation(_ c: Citation, _ x: Export) -> String {
        "“\(c.quote)” — \(sourceLine(c.sourceId, x.snapshot)) \(Links.quote(c, x))"
    }

    static func sourceLine(_ id: String, _ snapshot: Snapshot) -> String {
        guard let s = snapshot.source(id: id) else { return id }
        var by: [String] = []
        if let p = s.publisher { by.append(p.name) }
        if !s.wireServices.isEmpty, s.publisher == nil { by.append(s.wireServices.joined(separator: ", ")) }
        by.append(DatasetTime.words(s.published.date))
        return "\(s.title) (\(by.joined(separator: ", ")))"
    }
}

/// Links into the dashboard (`/`), whose URL state uses the API's own parameter names (docs/dashboard.md).
enum Links {
    /// The event opened on the timeline.
    static func event(_ id: String, _ x: Export) -> String {
        x.url("/?event=" + Paths.queryEscaped(id))
    }

    /// The source open in the reader with the cited passage highlighted.
    static func quote(_ c: Citation, _ x: Export) -> String {
        x.url("/?source=" + Paths.queryEscaped(c.sourceId) + "&cite=\(c.start)-\(c.end)")
    }

    /// The dashboard's timeline with the same filters, for the feed's `alternate` link.
    static func dashboard(filters query: [(name: String, value: String)], _ x: Export) -> String {
        let keys: Set<String> = ["leader", "country", "topic", "type", "q", "from", "to"]
        return x.url(Call.link(path: "/", query: query.filter { keys.contains($0.name) }))
    }
}
