/// A query value the API must refuse with 400. `parameter` is the query parameter's name as the client
/// sent it, so the problem document can say which one to fix.
public struct ParameterError: Error, Sendable, Hashable, CustomStringConvertible {
    public let parameter: String
    public let value: String?
    public let message: String
    /// Set when a cursor was made on another dataset version: the version it names (the API answers 409).
    public let cursorVersion: String?

    public init(parameter: String, value: String?, message: String, cursorVersion: String? = nil) {
        self.parameter = parameter
        self.value = value
        self.message = message
        self.cursorVersion = cursorVersion
    }

    public var description: String { "\(parameter): \(message)" }
}

/// Every problem found with one query's values, reported together.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let errors: [ParameterError]

    public init(_ errors: [ParameterError]) { self.errors = errors }
    public init(_ error: ParameterError) { self.errors = [error] }

    public var description: String { errors.map(\.description).joined(separator: "; ") }

    /// The dataset version of a cursor from another version, when that is among the problems.
    public var staleCursorVersion: String? { errors.lazy.compactMap(\.cursorVersion).first }
}
