import Glibc
import Testing
@testable import TiesCore

@Suite struct HeapTests {
    static func residentKB() -> Int {
        guard case .success(let status) = DatasetFiles.readFile("/proc/self/status") else { return -1 }
        let line = String(decoding: status, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ")[1]) } ?? -1
    }

    /// What a load leaves behind: 64 MB of small blocks freed below one still in use, which `free` alone
    /// keeps in the arena. Returning free memory gives most of it back.
    @Test func freedBlocksBelowALiveOneAreGivenBack() {
        let blocks = (0..<16_384).map { _ in malloc(4_000)! }
        for b in blocks { memset(b, 1, 4_000) }
        let pin = malloc(100_000)!   // from the arena's top, above the blocks: freeing them cannot shrink it
        for b in blocks { free(b) }
        let before = Self.residentKB()
        Heap.returnFreeMemory()
        let after = Self.residentKB()
        free(pin)
        // 64 MB are returned; a quarter is asked for, so other suites allocating meanwhile cannot fail this.
        #expect(before - after > 16_000, "resident \(before) kB before, \(after) kB after")
    }
}
