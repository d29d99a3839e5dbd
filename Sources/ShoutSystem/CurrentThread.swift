import Glibc

/// The calling thread's name as the system shows it (`top -H`, `perf`, `/proc/…/task/…/comm`).
public enum CurrentThread {
    /// Names the calling thread (at most 15 bytes are kept).
    ///
    /// Written from the thread itself: Foundation's `Thread.name` reaches the system only if the new thread runs
    /// after `start()` has recorded it, which a busy machine does not promise.
    public static func name(_ name: String) {
        if let comm = fopen("/proc/thread-self/comm", "w") {
            fputs(name, comm)
            fclose(comm)
        }
    }
}
