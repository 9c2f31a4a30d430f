import Foundation
import Synchronization
import Testing
@testable import TiesCore
@testable import TiesAPI

// MARK: - CSV

private struct Row { var text: String; var count: Int }

private func table() -> CSVTable<Row> {
    var t = CSVTable<Row>()
    t.text("text") { $0.text }
    t.number("count") { String($0.count) }
    return t
}

private func csv(_ rows: [Row], bom: Bool = false) -> String {
    String(decoding: table().encode(rows, byteOrderMark: bom), as: UTF8.self)
}

@Test func csvQuotesCommasQuotesAndLineBreaksAndEndsRowsWithCRLF() {
    let out = csv([Row(text: "plain", count: 1), Row(text: "a, b", count: 2), Row(text: "say \"hi\"", count: 3),
                   Row(text: "two\nlines", count: 4), Row(text: "cr\rhere", count: 5)])
    #expect(out == "text,count\r\nplain,1\r\n\"a, b\",2\r\n\"say \"\"hi\"\"\",3\r\n\"two\nlines\",4\r\n\"cr\rhere\",5\r\n")
}

@Test func csvNeutralisesCellsThatSpreadsheetsWouldRunAsFormulas() {
    let out = csv([Row(text: "=HYPERLINK(\"http://x\")", count: 1), Row(text: "+1", count: 2), Row(text: "-2+3", count: 3),
                   Row(text: "@SUM(A1)", count: 4), Row(text: "\tTab", count: 5), Row(text: "\rCR", count: 6),
                   Row(text: "a=b", count: 7)])
    let lines = out.components(separatedBy: "\r\n")
    #expect(lines[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",1")
    #expect(lines[2] == "'+1,2")
    #expect(lines[3] == "'-2+3,3")
    #expect(lines[4] == "'@SUM(A1),4")
    #expect(lines[5] == "'\tTab,5")
    #expect(out.contains("\"'\rCR\",6"))
    #expect(out.contains("a=b,7"), "only a leading trigger is neutralised")
}

@Test func csvLeavesNumericColumnsAlone() {
    var t = CSVTable<Int>()
    t.number("n") { String($0) }
    #expect(String(decoding: t.encode([-5]), as: UTF8.self) == "n\r\n-5\r\n")
}

@Test func csvByteOrderMarkOnlyWhenAsked() {
    let plain = table().encode([Row(text: "x", count: 1)])
    let marked = table().encode([Row(text: "x", count: 1)], byteOrderMark: true)
    #expect(plain.prefix(3) != [0xEF, 0xBB, 0xBF])
    #expect(Array(marked.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(Array(marked.dropFirst(3)) == plain)
}

@Test func csvFlattensCitationsAsSourceIdAndQuotedQuote() {
    let cells = CSV.citations([Citation(sourceId: "a", quote: "one", start: 0, end: 3), Citation(sourceId: "b", quote: "two", start: 4, end: 7)])
    #expect(cells == "a: \"one\"; b: \"two\"")
}

// MARK: - iCalendar

@Test func icalendarEscapesBackslashSemicolonCommaAndNewlines() {
    #expect(ICalendarWriter.escape("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng")
    #expect(ICalendarWriter.escape("bell\u{07}tab\t") == "belltab\t", "controls other than tab are dropped")
}

/// Undoes §3.1 folding: CRLF followed by one space or tab disappears.
private func unfold(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        if i + 2 < bytes.count, bytes[i] == 0x0D, bytes[i + 1] == 0x0A, bytes[i + 2] == 0x20 || bytes[i + 2] == 0x09 {
            i += 3
            continue
        }
        out.append(bytes[i])
        i += 1
    }
    return out
}

private func physicalLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
            lines.append(current)
            current = []
            i += 2
        } else {
            current.append(bytes[i])
            i += 1
        }
    }
    #expect(current.isEmpty, "the last line ends with CRLF")
    return lines
}

@Test func icalendarFoldsAt75OctetsWithoutSplittingUTF8() {
    // Three-byte Japanese characters and four-byte emoji put sequence boundaries at every offset.
    for prefix in ["", "a", "ab", "abc"] {
        let value = prefix + String(repeating: "日米マレーシア首脳会談😀", count: 20)
        var w = ICalendarWriter()
        w.text("DESCRIPTION", value)
        for line in physicalLines(w.bytes) {
            #expect(line.count <= 75)
            #expect(String(validating: line, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
        }
        #expect(unfold(w.bytes) == Array("DESCRIPTION:\(value)\r\n".utf8))
    }
}

@Test func icalendarShortLinesAreNotFolded() {
    var w = ICalendarWriter()
    let exactly75 = "SUMMARY:" + String(repeating: "x", count: 67)
    w.line(exactly75)
    #expect(w.bytes == Array((exactly75 + "\r\n").utf8))
    var longer = ICalendarWriter()
    longer.line(exactly75 + "y")
    #expect(longer.bytes == Array((exactly75 + "\r\n y\r\n").utf8))
}

@Test func icalendarCategoriesEscapeEachValueAndJoinWithCommas() {
    var w = ICalendarWriter()
    w.list("CATEGORIES", ["summit", "Rule of law, regional order"])
    #expect(w.bytes == Array("CATEGORIES:summit,Rule of law\\, regional order\r\n".utf8))
}

// MARK: - Dates and times

private func source(published date: PartialDate, time: String?, zone: String?) -> Source {
    Source(id: "s", title: "t", kind: .newsReport, language: "en", url: nil, publisher: nil, wireServices: [],
           published: Source.Published(date: date, time: time, timeZone: zone, asPrinted: nil, inferred: false, reason: nil, note: nil),
           originalFile: nil, removed: [], notes: [], text: "", textLength: 0, citationCount: 0)
}

@Test func sourceInstantsUseThePrintedZoneElseMidnightUTCOfThePeriod() throws {
    let day = try #require(PartialDate(year: 2025, month: 1, day: 10))
    #expect(DatasetTime.rfc3339(DatasetTime.published(source(published: day, time: "15:54", zone: "JST"))) == "2025-01-10T06:54:00Z")
    #expect(DatasetTime.rfc3339(DatasetTime.published(source(published: day, time: "13:18", zone: nil))) == "2025-01-10T00:00:00Z")
    let month = try #require(PartialDate(year: 2025, month: 1))
    #expect(DatasetTime.icsDateTime(DatasetTime.published(source(published: month, time: nil, zone: nil))) == "20250101T000000Z")
    #expect(JSONLD.datePublished(source(published: day, time: "15:54", zone: "JST")) == "2025-01-10T15:54:00+09:00")
    #expect(JSONLD.datePublished(source(published: month, time: nil, zone: nil)) == "2025-01")
}

@Test func datesInWordsSayTheirPrecision() throws {
    let month = try #require(PartialDate(year: 2023, month: 12))
    let byDay = try #require(PartialDate(year: 2024, month: 5, day: 23, qualifier: .by))
    let aboutDay = try #require(PartialDate(year: 2023, month: 12, day: 15, approximate: true))
    let end = try #require(PartialDate(year: 2023, month: 12, day: 17))
    #expect(DatasetTime.phrase(month, end: nil) == "sometime in December 2023")
    #expect(DatasetTime.phrase(try #require(PartialDate(year: 2016)), end: nil) == "sometime in 2016")
    #expect(DatasetTime.phrase(byDay, end: nil) == "on or before 23 May 2024")
    #expect(DatasetTime.phrase(aboutDay, end: end) == "from 15 December 2023 (approximate) to 17 December 2023")
    #expect(DatasetTime.icsDate(day: CivilDays.days(year: 2024, month: 2, day: 29) + 1) == "20240301")
}

// MARK: - XML and JSON-LD

@Test func xmlEscapesMarkupAndDropsWhatXMLCannotHold() {
    #expect(XMLWriter.escape("a < b & c > d \"q\"") == "a &lt; b &amp; c &gt; d \"q\"")
    #expect(XMLWriter.escape("\"q\"\n", attribute: true) == "&quot;q&quot;&#10;")
    #expect(XMLWriter.escape("bell\u{07}\u{FFFE}ok") == "bellok")
}

@Test func jsonldCanBePastedIntoAScriptElement() throws {
    let bytes = JSONLD.document(.object([("name", .string("</script><script>alert(1)</script>"))]))
    #expect(!bytes.contains(UInt8(ascii: "<")))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    #expect(object["@context"] as? String == "https://schema.org")
    #expect(object["name"] as? String == "</script><script>alert(1)</script>")
}

@Test func jsonldLeavesOutUnknownValuesRatherThanWritingNull() {
    var out: [UInt8] = []
    JSONLD.object([("a", .null), ("b", .array([])), ("c", .string("x"))]).write(to: &out)
    #expect(String(decoding: out, as: UTF8.self) == #"{"c":"x"}"#)
}

// MARK: - Streams

@Test func compressedChunksDecodeToTheSameBytes() throws {
    let records = (0..<2000).map { Array("{\"id\":\"event-\($0)\",\"title\":\"Japan and Malaysia\"}".utf8) }
    let plain = NDJSON.bytes(records)
    for coding in ContentCoding.allCases {
        let next = coding.compressing(NDJSON.stream(records).make)()
        var packed: [UInt8] = []
        var chunks = 0
        while let chunk = next() { packed += chunk; chunks += 1 }
        #expect(chunks > 1, "compressed as it streams, not at the end")
        #expect(packed.count < plain.count / 4)
        #expect(coding.decompress(packed) == plain)
    }
}

@Test func ndjsonStreamIsOneRecordPerLineInChunks() {
    let records = (0..<5000).map { Array("{\"n\":\($0)}".utf8) }
    let next = NDJSON.stream(records).make()
    var all: [UInt8] = []
    var chunks = 0
    while let chunk = next() { all += chunk; chunks += 1 }
    #expect(chunks > 1)
    #expect(all == NDJSON.bytes(records))
    #expect(all.filter { $0 == 0x0A }.count == 5000)
}

/// Items become lines as chunks are pulled, so a record not yet encoded is encoded when its chunk goes out,
/// not before the first byte; an item without JSON is left out.
@Test func ndjsonStreamMakesEachLineWhenItsChunkIsPulled() {
    let made = Mutex(0)
    let next = NDJSON.stream(Array(0..<5000)) { n -> [UInt8]? in
        made.withLock { $0 += 1 }
        return n == 7 ? nil : Array("{\"n\":\(n)}".utf8)
    }.make()
    #expect(made.withLock { $0 } == 0)
    let first = next()
    #expect(first != nil)
    let afterFirst = made.withLock { $0 }
    #expect(afterFirst > 0 && afterFirst < 5000, "only the first chunk's items: \(afterFirst)")
    var all = first ?? []
    while let chunk = next() { all += chunk }
    #expect(made.withLock { $0 } == 5000)
    #expect(all == NDJSON.bytes((0..<5000).filter { $0 != 7 }.map { Array("{\"n\":\($0)}".utf8) }))
}
