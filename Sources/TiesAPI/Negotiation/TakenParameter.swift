import TiesCore

/// Query parameters the API layer answers itself (`format`, `knownAt`, `bom`) are taken out of the query
/// before an endpoint reads it, so the endpoint's own reader never sees them.
enum TakenParameter {
    /// The one value of `name`, removed from `query`; nil when absent. Given twice is an error naming it.
    static func take(_ name: String, from query: inout [(name: String, value: String)]) throws(ParameterError) -> String? {
        guard query.contains(where: { $0.name == name }) else { return nil }
        let given = query.filter { $0.name == name }.map(\.value)
        query.removeAll { $0.name == name }
        guard given.count == 1 else { throw ParameterError(parameter: name, value: given.last, message: "given more than once") }
        return given[0]
    }
}
