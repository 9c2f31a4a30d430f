import TiesCore

/// What a newsroom may do with a source, on its record (`rights`), so "can I publish this?" has an answer in
/// the API itself. The defaults are the conservative ones: the article belongs to its publisher; Ties keeps
/// and serves its text only so every quote can be checked; the short quotes may be quoted, credited to the
/// source, as any quotation; the full text is not licensed for redistribution. The records about the source
/// (dates, events, summaries) are Ties' own work under the dataset's licence (`meta.licence`).
struct SourceRights: Encodable, Sendable {
    /// Who holds the text, as far as the source tells ("Reuters (wire copy; outlet unknown)").
    let holder: String
    let fullTextRedistributable: Bool
    let quotes: String
    let fullText: String

    init(_ s: Source, info: DatasetInfo) {
        if let p = s.publisher {
            holder = p.name + (p.inferred ? " (publisher inferred)" : "")
        } else if s.kind == .newsReport, !s.wireServices.isEmpty {
            holder = Reference.list(s.wireServices) + " (wire copy; the outlet that published it is not known)"
        } else {
            holder = "its unknown publisher" + (s.wireServices.isEmpty ? "" : " (a summary citing \(Reference.list(s.wireServices)))")
        }
        fullTextRedistributable = false
        quotes = "Short verbatim excerpts, kept so each fact can be checked: quote them as quotations, credited to the source."
        fullText = "The text belongs to \(holder). Ties keeps it and serves it (`links.text`) only so every quote can be checked; it is not licensed for republication."
    }
}
