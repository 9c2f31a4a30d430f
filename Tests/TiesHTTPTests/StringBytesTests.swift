import Testing
import TiesHTTP

@Test func withUTF8BytesSeesTheSameBytesAsTheUTF8View() {
    let large = String(repeating: "Anwar Ibrahim 日本 ", count: 8)
    for s in ["", "GET", "127.0.0.1:5000", large, String(large.dropFirst(3)), "caf\u{E9}"] {
        #expect(s.withUTF8Bytes { Array($0) } == Array(s.utf8))
    }
}
