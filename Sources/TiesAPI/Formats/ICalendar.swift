/// RFC 5545 content lines: `NAME;PARAM=V:value`, CRLF-terminated, folded so no line exceeds 75 octets
/// (§3.1: a continuation line starts with one space, which counts), never inside a UTF-8 sequence.
struct ICalendarWriter {
    static let maxOctets = 75
    private(set) var bytes: [UInt8] = []

    /// A property whose value is already in its value type's syntax (DATE, DATE-TIME, URI, a token).
    mutating func raw(_ name: String, _ value: String) {
        line(name + ":" + value)
    }

    /// A TEXT property (§3.3.11): backslash, `;`, `,` and newlines escaped.
    mutating func text(_ name: String, _ value: String) {
        line(name + ":" + ICalendarWriter.escape(value))
    }

    /// A multi-valued TEXT property (`CATEGORIES`): each value escaped, joined with unescaped commas.
    mutating func list(_ name: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        line(name + ":" + values.map(ICalendarWriter.escape).joined(separator: ","))
    }

    mutating func line(_ content: String) {
        ICalendarWriter.fold(content, into: &bytes)
    }

    /// TEXT escaping. CR LF and lone CR become `\n`; other control characters, which TEXT may not hold
    /// (§3.3.11 excludes CONTROL but HTAB), are dropped.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            defer { previousCR = s == "\r" }
            switch s {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case ";": out.append(contentsOf: "\\;".unicodeScalars)
            case ",": out.append(contentsOf: "\\,".unicodeScalars)
            case "\r": out.append(contentsOf: "\\n".unicodeScalars)
            case "\n": if !previousCR { out.append(contentsOf: "\\n".unicodeScalars) }
            case "\t": out.append(s)
            default:
                if s.value < 0x20 || s.value == 0x7F { continue }
                out.append(s)
            }
        }
        return String(out)
    }

    /// Writes `content` as one logical line folded at 75 octets, breaking only between Unicode scalars.
    static func fold(_ content: String, into out: inout [UInt8]) {
        var used = 0
        for scalar in content.unicodeScalars {
            let width = UTF8.width(scalar)
            if used + width > maxOctets {
                out.append(contentsOf: [0x0D, 0x0A, 0x20])
                used = 1
            }
            UTF8.encode(scalar) { out.append($0) }
            used += width
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }
}
