import Foundation
import Testing
@testable import TiesAPI

/// Link building's percent-encoding, compared with Foundation's (which the server no longer links).
@Suite struct PathsTests {
    @Test func segmentsAndQueryValuesAreEncodedAsFoundationEncodedThem() {
        var segment = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        segment.insert(charactersIn: "-._~!$&'()*+,;=:@")
        var query = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        query.insert(charactersIn: "-._~!$'()*,;:@/?")
        for s in ["anwar-ibrahim", "a b/c?d#e%f", "Ōsaka & Kuala Lumpur", "x+y=z", "日本", "100%", "\"quoted\"", "tab\there"] {
            #expect(Paths.segment(s) == s.addingPercentEncoding(withAllowedCharacters: segment), "\(s)")
            #expect(Paths.queryEscaped(s) == s.addingPercentEncoding(withAllowedCharacters: query), "\(s)")
        }
    }
}
