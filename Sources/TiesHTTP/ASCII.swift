/// Byte classes from RFC 9110 §5.6.2 and RFC 3986 §2–3, as switches the optimizer turns into range checks.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let percent: UInt8 = 0x25
    static let slash: UInt8 = 0x2F
    static let question: UInt8 = 0x3F

    /// tchar: the characters of a token (method, field name, transfer coding).
    @inline(__always) static func isTokenChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// field-vchar / SP / HTAB / obs-text: what may appear inside a field value. Excludes NUL, CR, LF, DEL
    /// and the other controls.
    @inline(__always) static func isFieldValueChar(_ c: UInt8) -> Bool {
        c >= 0x20 ? c != 0x7F : c == htab
    }

    /// Whether every byte is a field-value character, eight at a time: a word with no byte below 0x20 and
    /// none equal to 0x7F passes at once (the classic "has a byte less than n" bit trick; bytes of 0x80 and
    /// above never trip it, and they are obs-text, allowed); a word that trips it is checked byte by byte,
    /// since HTAB is below 0x20 but allowed. Every header value of every response passes here.
    static func isFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        if let base = bytes.baseAddress {
            while i + 8 <= bytes.count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let below20 = (w &- ones &* 0x20) & ~w & highs
                let x = w ^ (ones &* 0x7F)
                let is7F = (x &- ones) & ~x & highs
                if below20 | is7F != 0 {
                    for j in i..<(i + 8) where !isFieldValueChar(bytes[j]) { return false }
                }
                i += 8
            }
        }
        while i < bytes.count {
            if !isFieldValueChar(bytes[i]) { return false }
            i += 1
        }
        return true
    }

    /// The characters of a request target in origin-form or absolute-form: pchar, "/" and "?" (RFC 3986),
    /// with "%" checked separately for its two hex digits. Everything else (space, controls, `"<>\^`{|}`,
    /// "#", non-ASCII) is refused.
    @inline(__always) static func isTargetChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        // - . _ ~   ! $ & ' ( ) * + , ; =   : @ / ?   %
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D,
             0x3A, 0x40, 0x2F, 0x3F, 0x25: true
        default: false
        }
    }

    /// reg-name characters of a host (unreserved / sub-delims / "%").
    @inline(__always) static func isRegNameChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x25: true
        default: false
        }
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: Int(c &- 0x30)
        case 0x41...0x46: Int(c &- 0x41 &+ 10)
        case 0x61...0x66: Int(c &- 0x61 &+ 10)
        default: nil
        }
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 {
        (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
    }

    static func caseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
        let au = a.utf8, bu = b.utf8
        guard au.count == bu.count else { return false }
        var bi = bu.makeIterator()
        for x in au {
            guard let y = bi.next(), lower(x) == lower(y) else { return false }
        }
        return true
    }

    /// Compares raw bytes with a lowercase ASCII literal, ignoring case.
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for i in 0..<bytes.count where lower(bytes[i]) != p[i] { return false }
        return true
    }
}
