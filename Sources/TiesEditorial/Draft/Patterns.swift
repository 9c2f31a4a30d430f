import Synchronization

/// Regular expressions for the drafting tool, in the standard library's `Regex` (Foundation's
/// `NSRegularExpression` would link ICU into the server binary the tool ships in), with NSRegularExpression's
/// simple (`\w`-based) word boundaries. (Scalar matching semantics, closer still on paper, found none of the
/// dates `\b` patterns should: DraftTests caught it.) Patterns are compiled once each; an invalid one is a
/// programming error and matches nothing.
enum Patterns {
    /// A compiled pattern is never mutated after it is made; `Regex` is just not declared Sendable.
    private struct Compiled: @unchecked Sendable { let regex: Regex<AnyRegexOutput> }
    private static let cache = Mutex<[String: Compiled]>([:])

    static func regex(_ pattern: String, ignoringCase: Bool = false) -> Regex<AnyRegexOutput>? {
        let key = (ignoringCase ? "i:" : "c:") + pattern
        if let hit = cache.withLock({ $0[key] }) { return hit.regex }
        guard let compiled = try? Regex(pattern) else { return nil }
        let regex = compiled.wordBoundaryKind(.simple).ignoresCase(ignoringCase)
        cache.withLock { $0[key] = Compiled(regex: regex) }
        return regex
    }

    /// The whole match and each group (an unmatched group is "") of the first match, or nil.
    static func firstGroups(_ pattern: String, in text: String) -> [String]? {
        guard let regex = regex(pattern), let match = try? regex.firstMatch(in: text) else { return nil }
        return groups(match)
    }

    /// The groups of every match, left to right.
    static func allGroups(_ pattern: String, in text: String) -> [[String]] {
        guard let regex = regex(pattern) else { return [] }
        return text.matches(of: regex).map(groups)
    }

    static func firstRange(_ pattern: String, in text: String, ignoringCase: Bool = false) -> Range<String.Index>? {
        guard let regex = regex(pattern, ignoringCase: ignoringCase) else { return nil }
        return (try? regex.firstMatch(in: text))?.range
    }

    static func matches(_ pattern: String, _ text: String, ignoringCase: Bool = false) -> Bool {
        firstRange(pattern, in: text, ignoringCase: ignoringCase) != nil
    }

    static func replacing(_ pattern: String, in text: String, with replacement: String) -> String {
        guard let regex = regex(pattern) else { return text }
        return text.replacing(regex, with: replacement)
    }

    /// The lines of `text` split at LF (a CRLF's CR stays on its line), as `components(separatedBy: "\n")` did:
    /// a `Character` split would not see the LF inside a CRLF.
    static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    private static func groups(_ match: Regex<AnyRegexOutput>.Match) -> [String] {
        (0..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
    }
}
