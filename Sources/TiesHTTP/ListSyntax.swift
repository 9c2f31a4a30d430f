/// The `#element` list syntax of RFC 9110 §5.6.1: comma-separated, optional whitespace, empty elements
/// ignored.
enum ListSyntax {
    static func forEachElement(_ value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var i = 0
        let n = value.count
        while i < n {
            var s = i
            while s < n && (value[s] == ASCII.sp || value[s] == ASCII.htab) { s += 1 }
            var e = s
            while e < n && value[e] != UInt8(ascii: ",") { e += 1 }
            let next = e + 1
            while e > s && (value[e - 1] == ASCII.sp || value[e - 1] == ASCII.htab) { e -= 1 }
            if e > s { body(UnsafeRawBufferPointer(rebasing: value[s..<e])) }
            i = next
        }
    }
}
