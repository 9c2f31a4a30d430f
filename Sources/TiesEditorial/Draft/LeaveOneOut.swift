import FoundationEssentials
import TiesCore

/// How well drafting reproduces the curated records of an article it has never seen: for each shipped source,
/// the dataset without it (`Snapshot.restricted`), a draft of its untouched original, and the curated
/// citations into it compared with the proposals (docs/dataset.md, "Drafting measured").
public enum LeaveOneOut {
    public struct Row: Sendable {
        public let sourceId: String
        /// Curated event citations (event, outcome, location) with an event proposal overlapping them.
        public let eventsRecalled: Int, events: Int
        /// Curated leader and office citations, and partnership-level citations, likewise.
        public let leadersRecalled: Int, leaders: Int
        public let levelsRecalled: Int, levels: Int
        /// Curated event dates reproduced (same date, same precision) by a date proposal in one of the event's
        /// cited sentences, or by the date an event proposal there carries (the dateline when the sentence has none).
        public let datesReproduced: Int, dates: Int
        /// Proposals that overlap no curated citation.
        public let noise: Int, proposals: Int
        /// Whether cleaning by rule gave exactly the curated text.
        public let textMatches: Bool
    }

    /// The untouched page, from the binary when the snapshot is the embedded dataset.
    static func original(_ file: String, of shipped: Snapshot) -> [UInt8]? {
        if shipped.directory == EmbeddedDataset.description { return EmbeddedDataset.bytes("originals/\(file)") }
        return FileManager.default.contents(atPath: URL(fileURLWithPath: shipped.directory).appendingPathComponent("originals/\(file)").path).map(Array.init)
    }

    public static func run(shipped: Snapshot) -> [Row] {
        shipped.sources.compactMap { source -> Row? in
            guard let file = source.originalFile, let bytes = original(file, of: shipped),
                  let page = try? PageText(bytes: bytes) else { return nil }
            let others = shipped.restricted(toSources: Set(shipped.sources.map(\.id)).subtracting([source.id]))
            // The draft's own reading of the publication date, not the curated one.
            guard let metadata = try? ArticleMetadata(page: page, known: others) else { return nil }
            let proposals = ProposalFinder(known: others, published: metadata.publishedDate).proposals(in: page.text)
            let curated = shipped.citations(intoSource: source.id) ?? []
            let scalars = Array(page.text.unicodeScalars)
            // Curated spans located in the drafted text by their quote (the texts differ where cleaning did).
            func span(_ quote: String) -> Range<Int>? {
                let q = Array(quote.unicodeScalars)
                guard !q.isEmpty, q.count <= scalars.count else { return nil }
                for i in 0...(scalars.count - q.count) where scalars[i] == q[0] && Array(scalars[i..<(i + q.count)]) == q { return i..<(i + q.count) }
                return nil
            }
            func recalled(_ c: SourceCitation, by kinds: Set<Proposal.Kind>) -> Bool {
                guard let r = span(c.citation.quote) else { return false }
                return proposals.contains { kinds.contains($0.kind) && $0.start < r.upperBound && r.lowerBound < $0.end }
            }
            let eventCites = curated.filter { [.event, .outcome, .location].contains($0.recordType) }
            let leaderCites = curated.filter { [.leader, .office].contains($0.recordType) }
            let levelCites = curated.filter { $0.recordType == .partnershipLevel }
            let eventsHere = Set(curated.filter { $0.recordType == .event }.map(\.recordId)).compactMap { shipped.event(id: $0) }
            let reproduced = eventsHere.filter { e in
                e.citations.filter { $0.sourceId == source.id }.contains { c in
                    guard let r = span(c.quote) else { return false }
                    return proposals.contains { [.date, .event].contains($0.kind) && $0.start < r.upperBound && r.lowerBound < $0.end && $0.date?.iso == e.date.iso }
                }
            }
            let spans = curated.compactMap { span($0.citation.quote) }
            let noise = proposals.filter { p in !spans.contains { p.start < $0.upperBound && $0.lowerBound < p.end } }
            return Row(sourceId: source.id,
                       eventsRecalled: eventCites.filter { recalled($0, by: [.event, .amount, .date]) }.count, events: eventCites.count,
                       leadersRecalled: leaderCites.filter { recalled($0, by: [.leaderMention, .newPerson]) }.count, leaders: leaderCites.count,
                       levelsRecalled: levelCites.filter { recalled($0, by: [.levelMention]) }.count, levels: levelCites.count,
                       datesReproduced: reproduced.count, dates: eventsHere.count,
                       noise: noise.count, proposals: proposals.count, textMatches: page.text == source.text)
        }
    }

    /// The rows as the Markdown table docs/dataset.md shows, with a total.
    public static func table(_ rows: [Row]) -> String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "–" : "\(a)/\(b) (\(Int((Double(a) / Double(b) * 100).rounded())) %)" }
        var lines = ["| source | event citations | leader citations | level citations | event dates | noise | text as curated |",
                     "|---|--:|--:|--:|--:|--:|:-:|"]
        for r in rows {
            lines.append("| `\(r.sourceId)` | \(pct(r.eventsRecalled, r.events)) | \(pct(r.leadersRecalled, r.leaders)) | \(pct(r.levelsRecalled, r.levels)) | \(pct(r.datesReproduced, r.dates)) | \(r.noise)/\(r.proposals) | \(r.textMatches ? "yes" : "no") |")
        }
        func sum(_ k: KeyPath<Row, Int>) -> Int { rows.reduce(0) { $0 + $1[keyPath: k] } }
        lines.append("| **total** | \(pct(sum(\.eventsRecalled), sum(\.events))) | \(pct(sum(\.leadersRecalled), sum(\.leaders))) | \(pct(sum(\.levelsRecalled), sum(\.levels))) | \(pct(sum(\.datesReproduced), sum(\.dates))) | \(sum(\.noise))/\(sum(\.proposals)) | \(rows.filter(\.textMatches).count)/\(rows.count) |")
        return lines.joined(separator: "\n")
    }
}
