import TiesCore

/// A source as reference managers (Zotero, Mendeley, EndNote) see it: the one bibliographic description that
/// CSL-JSON, BibTeX, RIS and the rendered citation styles are all written from, so the four cannot disagree.
///
/// Item types are chosen for what each source is, not for what it would be convenient to call it:
/// - a news report whose outlet is known is a newspaper article in that outlet;
/// - wire copy whose outlet is unknown (the Reuters pages end "SOURCE: Reuters") is a newspaper article by
///   the wire service, with no container — never a made-up newspaper;
/// - a government record is a report issued by the ministry;
/// - a summary of other reports, saved from the web with no known publisher, is a web page with no author
///   (CSL `webpage`; CSL's `article` would call it a preprint).
/// Metadata the source does not print (an inferred publisher or date) is said to be inferred in `note`.
struct Reference: Sendable {
    enum ItemType {
        case newspaperArticle, report, article
    }

    let id: String
    let type: ItemType
    let title: String
    /// Institutional authors (a wire service, a ministry); empty when nobody signs the text.
    let authors: [String]
    /// The newspaper a report appeared in, when known.
    let containerTitle: String?
    /// Who issued a report (the ministry).
    let publisher: String?
    let date: PartialDate
    let language: String
    /// The Ties record of the source (absolute): the seeds carry no original URL.
    let url: String
    /// What is inferred, and the credited wire services when they are not the author.
    let note: String?
    /// The publisher, or the date, is not printed but inferred (the reason is in `note`).
    let publisherInferred: Bool
    let dateInferred: Bool

    init(_ source: Source, url: String) {
        id = source.id
        title = source.title
        language = source.language
        date = source.published.date
        self.url = url
        var notes: [String] = []
        let publisher = source.publisher
        switch source.kind {
        case .newsReport:
            type = .newspaperArticle
            containerTitle = publisher?.name
            authors = publisher == nil ? source.wireServices : []
            self.publisher = nil
            if publisher == nil, !source.wireServices.isEmpty {
                notes.append("Wire copy credited to \(Reference.list(source.wireServices)); the outlet that published it is not known.")
            }
        case .governmentRecord:
            type = .report
            containerTitle = nil
            authors = publisher.map { [$0.name] } ?? []
            self.publisher = publisher?.name
        case .summary:
            type = .article
            containerTitle = nil
            authors = []
            self.publisher = publisher?.name
            if !source.wireServices.isEmpty {
                notes.append("A summary citing \(Reference.list(source.wireServices)); who published it is not known.")
            }
        }
        if let p = publisher, p.inferred {
            notes.append("Publisher inferred (\(p.name)): \(Reference.sentence(p.reason ?? "not printed in the text"))")
        }
        if source.published.inferred {
            notes.append("Publication date inferred (\(source.published.date.iso)): \(Reference.sentence(source.published.reason ?? "not printed in the text"))")
        }
        note = notes.isEmpty ? nil : notes.joined(separator: " ")
        publisherInferred = publisher?.inferred ?? false
        dateInferred = source.published.inferred
    }

    /// Ends with a full stop unless it already ends a sentence.
    static func sentence(_ s: String) -> String {
        s.last.map { ".!?".contains($0) } == true ? s : s + "."
    }

    /// "Bernama and Kyodo News", "A, B and C".
    static func list(_ names: [String]) -> String {
        names.count <= 1 ? (names.first ?? "") : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
}

extension Export {
    /// The references of sources, by id, in the order given (unknown ids skipped).
    func references(_ ids: [String]) -> [Reference] {
        ids.compactMap { snapshot.source(id: $0) }.map { Reference($0, url: url(Paths.source($0.id))) }
    }
}
