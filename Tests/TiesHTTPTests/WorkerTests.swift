import Glibc
import Synchronization
import Testing
@testable import TiesHTTP

@Suite struct WorkerTests {
    private final class Seen: Sendable {
        let threads = Mutex<[pthread_t]>([])
        let order = Mutex<[Int]>([])
    }

    /// Work handed in from other threads runs on the worker's one thread, in the order it was handed in, and
    /// `stop()` returns once that thread has finished.
    @Test func handedInWorkRunsInOrderOnTheWorkersOwnThread() throws {
        let core = ServerCore(configuration: ServerConfiguration(), responder: ClosureResponder { _, _ in HTTPResponse() })
        let worker = try Worker(index: 0, core: core)
        worker.start()
        let seen = Seen()
        for i in 0..<100 {
            worker.async { seen.order.withLock { $0.append(i) } }
        }
        worker.sync { seen.threads.withLock { $0.append(pthread_self()) } }
        worker.sync { seen.threads.withLock { $0.append(pthread_self()) } }
        worker.stop()

        #expect(seen.order.withLock { $0 } == Array(0..<100))
        let threads = seen.threads.withLock { $0 }
        #expect(threads.count == 2)
        #expect(pthread_equal(threads[0], threads[1]) != 0)
        #expect(pthread_equal(threads[0], pthread_self()) == 0)
    }
}
