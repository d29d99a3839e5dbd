import Glibc

/// A thread of the system's own, detached (nobody joins it), running one closure: the serving loops' threads and the
/// screen's. It takes the place of Foundation's `Thread`, which only full Foundation has.
public enum DetachedThread {
    /// Starts a thread that runs `body` and ends; throws the system's reason when no thread can be made (the
    /// process or user limit on threads, or memory for its stack).
    public static func start(_ body: @escaping @Sendable () -> Void) throws(DetachedThreadError) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            &attributes,
            { context in
                // The context is the retained Body passed below: taken back (and released) exactly once, here.
                let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
                body.run()
                return nil
            },
            context
        )
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw DetachedThreadError(errno: result)
        }
    }

    /// The closure, in a class so that its one reference can cross into the new thread as a raw pointer.
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}

/// The system would not start a thread; `errno` says why (`EAGAIN`: a limit on threads was reached).
public struct DetachedThreadError: Error, Sendable {
    /// The error number `pthread_create` returned.
    public let errno: Int32
}
