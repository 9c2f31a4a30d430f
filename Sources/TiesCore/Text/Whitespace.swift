extension StringProtocol {
    /// Without leading and trailing whitespace (spaces, tabs, line breaks and the Unicode spaces), as
    /// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` gave before the server dropped Foundation.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// True when empty or only whitespace (Unicode `White_Space`). ASCII is decided without a property
    /// lookup: the loader asks this of every string field, 50,000 events' worth at scale.
    public var isBlank: Bool {
        unicodeScalars.allSatisfy { $0.value < 0x80 ? $0.value == 0x20 || (0x09...0x0D).contains($0.value) : $0.properties.isWhitespace }
    }
}
