/// One thing wrong with a dataset, located by file, record and field so an editor can go straight to it.
public struct DatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The dataset directory or the embedded resources could not be found.
        case datasetNotFound = "dataset-not-found"
        case missingFile = "missing-file"
        case unreadableFile = "unreadable-file"
        case invalidUTF8 = "invalid-utf8"
        /// The file is not valid JSON (the message gives the parser's position).
        case malformedJSON = "malformed-json"
        /// A value has the wrong JSON type (a string where a list belongs, …).
        case wrongType = "wrong-type"
        case unknownField = "unknown-field"
        case missingField = "missing-field"
        case invalidValue = "invalid-value"
        case invalidId = "invalid-id"
        case duplicateId = "duplicate-id"
        /// A reference to an id (event, leader, source, topic, level, country code, event type…) that does not exist.
        case danglingReference = "dangling-reference"
        case badDate = "bad-date"
        case duplicateRank = "duplicate-rank"
        case missingCitation = "missing-citation"
        case quoteNotFound = "quote-not-found"
        case quoteAmbiguous = "quote-ambiguous"
        /// An alias or spelling that appears in no source text, or that two records share.
        case badAlias = "bad-alias"
        /// A cleaned source text that is not the original page with lines removed.
        case textNotFromOriginal = "text-not-from-original"
        case inconsistent
    }

    public let kind: Kind
    /// Path relative to the dataset directory: `events.json`, `sources/<id>.json`.
    public let file: String
    /// The id of the record at fault, or `#3` (zero-based position) when it has no readable id.
    public let record: String?
    /// Where in the record: `citations[2].quote`, `offices[0].from`.
    public let field: String?
    public let message: String

    public init(_ kind: Kind, file: String, record: String? = nil, field: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.record = record
        self.field = field
        self.message = message
    }

    /// One line: `events.json: record "2025-01-10-ishiba-anwar-summit", field citations[2].quote: quote not found …`.
    public var description: String {
        var s = file
        if let record { s += ": record \"\(record)\"" }
        if let field { s += (record == nil ? ": field " : ", field ") + field }
        return s + ": " + message + " [\(kind.rawValue)]"
    }
}

/// A dataset that was refused, with every error found. Nothing was loaded.
public struct DatasetLoadError: Error, Sendable, CustomStringConvertible {
    public let errors: [DatasetError]

    public init(_ errors: [DatasetError]) { self.errors = errors }

    public var description: String {
        "dataset refused with \(errors.count) error\(errors.count == 1 ? "" : "s"):\n"
            + errors.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Collects errors during one load; local to the loading thread.
final class Diagnostics {
    private(set) var errors: [DatasetError] = []
    /// Fields already reported as having the wrong JSON type: they read as absent, and saying "missing"
    /// about them as well would only confuse.
    private var wrongTypes: Set<String> = []

    func add(_ kind: DatasetError.Kind, _ file: String, _ record: String?, _ field: String?, _ message: String) {
        let key = "\(file)\u{1F}\(record ?? "")\u{1F}\(field ?? "")"
        if kind == .wrongType { wrongTypes.insert(key) }
        if (kind == .missingField || kind == .missingCitation) && wrongTypes.contains(key) { return }
        errors.append(DatasetError(kind, file: file, record: record, field: field, message))
    }

    /// Takes over what another thread's diagnostics found.
    func merge(_ other: Diagnostics) {
        errors.append(contentsOf: other.errors)
        wrongTypes.formUnion(other.wrongTypes)
    }

    var isEmpty: Bool { errors.isEmpty }
}
