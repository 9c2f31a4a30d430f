import Dispatch
import FoundationEssentials
import Synchronization
import TiesCore
import TiesHTTP

/// What SIGTERM does, in the order a load balancer needs it:
///
/// 1. `/readyz` starts answering 503 (`"status":"draining"`), while every request is still served and new
///    connections are still accepted;
/// 2. that lasts `delay` (config `timeouts.shutdownDelaySeconds`), long enough for the balancer to see the
///    failed probe, or for Kubernetes to take the pod out of its Service's endpoints — which happens
///    asynchronously to the signal, so a server that stopped accepting at once would refuse connections
///    still being routed to it;
/// 3. then the engine's graceful shutdown: stop accepting, close idle connections, let requests in flight
///    finish (their responses say `Connection: close`) for up to the grace period, close the rest.
///
/// A second `begin()` (a second SIGTERM, or Ctrl-C pressed twice) cuts the delay short; the grace period for
/// requests in flight still applies.
public final class GracefulShutdown: Sendable {
    private let state: ServingState
    private let server: HTTPServer
    private let delay: Duration
    private let started = Atomic<Bool>(false)
    private let hurry = DispatchSemaphore(value: 0)
    private let done = DispatchGroup()

    public init(state: ServingState, server: HTTPServer, delay: Duration = .zero) {
        self.state = state
        self.server = server
        self.delay = delay
        done.enter()
    }

    /// Starts the sequence on a background queue and returns at once (signal handlers must not block).
    /// Returns true for the call that started it; a later call skips what is left of the delay.
    @discardableResult
    public func begin() -> Bool {
        guard started.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            hurry.signal()
            return false
        }
        state.draining = true
        // A thread of its own: the delay and the drain block for seconds, which Dispatch's pool (as wide as the
        // machine's cores) is not for; a blocked pool thread could hold up the very queues being drained.
        DetachedThread.start { [self] in
            if delay > .zero {
                let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
                _ = hurry.wait(timeout: .now() + .nanoseconds(Int(clamping: nanoseconds)))
            }
            server.shutdown()
            done.leave()
        }
        return true
    }

    /// Blocks until the server has stopped after `begin()`.
    public func waitUntilDone() {
        done.wait()
    }
}
