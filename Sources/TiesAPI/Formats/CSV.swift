import TiesCore

/// RFC 4180 CSV: a header row, CRLF after every row, fields quoted when they hold a comma, a quote, CR or
/// LF (quotes doubled), UTF-8.
///
/// Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` (and, in some, tab or CR) as a formula,
/// so a quote like `=HYPERLINK(...)` in a source could act when a journalist opens the file (CSV injection,
/// OWASP). Such text cells get a leading `'`, which spreadsheets show as text and hide; numeric columns are
/// the server's own numbers and are left alone.
struct CSVTable<Record> {
    struct Column {
        let name: String
        /// Numbers the server writes (counts, ranks, scores): never neutralised, so they stay numbers.
        let numeric: Bool
        let value: (Record) -> String?
    }

    var columns: [Column] = []

    mutating func text(_ name: String, _ value: @escaping (Record) -> String?) {
        columns.append(Column(name: name, numeric: false, value: value))
    }

    mutating func number(_ name: String, _ value: @escaping (Record) -> String?) {
        columns.append(Column(name: name, numeric: true, value: value))
    }

    /// The whole file: optional byte-order mark, header, one row per record.
    func encode(_ records: [Record], byteOrderMark: Bool = false) -> [UInt8] {
        var out: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        out.reserveCapacity(256 + records.count * 512)
        CSV.row(columns.map(\.name), to: &out)
        for record in records {
            CSV.row(columns.map { column in
                let value = column.value(record) ?? ""
                return column.numeric ? value : CSV.neutralised(value)
            }, to: &out)
        }
        return out
    }
}

enum CSV {
    /// Characters that make a spreadsheet read a cell as a formula when they come first.
    static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, formulaTriggers.contains(first) else { return cell }
        return "'" + cell
    }

    /// One record: fields separated by commas, CRLF at the end (RFC 4180 §2).
    static func row(_ fields: [String], to out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendField(field, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    static func appendField(_ field: String, to out: inout [UInt8]) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { out.append(contentsOf: field.utf8); return }
        out.append(UInt8(ascii: "\""))
        for b in field.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Nested lists become one cell, items joined with `; ` (the JSON keeps the structure).
    static func list(_ items: [String]) -> String { items.joined(separator: "; ") }

    static func bool(_ b: Bool) -> String { b ? "true" : "false" }

    /// Citations as one cell: `sourceId: "quote"` joined with `; `. The `sourceIds` column lists the same
    /// sources once each, for filtering without parsing this one.
    static func citations(_ citations: [Citation]) -> String {
        list(citations.map { "\($0.sourceId): \"\($0.quote)\"" })
    }
}
