import Dispatch
import Synchronization
import Testing
@testable import TiesAPI

/// The one mechanism behind everything a snapshot makes lazily: a slot is filled once, by whichever
/// thread publishes first, and everyone reads that value.
@Suite struct OnceSlotsTests {
    final class Box: Sendable {
        let n: Int
        init(_ n: Int) { self.n = n }
    }

    @Test func aSlotKeepsItsFirstValue() {
        let slots = OnceSlots<Box>(count: 3)
        #expect(slots[0] == nil && slots[1] == nil && slots[2] == nil)
        let first = Box(1)
        #expect(slots.fill(1, with: first) === first)
        weak var refused: Box?
        do {
            let late = Box(2)
            refused = late
            #expect(slots.fill(1, with: late) === first, "a later fill gets the kept value")
        }
        #expect(refused == nil, "a value that lost is not kept alive")
        #expect(slots[1] === first)
        #expect(slots[0] == nil && slots[2] == nil, "other slots untouched")
    }

    @Test func racingFillsAgreeOnOneValue() {
        for _ in 0..<50 {
            let slots = OnceSlots<Box>(count: 4)
            let got = Mutex<[Box?]>(Array(repeating: nil, count: 64))
            DispatchQueue.concurrentPerform(iterations: 64) { i in
                let kept = slots.fill(i % 4, with: Box(i))
                got.withLock { $0[i] = kept }
            }
            let results = got.withLock { $0 }
            for (i, kept) in results.enumerated() {
                #expect(kept === slots[i % 4])
                #expect(kept.map { $0.n % 4 } == i % 4, "a slot holds a value made for it")
            }
        }
    }

    /// Values are released with the slots (the storage is unsafe, so this is checked, not assumed).
    @Test func valuesAreReleasedWithTheSlots() {
        weak var held: Box?
        do {
            let slots = OnceSlots<Box>(count: 2)
            let box = Box(7)
            held = box
            _ = slots.fill(0, with: box)
        }
        #expect(held == nil)
    }
}
