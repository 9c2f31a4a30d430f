import Glibc
import Synchronization
import Testing
import TiesHTTP

@Suite struct MallocArenasTests {
    /// Eight threads alive at once, each allocating: glibc would give each one an arena of its own (it makes
    /// up to eight per core, reusing only those that exited threads left), so without the limit the count grows.
    @Test func threadsStartedAfterTheLimitShareTheArenasThatExist() throws {
        let before = try #require(arenaCount())
        #expect(MallocArenas.limit(to: 1))
        let started = Counter()
        let threads = 8
        var handles: [pthread_t] = []
        for _ in 0..<threads {
            var handle = pthread_t()
            let context = Unmanaged.passRetained(Box {
                let block = malloc(4096)
                started.value.add(1, ordering: .relaxed)
                while started.value.load(ordering: .relaxed) < threads { sched_yield() }
                free(block)
            }).toOpaque()
            #expect(pthread_create(&handle, nil, { raw in
                Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, context) == 0)
            handles.append(handle)
        }
        for h in handles { pthread_join(h, nil) }
        let after = try #require(arenaCount())
        #expect(after <= before, "arenas: \(before) before, \(after) after \(threads) new threads")
    }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private final class Box: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// The heaps glibc's `malloc_info` reports: one per arena.
    private func arenaCount() -> Int? {
        guard let info = dlsym(nil, "malloc_info") else { return nil }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        let status = unsafeBitCast(info, to: (@convention(c) (Int32, UnsafeMutablePointer<FILE>) -> Int32).self)(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { return nil }
        return String(cString: buffer).split(separator: "<heap nr=", omittingEmptySubsequences: false).count - 1
    }
}
