import FoundationEssentials

/// One element of a record file, read: its position, its id if readable, and the record unless the element
/// was not an object.
struct DecodedRecord<T: RawRecord> {
    let position: Int
    let id: String?
    let value: Checked<T>?
    var recordName: String { id ?? "#\(position)" }
}

/// Parsing and reading of the JSON record files, free of the builder so it can run on another thread with
/// its own `Diagnostics`.
enum RecordFile {
    static func parse(_ data: [UInt8]?, file: String, diagnostics: Diagnostics) -> JSONDocument? {
        guard let data else { return nil }
        do {
            return try JSONDocument(data)
        } catch {
            diagnostics.add(.malformedJSON, file, nil, nil, "not valid JSON: \(error.description)")
            return nil
        }
    }

    /// Reads a JSON array of records. An element that is not an object is reported and left out; fields of
    /// the wrong type are reported and read as absent; unknown fields are reported.
    /// `idKeys` are the keys that name a record in messages (`version` for changelog entries).
    static func readArray<T: RawRecord>(_ data: [UInt8]?, file: String, as type: T.Type, diagnostics: Diagnostics,
                                        idKeys: [String] = ["id", "code"]) -> [DecodedRecord<T>] {
        guard let doc = parse(data, file: file, diagnostics: diagnostics) else { return [] }
        guard doc.kinds[0] == .array else {
            FieldSink(diagnostics: diagnostics, file: file, record: nil, prefix: "").wrongType(nil, expected: "a list of records", found: doc.kinds[0])
            return []
        }
        return doc.children(0).enumerated().map { i, node in
            // The record's id (or country code), read first so every error about the record can name it.
            var id: String?
            if doc.kinds[node] == .object {
                var key = node + 1
                let end = Int(doc.nexts[node])
                while key < end {
                    let value = Int(doc.nexts[key])
                    if doc.kinds[value] == .string && idKeys.contains(where: { doc.stringEquals(key, $0) }) {
                        id = doc.string(value)
                        break
                    }
                    key = Int(doc.nexts[value])
                }
            }
            let sink = FieldSink(diagnostics: diagnostics, file: file, record: id ?? "#\(i)", prefix: "")
            guard let reader = ObjectReader(doc, node: node, sink: sink) else { return DecodedRecord(position: i, id: id, value: nil) }
            let checked = Checked<T>(reader)
            reportUnknown(checked.unknownKeys, file: file, record: id ?? "#\(i)", allowed: T.allowedKeys, diagnostics: diagnostics)
            return DecodedRecord(position: i, id: id, value: checked)
        }
    }

    /// Reads a JSON object holding one record.
    static func readObject<T: RawRecord>(_ data: [UInt8]?, file: String, as type: T.Type, record: String?, diagnostics: Diagnostics) -> Checked<T>? {
        guard let doc = parse(data, file: file, diagnostics: diagnostics) else { return nil }
        let sink = FieldSink(diagnostics: diagnostics, file: file, record: record, prefix: "")
        guard let reader = ObjectReader(doc, node: 0, sink: sink) else { return nil }
        let checked = Checked<T>(reader)
        reportUnknown(checked.unknownKeys, file: file, record: record, allowed: T.allowedKeys, diagnostics: diagnostics)
        return checked
    }

    static func unknownFieldMessage(_ key: String, allowed: [String]) -> String {
        "unknown field '\(key)'; expected one of: \(allowed.joined(separator: ", "))"
    }

    static func reportUnknown(_ keys: [String], file: String, record: String?, allowed: [String], diagnostics: Diagnostics) {
        for key in keys {
            diagnostics.add(.unknownField, file, record, key, unknownFieldMessage(key, allowed: allowed))
        }
    }
}
