import FoundationEssentials
import TiesCore

/// `ties draft PAGE --into DATASET_DIR [--out DRAFT_DIR]`: cleans a saved page, guesses its metadata and proposes
/// every candidate fact its text supports, into a draft folder. It never touches the dataset
/// (docs/dataset.md, "Drafting an article").
public enum DraftCommand {
    public static let usage = """
    usage: ties draft PAGE --into DATASET_DIR [--out DRAFT_DIR]
           ties draft --accept accepted.json --into DATASET_DIR [--draft DRAFT_DIR]
           ties draft --evaluate [DATASET_DIR]

      PAGE            the page as saved: HTML as a browser saves it, or plain text like originals/
      --into DIR      the dataset the article would join (read only: known leaders, levels and events)
      --out DIR       where the draft goes (default: ./draft-<proposed id>); must not exist yet
      --accept FILE   merge what the editor accepted in review.html into DATASET_DIR: all or nothing, checked by
                      the loader first; the draft folder is FILE's folder unless --draft names it
      --evaluate      leave-one-out over the dataset's own sources: recall of the curated citations by the
                      proposals, per source and in total (the table in docs/dataset.md)

    The draft folder: originals/<PAGE's name>, sources/<id>.txt and sources/<id>.json (in the dataset's format),
    proposals.json (each metadata field found or inferred, and every proposal with its quote and offsets), and
    review.html: open it in a browser, tick what to accept, edit new records, download accepted.json.
    """

    public static func run(_ arguments: [String], print out: (String) -> Void = { print($0) }) -> Int32 {
        if arguments.contains("--help") || arguments.isEmpty { out(usage); return arguments.isEmpty ? 1 : 0 }
        if arguments.first == "--accept" {
            var accepted: String?, into: String?, draft: String?
            var i = 0
            while i + 1 < arguments.count {
                switch arguments[i] {
                case "--accept": accepted = arguments[i + 1]
                case "--into": into = arguments[i + 1]
                case "--draft": draft = arguments[i + 1]
                default: out("ties draft: unexpected '\(arguments[i])'"); return 1
                }
                i += 2
            }
            guard i == arguments.count, let accepted, let into else { out("ties draft: --accept FILE --into DATASET_DIR [--draft DRAFT_DIR]"); return 1 }
            do {
                let lines = try Acceptance.run(accepted: URL(fileURLWithPath: accepted), draft: draft.map { URL(fileURLWithPath: $0) },
                                               into: URL(fileURLWithPath: into))
                lines.forEach(out)
                return lines.contains { $0.hasPrefix("dataset: ok") || $0.hasPrefix("next:") } ? 0 : 1
            } catch {
                out("ties draft: \(error)")
                return 1
            }
        }
        if arguments.first == "--evaluate" {
            let dir = arguments.count > 1 ? URL(fileURLWithPath: arguments[1]) : nil
            do throws(DatasetLoadError) {
                let snapshot: Snapshot
                if let dir { snapshot = try DatasetLoader.load(directory: dir) } else { snapshot = try DatasetLoader.loadEmbedded() }
                out(LeaveOneOut.table(LeaveOneOut.run(shipped: snapshot)))
                return 0
            } catch {
                out("ties draft: the dataset does not load:"); error.errors.forEach { out("  \($0)") }
                return 1
            }
        }
        var page: String?, into: String?, outDir: String?
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--into" where i + 1 < arguments.count: into = arguments[i + 1]; i += 2
            case "--out" where i + 1 < arguments.count: outDir = arguments[i + 1]; i += 2
            case let a where !a.hasPrefix("--") && page == nil: page = a; i += 1
            default: out("ties draft: unexpected '\(arguments[i])'"); out(usage); return 1
            }
        }
        guard let page, let into else { out("ties draft: PAGE and --into DATASET_DIR are required"); out(usage); return 1 }
        do {
            let draft = try Draft.make(page: URL(fileURLWithPath: page), dataset: URL(fileURLWithPath: into))
            let folder = URL(fileURLWithPath: outDir ?? "draft-\(draft.metadata.id)")
            try draft.write(to: folder)
            try Data(ReviewPage.html(draft, known: draft.known).utf8).write(to: folder.appendingPathComponent("review.html"))
            let counts = Proposal.Kind.allCases.map { k in "\(draft.proposals.filter { $0.kind == k }.count) \(k.rawValue)" }
            out("draft: \(draft.metadata.id): \(draft.page.removed.count) lines removed as chrome, \(draft.proposals.count) proposals (\(counts.joined(separator: ", ")))")
            out("draft: written to \(folder.path) (open review.html to accept proposals); nothing in \(into) was changed")
            return 0
        } catch {
            out("ties draft: \(error)")
            return 1
        }
    }
}

/// A drafted article: its cleaned page, metadata and proposals.
struct Draft {
    let pageName: String
    let bytes: [UInt8]
    let page: PageText
    let metadata: ArticleMetadata
    let proposals: [Proposal]
    /// The dataset the article would join.
    let known: Snapshot

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// A file name without its extension ("page.html" → "page"; a leading dot is not one).
    static func stem(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    static func make(page url: URL, dataset: URL) throws -> Draft {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Failure(description: "cannot read \(url.path)") }
        let known: Snapshot
        do { known = try DatasetLoader.load(directory: dataset) } catch {
            throw Failure(description: "the dataset \(dataset.path) does not load:\n" + error.errors.map { "  \($0)" }.joined(separator: "\n"))
        }
        let bytes = Array(data)
        let page = try PageText(bytes: bytes)
        let metadata = try ArticleMetadata(page: page, known: known)
        if known.source(id: metadata.id) != nil { throw Failure(description: "the dataset already has a source '\(metadata.id)'") }
        let proposals = ProposalFinder(known: known, published: metadata.publishedDate).proposals(in: page.text)
        return Draft(pageName: url.lastPathComponent, bytes: bytes, page: page, metadata: metadata, proposals: proposals, known: known)
    }

    func write(to folder: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.path) { throw Failure(description: "\(folder.path) already exists; choose another --out") }
        try fm.createDirectory(at: folder.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try fm.createDirectory(at: folder.appendingPathComponent("originals"), withIntermediateDirectories: true)
        // An HTML page is kept as its text: the loader checks the cleaned text line by line against it.
        let original = page.wasHTML ? Data((page.lines.joined(separator: "\n") + "\n").utf8) : Data(bytes)
        let originalName = page.wasHTML ? Self.stem(pageName) + ".txt" : pageName
        try original.write(to: folder.appendingPathComponent("originals/\(originalName)"))
        try Data(page.text.utf8).write(to: folder.appendingPathComponent("sources/\(metadata.id).txt"))
        let json = Data(DatasetJSON.render(metadata.sourceJSON(originalFile: originalName, removed: page.removed)).utf8)
        try json.write(to: folder.appendingPathComponent("sources/\(metadata.id).json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(ProposalsFile(draft: self)).write(to: folder.appendingPathComponent("proposals.json"))
    }
}

/// proposals.json: the metadata with its provenance, then the proposals.
struct ProposalsFile: Encodable {
    let draft: Draft
    enum Key: String, CodingKey { case sourceId, title, kind, language, published, wireServices, removed, proposals }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let m = draft.metadata
        try c.encode(m.id, forKey: .sourceId)
        try c.encode(m.title, forKey: .title)
        try c.encode(m.kind, forKey: .kind)
        try c.encode(m.language, forKey: .language)
        try c.encode(m.published, forKey: .published)
        try c.encode(zip(m.wireServices, m.wireFoundIn).map { ArticleMetadata.Field(value: $0, foundIn: $1, inferredBecause: nil) }, forKey: .wireServices)
        try c.encode(draft.page.removed, forKey: .removed)
        try c.encode(draft.proposals, forKey: .proposals)
    }
}
