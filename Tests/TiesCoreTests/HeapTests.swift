import Glibc
import Testing
@testable import TiesCore

@Suite struct HeapTests {
    /// What a load leaves behind: 64 MB of small blocks freed below one still in use, which `free` alone
    /// keeps in the arena. Returning free memory gives most of their pages back. Counted on those pages
    /// (`mincore`), not on the process's resident size, which other suites' allocations move meanwhile.
    @Test func freedBlocksBelowALiveOneAreGivenBack() {
        let blocks = (0..<16_384).map { _ in malloc(4_000)! }
        for b in blocks { memset(b, 1, 4_000) }
        let pin = malloc(100_000)!   // from the arena's top, above the blocks: freeing them cannot shrink it
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pages = Set(blocks.flatMap { b in (Int(bitPattern: b) / page)...((Int(bitPattern: b) + 3_999) / page) })
        for b in blocks { free(b) }
        Heap.returnFreeMemory()
        var returned = 0
        for p in pages {
            var bit: UInt8 = 0
            // ENOMEM: the page is no longer mapped at all, which is returned too.
            if mincore(UnsafeMutableRawPointer(bitPattern: p * page), page, &bit) != 0 || bit & 1 == 0 { returned += 1 }
        }
        free(pin)
        // A quarter is asked for: other suites allocate from the same arena meanwhile and take some back.
        #expect(returned * 4 > pages.count, "\(returned) of \(pages.count) pages returned")
    }

    @Test func aLocalCopyHasStorageOfItsOwn() {
        let original = String(repeating: "Prime Minister of Japan ", count: 3)
        let copy = Heap.localCopy(original)
        #expect(copy == original)
        #expect(storage(copy) != nil && storage(copy) != storage(original))
    }
}
