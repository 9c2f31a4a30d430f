import Glibc


/// A detached POSIX thread for work that blocks or recurses deeply, which Dispatch's pool (as wide as the
/// machine's cores, with small stacks) is not for. Foundation's `Thread` did this before; it is not in
/// FoundationEssentials, and the server links Essentials only.
public enum DetachedThread {
    public static func start(stackBytes: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackBytes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, context)
        if status != 0 {
            // No thread to be had (EAGAIN): run here rather than never; callers wait for the result either way.
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
        }
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
