import Dispatch
import Foundation
import Glibc
import Testing
@testable import ties

@Suite struct LogTests {
    /// Four threads log 2,000 numbered lines each, many times the flush threshold, so the two buffers trade
    /// places over and over, with flushes from several threads at once: every line must reach the file once,
    /// whole, and each thread's lines in the order it wrote them.
    @Test func everyLineIsWrittenOnceAndInOrderAcrossManyFlushes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ties-log-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { close(fd); unlink(path) }
        let log = Log(level: .info, fd: fd)
        let threads = 4, perThread = 2_000
        let padding = String(repeating: "x", count: 80)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in 0..<perThread { log.write(Array("\(t) \(i) \(padding)\n".utf8)) }
        }
        log.flush()

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == threads * perThread)
        var next = [Int](repeating: 0, count: threads)
        for line in lines {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let t = Int(parts[0]), let i = Int(parts[1]), t < threads, parts[2] == padding else {
                Issue.record("a line is not whole: \(line.prefix(40))"); continue
            }
            #expect(i == next[t], "thread \(t): line \(i) where \(next[t]) was due")
            next[t] = i + 1
        }
        #expect(next == [Int](repeating: perThread, count: threads))
    }

    /// Instants written as Python's `datetime` writes them (taken from it, not from this code), visited out of
    /// order so the cached day keeps changing: a stale day would print the previous instant's date.
    @Test func timestampsOfFixedInstantsAcrossDays() {
        let cases: [(seconds: Int, milliseconds: Int, text: String)] = [
            (0, 0, "1970-01-01T00:00:00.000Z"),
            (951_782_459, 999, "2000-02-29T00:00:59.999Z"),
            (1_798_761_599, 7, "2026-12-31T23:59:59.007Z"),
            (1_798_761_600, 70, "2027-01-01T00:00:00.070Z"),
            (4_102_448_461, 5, "2100-01-01T01:01:01.005Z"),
        ]
        for (seconds, milliseconds, text) in cases + cases.reversed() + cases {
            var bytes = [UInt8](repeating: 0, count: Log.timestampCount)
            bytes.withUnsafeMutableBufferPointer { Log.writeTimestamp(seconds: seconds, milliseconds: milliseconds, to: $0.baseAddress!) }
            #expect(String(decoding: bytes, as: UTF8.self) == text)
        }
    }
}
