import Testing
@testable import TiesHTTP

/// The plain-ASCII shortcut and the decoding path must agree: same text, same refusals.
@Suite struct PercentDecodingTests {
    func decode(_ s: String, plus: Bool = false) -> String? {
        let bytes = Array(s.utf8)
        let fromBuffer = bytes.withUnsafeBufferPointer { PercentDecoding.decode($0, plusAsSpace: plus) }
        let fromSlice = PercentDecoding.decode(bytes[...], plusAsSpace: plus)
        let fromNonContiguous = PercentDecoding.decode(bytes.lazy.map { $0 }, plusAsSpace: plus)
        #expect(fromBuffer == fromSlice && fromSlice == fromNonContiguous)
        return fromBuffer
    }

    @Test func plainASCIIComesBackAsItIs() {
        #expect(decode("anwar-ibrahim") == "anwar-ibrahim")
        #expect(decode("") == "")
        #expect(decode("a+b") == "a+b")
        #expect(decode("a+b", plus: true) == "a b")
    }

    @Test func escapesAndRawUTF8AreDecoded() {
        #expect(decode("Mahathir%20bin%20Mohamad") == "Mahathir bin Mohamad")
        #expect(decode("Ishiba%20Shigeru%E3%81%AE") == "Ishiba Shigeruの")
        #expect(decode("caf\u{E9}") == "café")
    }

    @Test func badEscapesAndInvalidUTF8AreRefused() {
        #expect(decode("%") == nil)
        #expect(decode("%G1") == nil)
        #expect(decode("%E3%81") == nil)   // a truncated sequence
        #expect(decode("%FF") == nil)
        let invalid: [UInt8] = [0x61, 0xC3]   // raw bytes that are not UTF-8
        #expect(invalid.withUnsafeBufferPointer { PercentDecoding.decode($0, plusAsSpace: false) } == nil)
    }
}
