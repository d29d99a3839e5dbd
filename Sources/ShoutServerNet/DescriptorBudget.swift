import Glibc

/// How many TCP connections the system's limit on open files leaves room for: a connection is a file descriptor,
/// and a process that has used its last one fails in places it cannot report from (the runtime needs one now and
/// then, for a timer), so the server keeps ``keptFree`` of them for the rest of itself and caps connections below
/// the limit.
enum DescriptorBudget {
    /// Descriptors left for the rest of the process: timers, the terminal, a log, a file the user opens.
    static let keptFree = 16

    /// The limit on open files (`ulimit -n`), or nil when the system does not say.
    static func limit() -> Int? {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0, limits.rlim_cur != rlim_t.max else {
            return nil
        }
        return Int(clamping: limits.rlim_cur)
    }

    /// The connections that fit: the limit, less the descriptors open now and ``keptFree``; at least one. Nil when
    /// either figure is unknown.
    static func connectionRoom() -> Int? {
        guard let limit = limit(), let open = openDescriptors() else { return nil }
        return max(1, limit - open - keptFree)
    }

    /// How many descriptors the process has open now (the entries of `/proc/self/fd`, less the one that lists them).
    static func openDescriptors() -> Int? {
        guard let folder = opendir("/proc/self/fd") else { return nil }
        defer { closedir(folder) }
        var entries = 0
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { entries += 1 }
        }
        return max(0, entries - 1)
    }
}
