import TiesCore

/// The two JSON envelopes of the contract, written by concatenating records that were encoded once per
/// snapshot: a list page costs a few appends, not an encoder pass over every record.
///
///     {"data": [...], "meta": {"total", "limit", "nextCursor", "datasetVersion", "licence"}, "links": {"self", "next"}}
///     {"data": {...}, "meta": {"datasetVersion", "licence"}}
enum Envelope {
    static func list(_ records: [[UInt8]], total: Int, limit: Int?, nextCursor: String?, meta: EnvelopeMeta,
                     selfLink: String, nextLink: String?, extraMeta: [(String, [UInt8])] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(records.reduce(160) { $0 + $1.count + 1 })
        out.append(contentsOf: #"{"data":["#.utf8)
        for (i, r) in records.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: r)
        }
        out.append(contentsOf: #"],"meta":{"total":"#.utf8)
        out.append(contentsOf: String(total).utf8)
        out.append(contentsOf: #","limit":"#.utf8)
        out.append(contentsOf: (limit.map(String.init) ?? "null").utf8)
        out.append(contentsOf: #","nextCursor":"#.utf8)
        appendStringOrNull(nextCursor, to: &out)
        out.append(contentsOf: #","datasetVersion":"#.utf8)
        JSONNode.writeString(meta.version, to: &out)
        out.append(contentsOf: meta.fields)
        for (key, value) in extraMeta {
            out.append(UInt8(ascii: ","))
            JSONNode.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: value)
        }
        out.append(contentsOf: #"},"links":{"self":"#.utf8)
        JSONNode.writeString(selfLink, to: &out)
        out.append(contentsOf: #","next":"#.utf8)
        appendStringOrNull(nextLink, to: &out)
        out.append(contentsOf: "}}".utf8)
        return out
    }

    static func single(_ record: [UInt8], meta: EnvelopeMeta, extraMeta: [(String, [UInt8])] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(record.count + 64)
        out.append(contentsOf: #"{"data":"#.utf8)
        out.append(contentsOf: record)
        out.append(contentsOf: #","meta":{"datasetVersion":"#.utf8)
        JSONNode.writeString(meta.version, to: &out)
        out.append(contentsOf: meta.fields)
        for (key, value) in extraMeta {
            out.append(UInt8(ascii: ","))
            JSONNode.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: value)
        }
        out.append(contentsOf: "}}".utf8)
        return out
    }

    private static func appendStringOrNull(_ s: String?, to out: inout [UInt8]) {
        if let s { JSONNode.writeString(s, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }
}

/// What every envelope's `meta` says of the dataset, the same for every document of a snapshot: its version,
/// its licence (`"licence":{"name","url","text"}`) and, for a `knownAt` view, the cutoff and the sources it
/// counted (`"knownAt":{"date","sources","possiblyPublished"}`), encoded once.
struct EnvelopeMeta: Sendable {
    let version: String
    /// `,"licence":{…}` (and `,"knownAt":{…}`) ready to splice after `datasetVersion`.
    let fields: [UInt8]

    init(_ info: DatasetInfo, version: String, knownAt: KnownAt? = nil) {
        self.version = version
        var out: [UInt8] = Array(#","licence":"#.utf8)
        JSONNode.object([
            ("name", info.licenceName.map(JSONNode.string) ?? .null),
            ("url", info.licenceURL.map(JSONNode.string) ?? .null),
            ("text", .string(info.licence)),
        ]).write(to: &out)
        if let knownAt {
            out.append(contentsOf: #","knownAt":"#.utf8)
            JSONNode.object([
                ("date", .string(knownAt.date.iso)),
                ("sources", .array(knownAt.sourceIds.map(JSONNode.string))),
                ("possiblyPublished", .array(knownAt.possiblyPublished.map(JSONNode.string))),
            ]).write(to: &out)
        }
        fields = out
    }
}
