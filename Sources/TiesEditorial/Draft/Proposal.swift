import TiesCore

/// One candidate fact the text supports, for an editor to accept, edit or drop: always a verbatim quote with
/// its Unicode-scalar offsets in the drafted text, the reason it was proposed, and what it would change.
struct Proposal: Encodable {
    enum Kind: String, Encodable, CaseIterable {
        /// A known leader under one of their aliases (a new citation or alias for them).
        case leaderMention = "leader-mention"
        /// A person introduced with an office who is not a known leader: a candidate leader.
        case newPerson = "new-person"
        /// A sentence naming a partnership level.
        case levelMention = "level-mention"
        /// A date expression, resolved against the publication date.
        case date
        /// A sentence reporting an agreement, transfer, visit or meeting: a new event, or a new citation of an
        /// existing one (`eventId`), which raises its corroboration instead of duplicating it.
        case event
        /// Amounts, equipment and programme names in a reported sentence.
        case amount
    }

    let id: String
    let kind: Kind
    let quote: String
    let start: Int
    let end: Int
    let reason: String
    var leaderId: String? = nil
    var name: String? = nil
    var office: String? = nil
    var levelId: String? = nil
    var date: PartialDate? = nil
    var eventId: String? = nil

    enum Key: String, CodingKey { case id, kind, quote, start, end, reason, leaderId, name, office, levelId, date, eventId }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(quote, forKey: .quote)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(leaderId, forKey: .leaderId)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(office, forKey: .office)
        try c.encodeIfPresent(levelId, forKey: .levelId)
        try c.encodeIfPresent(date, forKey: .date)
        try c.encodeIfPresent(eventId, forKey: .eventId)
    }
}
