import Foundation
import Testing
@testable import TiesAPI

private struct Record: Encodable {
    var zeta = 1
    var alpha = "a \"quoted\" \\ line\nbreak/slash"
    var missing: String? = nil
    var nested = Nested()
    var list: [Int?] = [1, nil, 3]
    var ratio = 2.5
    struct Nested: Encodable { var b = true; var a: [String] = [] }
}

private struct Linked<T: Encodable>: Encodable {
    var record: T
    enum Key: String, CodingKey { case links }
    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(["self": "/x"], forKey: .links)
    }
}

@Test func keysComeOutInDeclarationOrderAndNilBecomesNull() throws {
    let text = String(decoding: try OrderedJSONEncoder().encode(Record()), as: UTF8.self)
    #expect(text == #"{"zeta":1,"alpha":"a \"quoted\" \\ line\nbreak/slash","missing":null,"nested":{"b":true,"a":[]},"list":[1,null,3],"ratio":2.5}"#)
}

@Test func outputIsValidJSONThatFoundationReadsBack() throws {
    let bytes = try OrderedJSONEncoder().encode(Record())
    let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    #expect(object?["alpha"] as? String == "a \"quoted\" \\ line\nbreak/slash")
    #expect(object?["missing"] is NSNull)
}

@Test func aWrapperCanAppendKeysAfterTheRecordsOwn() throws {
    let text = String(decoding: try OrderedJSONEncoder().encode(Linked(record: Record.Nested())), as: UTF8.self)
    #expect(text == #"{"b":true,"a":[],"links":{"self":"/x"}}"#)
}

@Test func controlCharactersAreEscaped() throws {
    let text = String(decoding: try OrderedJSONEncoder().encode(["\u{01}\t"]), as: UTF8.self)
    #expect(text == #"["\u0001\t"]"#)
}

/// The eight-bytes-at-a-time check agrees with a byte-by-byte one wherever the byte that needs an escape sits
/// (every lane, the tail), for every byte value, and `append` and `write` produce the same escaped text.
@Test func plainStringCheckAgreesWithTheByteByByteOne() {
    func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C }
    for length in 0...19 {
        for position in 0..<max(1, length) {
            for value in UInt8.min...UInt8.max {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if length > 0 { bytes[position] = value }
                let expected = !bytes.contains(where: needsEscape)
                #expect(bytes.withUnsafeBufferPointer { JSONText.isPlain($0) } == expected)
            }
        }
    }
    let text = "tab\there \"quoted\" back\\slash \u{01} café 日本"
    var appended: [UInt8] = []
    JSONText.append(text, to: &appended)
    let written = [UInt8](unsafeUninitializedCapacity: JSONText.maxWrittenCount(text)) { buffer, count in
        count = JSONText.write(text, to: buffer.baseAddress!)
    }
    #expect(appended == written)
    #expect(String(decoding: appended, as: UTF8.self) == #""tab\there \"quoted\" back\\slash \u0001 café 日本""#)
}
