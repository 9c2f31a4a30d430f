/// Header fields in the order they were received or added. Duplicates are kept (RFC 9110 §5.3 lets a
/// recipient combine them, but `Set-Cookie` and friends must not be); lookups ignore ASCII case.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Field = (name: String, value: String)

    /// A field: added as text, or as a `PreparedField` (checked and encoded once), which is one reference to
    /// copy where a name, a value and a line were three. Every retain and release is an atomic operation, and
    /// a response's headers are copied by each layer they pass (perf: refcounting was 15 % of the CPU).
    enum Entry: Sendable {
        case text(name: String, value: String)
        /// The field, which owns the line, and the line itself: the encoder binds only the line, a plain
        /// pointer, so writing a response's prepared fields retains none of them.
        case prepared(PreparedField, PreparedField.Line)

        var name: String {
            switch self {
            case .text(let name, _): name
            case .prepared(let field, _): field.name
            }
        }

        var value: String {
            switch self {
            case .text(_, let value): value
            case .prepared(let field, _): field.value
            }
        }

        /// Compared in place: reading `name` to compare it would hand out (retain and release) the string.
        func isNamed(_ other: String) -> Bool {
            switch self {
            case .text(let name, _): ASCII.caseInsensitiveEquals(name, other)
            case .prepared(let field, _): ASCII.caseInsensitiveEquals(field.name, other)
            }
        }
    }

    private(set) var entries: [Entry]

    public init() { entries = [] }

    public init(_ fields: [(String, String)]) {
        entries = fields.map { .text(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        entries = elements.map { .text(name: $0.0, value: $0.1) }
    }

    /// Room for `n` fields without regrowing (a response's headers are added one by one by several layers).
    public init(reservingCapacity n: Int) {
        entries = []
        entries.reserveCapacity(n)
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The first value of `name`, or nil. Setting replaces every field of that name (nil removes them).
    public subscript(name: String) -> String? {
        get {
            for i in entries.indices where entries[i].isNamed(name) { return entries[i].value }
            return nil
        }
        set {
            if let newValue { set(name, newValue) } else { remove(name) }
        }
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        entries.compactMap { $0.isNamed(name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool {
        entries.contains { $0.isNamed(name) }
    }

    /// Appends a field, keeping any others of the same name.
    public mutating func add(_ name: String, _ value: String) {
        entries.append(.text(name: name, value: value))
    }

    /// Appends a field checked and encoded once; the server copies its line instead of checking it again.
    public mutating func add(_ field: PreparedField) {
        entries.append(.prepared(field, field.line))
    }

    /// Replaces every field named `name` by one field with `value`, at the position of the first.
    public mutating func set(_ name: String, _ value: String) {
        if let i = entries.firstIndex(where: { $0.isNamed(name) }) {
            entries[i] = .text(name: entries[i].name, value: value)
            var j = i + 1
            while j < entries.count {
                if entries[j].isNamed(name) { entries.remove(at: j) } else { j += 1 }
            }
        } else {
            entries.append(.text(name: name, value: value))
        }
    }

    public mutating func remove(_ name: String) {
        entries.removeAll { $0.isNamed(name) }
    }

    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Entry]>
        public mutating func next() -> Field? { base.next().map { (name: $0.name, value: $0.value) } }
    }

    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    public var description: String {
        entries.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }
}

/// A header field checked and encoded once (`Name: value` CRLF), for fields that are the same on many
/// responses — CORS's, the licence link, a prepared document's type and tag. The response encoder copies the
/// line instead of checking the name and value again on every response (callgrind: checking and copying the
/// nine fields of an API response cost a fifth of the request's instructions).
public final class PreparedField: Sendable {
    public let name: String
    public let value: String
    let line: Line

    /// `Name: value` CRLF, in memory the field allocates once and frees when it goes.
    struct Line: @unchecked Sendable {  // immutable once made, freed only with its field
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// Nil when the field could not go on the wire (a name that is not a token, a CR or LF in the value), or
    /// when the server sets it itself (`Content-Length`, `Transfer-Encoding`, `Connection`, `Date`, `Server`,
    /// `X-Request-Id`): those go through `add(_:_:)`, where the encoder sees them.
    public init?(_ name: String, _ value: String) {
        guard !ResponseEncoder.isServerField(name) else { return nil }
        var line: [UInt8] = []
        guard ResponseEncoder.appendField(name, value, to: &line) else { return nil }
        self.name = name
        self.value = value
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: line.count)
        _ = bytes.initialize(from: line)
        self.line = Line(bytes: UnsafeBufferPointer(bytes))
    }

    deinit { line.bytes.deallocate() }
}
