import Testing
@testable import TiesAPI

@Test func unknownParametersAreAllNamedOnce() {
    var reader = QueryReader([("limit", "5"), ("colour", "red"), ("colour", "blue"), ("sortt", "date")])
    _ = reader.integer("limit", in: 1...500)
    let errors = reader.finish()
    #expect(errors.map(\.parameter) == ["colour", "sortt"])
    #expect(errors.allSatisfy { $0.message == "is not a parameter of this endpoint" })
}

@Test func badValuesNameTheParameterAndEchoTheValue() {
    var reader = QueryReader([("limit", "0"), ("sort", "size")])
    #expect(reader.integer("limit", in: 1...500) == nil)
    #expect(reader.oneOf("sort", ["date", "-date"]) == nil)
    let errors = reader.finish()
    #expect(errors == [
        ParameterError(parameter: "limit", message: "must be a whole number from 1 to 500, got \"0\""),
        ParameterError(parameter: "sort", message: "must be one of date, -date, got \"size\""),
    ])
}

@Test func singleValuedParametersGivenTwiceAreRefused() {
    var reader = QueryReader([("limit", "5"), ("limit", "6")])
    #expect(reader.integer("limit", in: 1...500) == nil)
    #expect(reader.finish().map(\.message) == ["may be given only once"])
}

@Test func repeatedFilterValuesKeepTheirOrder() {
    var reader = QueryReader([("topic", "b"), ("limit", "1"), ("topic", "a")])
    #expect(reader.values("topic") == ["b", "a"])
    #expect(reader.integer("limit", in: 1...5) == 1)
    #expect(reader.finish().isEmpty)
}

@Test func emptyValuesAreRefused() {
    var reader = QueryReader([("leader", "")])
    #expect(reader.values("leader").isEmpty)
    #expect(reader.finish().map(\.parameter) == ["leader"])
}

@Test func longBadValuesAreClipped() {
    var reader = QueryReader([("limit", String(repeating: "9", count: 500))])
    _ = reader.integer("limit", in: 1...500)
    #expect(reader.finish().first!.message.count < 140)
}
