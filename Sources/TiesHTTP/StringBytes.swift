extension String {
    /// Calls `body` with the string's UTF-8 bytes, in place when they are contiguous (native and small strings
    /// are). `withUTF8` is `mutating`, so calling it on a parameter meant copying the string first: a retain and
    /// a release, both atomic, for every header value, log field and JSON string written on the request path.
    @inlinable
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

extension Array where Element == UInt8 {
    /// Appends `bytes` without taking a reference to them: `append(contentsOf:)` consumes its argument, so
    /// appending a stored array (the server line, the cached Date line, a small body) cost a retain and a
    /// release, both atomic, per append.
    @inlinable
    public mutating func appendBytes(of bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }
}
