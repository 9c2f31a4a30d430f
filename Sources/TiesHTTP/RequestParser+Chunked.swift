extension RequestParser {
    // Chunked body (RFC 9112 §7.1), parsed byte by byte: its framing is a few bytes per chunk, and the
    // state needs no offsets, so bytes are consumed as they come.

    mutating func parseChunked(_ p: UnsafeRawBufferPointer) -> (event: Event, consumed: Int) {
        let n = p.count
        var i = 0
        while i < n {
            let c = p[i]
            switch state {
            case .chunkSize(let value, let digits):
                chunkLineBytes += 1
                if let h = ASCII.hexValue(c) {
                    let v = value &* 16 &+ h  // value ≤ maxBodyBytes, so this cannot overflow
                    if v > limits.maxBodyBytes - bodyBytes { return failBody(.bodyTooLarge) }
                    if chunkLineBytes > RequestParser.maxChunkLineBytes { return failBody(.chunkLineTooLong) }
                    state = .chunkSize(value: v, digits: digits + 1)
                } else if c == ASCII.lf {
                    return failBody(.bareLineFeed)
                } else if digits == 0 {
                    return failBody(.invalidChunkSize)
                } else if c == ASCII.cr {
                    state = .chunkSizeLF(value: value)
                } else if c == UInt8(ascii: ";") || c == ASCII.sp || c == ASCII.htab {
                    extensionBytes += 1
                    state = .chunkExtension(value: value)
                } else {
                    return failBody(.invalidChunkSize)
                }
            case .chunkExtension(let value):
                chunkLineBytes += 1
                if c == ASCII.cr {
                    state = .chunkSizeLF(value: value)
                } else if c == ASCII.lf {
                    return failBody(.bareLineFeed)
                } else if ASCII.isFieldValueChar(c) {
                    extensionBytes += 1
                    if chunkLineBytes > RequestParser.maxChunkLineBytes || extensionBytes > limits.maxHeaderBytes {
                        return failBody(.chunkLineTooLong)
                    }
                } else {
                    return failBody(.invalidChunkSize)
                }
            case .chunkSizeLF(let value):
                guard c == ASCII.lf else { return failBody(.bareCarriageReturn) }
                chunkLineBytes = 0
                state = value == 0 ? .trailerLineStart : .chunkData(remaining: value)
            case .chunkData(let remaining):
                let take = min(remaining, n - i)
                bodyBytes += take
                state = take == remaining ? .chunkDataCR : .chunkData(remaining: remaining - take)
                return (.body(i..<(i + take)), i + take)
            case .chunkDataCR:
                guard c == ASCII.cr else { return failBody(.invalidChunkFraming) }
                state = .chunkDataLF
            case .chunkDataLF:
                guard c == ASCII.lf else { return failBody(.invalidChunkFraming) }
                state = .chunkSize(value: 0, digits: 0)
            case .trailerLineStart, .trailerName, .trailerValue, .trailerLineLF, .trailerEndLF:
                trailerBytes += 1
                if trailerBytes > limits.maxHeaderBytes { return failBody(.headerSectionTooLarge) }
                switch state {
                case .trailerLineStart:
                    if c == ASCII.cr {
                        state = .trailerEndLF
                    } else if c == ASCII.sp || c == ASCII.htab {
                        return failBody(.obsoleteLineFolding)
                    } else if ASCII.isTokenChar(c) {
                        trailerCount += 1
                        if trailerCount > limits.maxHeaderCount { return failBody(.tooManyHeaders) }
                        state = .trailerName
                    } else {
                        return failBody(c == ASCII.lf ? .bareLineFeed : .invalidHeaderName)
                    }
                case .trailerName:
                    if c == ASCII.colon { state = .trailerValue }
                    else if c == ASCII.sp || c == ASCII.htab { return failBody(.whitespaceBeforeColon) }
                    else if !ASCII.isTokenChar(c) { return failBody(c == ASCII.lf ? .bareLineFeed : .invalidHeaderName) }
                case .trailerValue:
                    if c == ASCII.cr { state = .trailerLineLF }
                    else if !ASCII.isFieldValueChar(c) { return failBody(c == ASCII.lf ? .bareLineFeed : .invalidHeaderValue) }
                case .trailerLineLF:
                    guard c == ASCII.lf else { return failBody(.bareCarriageReturn) }
                    state = .trailerLineStart
                default:  // .trailerEndLF
                    guard c == ASCII.lf else { return failBody(.bareCarriageReturn) }
                    state = .requestLine
                    return (.end, i + 1)  // trailers are validated and dropped (RFC 9110 §6.5.1)
                }
            default:
                preconditionFailure("parseChunked in state \(state)")
            }
            i += 1
        }
        return (.needMore, n)
    }

    mutating func failBody(_ kind: HTTPParseError.Kind) -> (event: Event, consumed: Int) {
        let error = HTTPParseError(kind)
        state = .failed(error)
        return (.error(error), 0)
    }
}
