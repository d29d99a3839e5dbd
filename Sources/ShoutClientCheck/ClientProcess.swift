#if canImport(Glibc)
import Glibc
#endif

/// A client program under test: `/bin/sh -c COMMAND` in the current folder, started with `posix_spawn` in a process
/// group of its own, its standard input a pipe, its standard output and error one pipe (so they interleave as
/// printed), `PYTHONUNBUFFERED=1` in its environment, signals at their defaults. Ending it ends its whole group.
///
/// Not Sendable: one run's task owns it from start to end.
final class ClientProcess {
    /// The shell's process id, which is also the group's.
    let pid: pid_t
    /// The write end of its standard input, until closed.
    private(set) var input: Int32
    /// The read end of its output, non-blocking, until it reads end of file.
    private(set) var output: Int32
    /// Its exit, once reaped.
    private(set) var exit: Exit?

    /// How a process ended.
    enum Exit: Equatable {
        case status(Int32)
        case signal(Int32)
    }

    private init(pid: pid_t, input: Int32, output: Int32) {
        self.pid = pid
        self.input = input
        self.output = output
    }

    /// Starts `command`.
    static func start(_ command: String) throws(ClientCheckError) -> ClientProcess {
        var inputPipe: [Int32] = [0, 0]
        var outputPipe: [Int32] = [0, 0]
        guard pipe(&inputPipe) == 0 else { throw .system("make a pipe") }
        guard pipe(&outputPipe) == 0 else {
            close(inputPipe[0])
            close(inputPipe[1])
            throw .system("make a pipe")
        }
        // Only this task starts processes, so no other spawn can inherit the pipes before they are marked.
        for descriptor in inputPipe + outputPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies; every other descriptor of the grader stays closed to the client.
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own group (ended as one), no signal blocked, and those the grader ignores (SIGPIPE) at their defaults.
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        )
        posix_spawnattr_setpgroup(&attributes, 0)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let arguments = ["/bin/sh", "-c", command].map(Self.copy)
        let environment = Self.environment().map(Self.copy)
        defer {
            for pointer in arguments + environment { free(pointer) }
        }
        var pid: pid_t = 0
        let result = (arguments + [nil]).withUnsafeBufferPointer { argv in
            (environment + [nil]).withUnsafeBufferPointer { envp in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv.baseAddress!, envp.baseAddress!)
            }
        }
        close(inputPipe[0])
        close(outputPipe[1])
        guard result == 0 else {
            close(inputPipe[1])
            close(outputPipe[0])
            throw .system("start /bin/sh", result)
        }
        _ = fcntl(outputPipe[0], F_SETFL, fcntl(outputPipe[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(inputPipe[1], F_SETFL, fcntl(inputPipe[1], F_GETFL) | O_NONBLOCK)
        return ClientProcess(pid: pid, input: inputPipe[1], output: outputPipe[0])
    }

    /// A C copy of `text`, freed by the caller.
    private static func copy(_ text: String) -> UnsafeMutablePointer<CChar>? { strdup(text) }

    /// The grader's environment with `PYTHONUNBUFFERED=1`, so a Python client's prints arrive as they happen.
    static func environment() -> [String] {
        var entries: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if !text.hasPrefix("PYTHONUNBUFFERED=") { entries.append(text) }
            index += 1
        }
        return entries + ["PYTHONUNBUFFERED=1"]
    }

    /// Types `line` and a newline on its standard input, then closes it (a line fits in the pipe; a client that
    /// has already gone makes the write fail, which is fine).
    func type(_ line: [UInt8]) {
        let bytes = line + [0x0A]
        _ = bytes.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
        close(input)
        input = -1
    }

    /// Reads what is waiting on its output into `sink` (at most `limit` bytes a call); false at end of file.
    func read(into sink: inout [UInt8], limit: Int = 65_536) -> Bool {
        guard output >= 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
        if count > 0 {
            sink.append(contentsOf: buffer[..<count])
            return true
        }
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return true }
        close(output)
        output = -1
        return false
    }

    /// Reaps the shell if it has exited, without waiting.
    @discardableResult
    func reap() -> Exit? {
        if let exit { return exit }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7F
        exit = signal == 0 ? .status((status >> 8) & 0xFF) : .signal(signal)
        return exit
    }

    /// Ends the whole group: SIGTERM, then SIGKILL for what is left after `grace`, and reaps the shell. Whatever the
    /// client left running in its group (a fork that outlived it) ends with it.
    func end(grace: Duration = .milliseconds(200)) async {
        kill(-pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while reap() == nil && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        // Members of the group may remain after the shell has gone: they get SIGKILL too.
        kill(-pid, SIGKILL)
        while reap() == nil {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    deinit {
        if input >= 0 { close(input) }
        if output >= 0 { close(output) }
    }
}
