extension StringProtocol {
    /// Without leading and trailing whitespace (spaces, tabs, line breaks and the Unicode spaces), as
    /// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` gave before the server dropped Foundation.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// True when empty or only whitespace.
    public var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
