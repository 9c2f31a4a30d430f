/// Percent-decoding (RFC 3986 §2.1) of path segments and query components into UTF-8 text. Malformed
/// escapes and byte sequences that are not UTF-8 are errors (nil), never repaired: the caller answers 400.
public enum PercentDecoding {
    /// Decodes `bytes`; with `plusAsSpace` a `+` becomes a space (the form encoding browsers and
    /// `URLSearchParams` use in queries). Returns nil on a bad escape or invalid UTF-8.
    public static func decode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> String? {
        // Most path segments and query values are ASCII with nothing to decode: made straight from their bytes,
        // without the copy and the generic validation (a tenth of a leader request's instructions).
        if let plain = bytes.withContiguousStorageIfAvailable({ b in
            isPlainASCII(b, plusAsSpace: plusAsSpace) ? String(decoding: b, as: UTF8.self) : nil
        }), let plain { return plain }
        guard let raw = decodeBytes(bytes, plusAsSpace: plusAsSpace) else { return nil }
        return String(validating: raw, as: UTF8.self)
    }

    private static func isPlainASCII(_ b: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> Bool {
        for c in b where c >= 0x80 || c == ASCII.percent || (plusAsSpace && c == UInt8(ascii: "+")) { return false }
        return true
    }

    static func decodeBytes(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let c = bytes[i]
            if c == ASCII.percent {
                let h = bytes.index(after: i)
                guard h != bytes.endIndex, let hi = ASCII.hexValue(bytes[h]) else { return nil }
                let l = bytes.index(after: h)
                guard l != bytes.endIndex, let lo = ASCII.hexValue(bytes[l]) else { return nil }
                out.append(UInt8(hi << 4 | lo))
                i = bytes.index(after: l)
                continue
            }
            out.append(plusAsSpace && c == UInt8(ascii: "+") ? ASCII.sp : c)
            i = bytes.index(after: i)
        }
        return out
    }

    /// Splits a query on `&` and each item on its first `=`, decoding both halves. Empty items (`a&&b`)
    /// are skipped; an item without `=` has the empty value. Nil if any component fails to decode.
    static func queryItems(_ query: [UInt8]) -> [(name: String, value: String)]? {
        var items: [(name: String, value: String)] = []
        for item in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let eq = item.firstIndex(of: UInt8(ascii: "="))
            let rawName = eq.map { item[item.startIndex..<$0] } ?? item[...]
            let rawValue = eq.map { item[item.index(after: $0)...] } ?? item[item.endIndex...]
            guard let name = decode(rawName, plusAsSpace: true),
                  let value = decode(rawValue, plusAsSpace: true) else { return nil }
            items.append((name: name, value: value))
        }
        return items
    }
}

/// `uri-host [ ":" port ]` (RFC 3986 §3.2.2–3.2.3), as the `Host` field and absolute-form authorities use.
enum HostSyntax {
    static func isValid(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        if n > 0 && b[0] == UInt8(ascii: "[") {
            // IP-literal: hex digits, ":" and "." (IPv6, possibly with embedded IPv4) up to "]"; IPvFuture
            // ("v1.x") is accepted by the same loose character check.
            i = 1
            while i < n && b[i] != UInt8(ascii: "]") {
                let c = b[i]
                guard ASCII.hexValue(c) != nil || c == ASCII.colon || c == UInt8(ascii: ".") || c == UInt8(ascii: "v")
                        || c == UInt8(ascii: "V") else { return false }
                i += 1
            }
            guard i < n, i > 1 else { return false }
            i += 1
        } else {
            while i < n && b[i] != ASCII.colon {
                let c = b[i]
                guard ASCII.isRegNameChar(c) else { return false }
                if c == ASCII.percent {
                    guard i + 2 < n, ASCII.hexValue(b[i + 1]) != nil, ASCII.hexValue(b[i + 2]) != nil else { return false }
                    i += 2
                }
                i += 1
            }
        }
        if i == n { return true }
        guard b[i] == ASCII.colon else { return false }
        i += 1
        guard n - i <= 5 else { return false }
        while i < n {
            guard b[i] >= 0x30 && b[i] <= 0x39 else { return false }
            i += 1
        }
        return true
    }
}
