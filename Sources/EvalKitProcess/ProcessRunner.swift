import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Runs a program to completion with text on its stdin, collecting its stdout and stderr.
///
/// The child runs in its own process group; on a timeout, on cancellation of the calling task and
/// once it has exited, the whole group is killed, so a program that leaves children behind cannot
/// keep the run waiting. Once the child has exited, what its pipes already hold is read and the
/// pipes are closed, so a descendant that left the group (`setsid`) and keeps them open cannot
/// either. Stdout and stderr are read concurrently while stdin is written, so a child never
/// blocks on a full pipe; each is capped at `outputLimit` bytes, past which the child is killed.
public struct ProcessRunner: Sendable {
    /// A program name without `/` is looked up on `PATH`; a relative path is resolved against `directory`.
    public var program: String
    public var arguments: [String]
    /// Written to the child's stdin, which is then closed.
    public var input: Data
    /// Variables added to (or replacing those of) the current environment.
    public var environment: [String: String]
    /// The working directory; the current one when nil.
    public var directory: URL?
    /// Past this, the child is killed and the output says `timedOut`.
    public var timeout: Duration?
    /// The most bytes kept of stdout and of stderr each; past it the child is killed and the
    /// output says `exceededLimit`.
    public var outputLimit: Int

    /// The output cap by default: 16 MiB, as for HTTP bodies.
    public static let defaultOutputLimit = 16 << 20

    public init(program: String, arguments: [String] = [], input: Data = Data(), environment: [String: String] = [:], directory: URL? = nil, timeout: Duration? = nil, outputLimit: Int = ProcessRunner.defaultOutputLimit) {
        self.program = program
        self.arguments = arguments
        self.input = input
        self.environment = environment
        self.directory = directory
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// How a finished child ended and what it wrote.
    public struct Output: Sendable, Equatable {
        /// The exit status; nil when a signal ended the child.
        public var exitStatus: Int32?
        /// The signal that ended the child, if one did (`SIGKILL` after a timeout).
        public var signal: Int32?
        public var stdout: Data
        public var stderr: Data
        /// The child ran past the timeout and was killed.
        public var timedOut: Bool
        /// The child wrote more than `outputLimit` bytes to stdout or stderr and was killed; what
        /// is kept of that stream stops at the limit.
        public var exceededLimit: Bool

        public init(exitStatus: Int32?, signal: Int32? = nil, stdout: Data = Data(), stderr: Data = Data(), timedOut: Bool = false, exceededLimit: Bool = false) {
            self.exitStatus = exitStatus
            self.signal = signal
            self.stdout = stdout
            self.stderr = stderr
            self.timedOut = timedOut
            self.exceededLimit = exceededLimit
        }

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
        public var succeeded: Bool { exitStatus == 0 && !timedOut && !exceededLimit }
    }

    /// Why a program could not be run to completion.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// No such program on `PATH`, or no executable file at its path.
        case notFound(String)
        /// The program exists but could not be started (permissions, format, working directory).
        case launchFailed(String, reason: String)
        /// The calling task was cancelled; the child was killed.
        case cancelled

        public var description: String {
            switch self {
            case .notFound(let program):
                program.contains("/") ? "program '\(program)' not found or not executable" : "program '\(program)' not found on PATH"
            case .launchFailed(let program, let reason): "could not start '\(program)': \(reason)"
            case .cancelled: "cancelled"
            }
        }
    }

    /// The executable a program name stands for, or nil when there is none.
    public static func resolve(_ program: String, directory: URL? = nil, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        guard !program.isEmpty else { return nil }
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : (directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(program).path
            return isExecutableFile(path) ? path : nil
        }
        for folder in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let base = folder.isEmpty ? "." : String(folder)
            let path = base + "/" + program
            if isExecutableFile(path) { return path }
        }
        return nil
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue && access(path, X_OK) == 0
    }

    /// Runs the program and waits for it and its output.
    public func run() async throws(Failure) -> Output {
        if Task.isCancelled { throw .cancelled }
        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment.merge(environment) { $1 }
        guard let executable = Self.resolve(program, directory: directory, searchPath: fullEnvironment["PATH"]) else {
            throw .notFound(program)
        }
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .launchFailed(program, reason: "no such directory \(directory.path)")
            }
        }
        let child: Child
        let pipes: (stdin: Int32, stdout: Int32, stderr: Int32)
        let exited: (read: Int32, write: Int32)
        do {
            exited = try Child.makePipe()
        } catch {
            throw .launchFailed(program, reason: error.reason)
        }
        defer {
            close(exited.read)
            close(exited.write)
        }
        do {
            (child, pipes) = try Child.spawn(executable: executable, arguments: [program] + arguments, environment: fullEnvironment, directory: directory?.path)
        } catch {
            throw .launchFailed(program, reason: error.reason)
        }
        let (input, limit) = (self.input, outputLimit)
        async let stdout = Self.onThread { Self.readAll(pipes.stdout, until: exited.read, limit: limit, onExceeded: child.kill) }
        async let stderr = Self.onThread { Self.readAll(pipes.stderr, until: exited.read, limit: limit, onExceeded: child.kill) }
        async let written: Void = Self.onThread { Self.writeAll(input, to: pipes.stdin, until: exited.read) }
        let (status, timedOut) = await withTaskCancellationHandler {
            await Self.waitForExit(child, timeout: timeout)
        } onCancel: {
            child.kill()
        }
        // The child and its group are gone; wake the readers and the writer, which then take
        // what the pipes hold and stop, whoever else still holds the other ends.
        var byte: UInt8 = 1
        _ = write(exited.write, &byte, 1)
        let (out, err) = (await stdout, await stderr)
        var output = Output(exitStatus: nil, stdout: out.data, stderr: err.data, timedOut: timedOut, exceededLimit: out.exceeded || err.exceeded)
        await written
        if status & 0x7F == 0 {
            output.exitStatus = (status >> 8) & 0xFF
        } else {
            output.signal = status & 0x7F
        }
        if Task.isCancelled, !timedOut { throw .cancelled }
        return output
    }

    private enum Event: Sendable {
        case exited(Int32), timedOut, sleepEnded
    }

    private static func waitForExit(_ child: Child, timeout: Duration?) async -> (status: Int32, timedOut: Bool) {
        await withTaskGroup(of: Event.self) { group in
            group.addTask { .exited(await onThread { child.waitForExit() }) }
            if let timeout {
                group.addTask {
                    do {
                        try await Task.sleep(for: timeout)
                        return .timedOut
                    } catch {
                        return .sleepEnded
                    }
                }
            }
            var status: Int32 = 0
            var timedOut = false
            while let event = await group.next() {
                switch event {
                case .exited(let code):
                    status = code
                    group.cancelAll()
                case .timedOut:
                    timedOut = true
                    child.kill()
                case .sleepEnded:
                    break
                }
            }
            return (status, timedOut)
        }
    }

    /// Runs blocking work on a thread of its own, off the cooperative pool.
    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    /// Whether `fd` can be read or written (`events`) before `exited` becomes readable; false once
    /// the child has exited and `fd` is not ready at that moment.
    private static func ready(_ fd: Int32, for events: Int32, until exited: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(events), revents: 0), pollfd(fd: exited, events: Int16(POLLIN), revents: 0)]
        while true {
            let count = poll(&fds, 2, -1)
            if count < 0, errno == EINTR { continue }
            if count < 0 { return false }
            if fds[0].revents != 0 { return true }
            if fds[1].revents != 0 {
                // Exited: one last look at `fd` without waiting.
                var last = [pollfd(fd: fd, events: Int16(events), revents: 0)]
                return poll(&last, 1, 0) > 0
            }
        }
    }

    /// Reads `fd` to its end, or until the child has exited and nothing more is waiting, keeping
    /// at most `limit` bytes; past them it calls `onExceeded` and stops.
    private static func readAll(_ fd: Int32, until exited: Int32, limit: Int, onExceeded: () -> Void) -> (data: Data, exceeded: Bool) {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var exceeded = false
        while ready(fd, for: POLLIN, until: exited) {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                guard data.count + count <= limit else {
                    data.append(contentsOf: buffer[0..<(limit - data.count)])
                    exceeded = true
                    onExceeded()
                    break
                }
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fd)
        return (data, exceeded)
    }

    /// Writes with `SIGPIPE` blocked on this thread, so a child that stops reading ends the write
    /// with `EPIPE`; stops when the child has exited and the pipe takes no more.
    private static func writeAll(_ data: Data, to fd: Int32, until exited: Int32) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = write(fd, raw.baseAddress! + offset, min(raw.count - offset, 65536))
                if count > 0 {
                    offset += count
                } else if count < 0, errno == EINTR {
                    continue
                } else if count < 0, errno == EAGAIN, ready(fd, for: POLLOUT, until: exited) {
                    continue
                } else {
                    break
                }
            }
        }
        close(fd)
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var noWait = timespec()
            sigtimedwait(&pipeSignal, nil, &noWait)
        }
    }
}

/// A spawned child process, the leader of its own process group.
private final class Child: Sendable {
    public struct SpawnError: Error {
        public var reason: String
    }

    public let pid: pid_t
    /// Whether the child has been reaped; its pid may then belong to another process.
    private let reaped = Mutex(false)

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Kills the child's whole process group, unless it has already been reaped.
    public func kill() {
        reaped.withLock { reaped in
            if !reaped { _ = sendSignal(-pid, SIGKILL) }
        }
    }

    /// Blocks until the child exits, kills what it left in its group, reaps it and returns its wait status.
    public func waitForExit() -> Int32 {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
        return reaped.withLock { reaped in
            _ = sendSignal(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            reaped = true
            return status
        }
    }

    public static func spawn(executable: String, arguments: [String], environment: [String: String], directory: String?) throws(SpawnError) -> (Child, (stdin: Int32, stdout: Int32, stderr: Int32)) {
        var pipes: [(read: Int32, write: Int32)] = []
        for _ in 0..<3 {
            do {
                pipes.append(try makePipe())
            } catch {
                for pipe in pipes { close(pipe.read); close(pipe.write) }
                throw error
            }
        }
        let (stdin, stdout, stderr) = (pipes[0], pipes[1], pipes[2])
        let parentEnds = [stdin.write, stdout.read, stderr.read]
        let childEnds = [stdin.read, stdout.write, stderr.write]
        defer { for fd in childEnds { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, target) in zip(childEnds, [Int32(0), 1, 2]) { posix_spawn_file_actions_adddup2(&actions, fd, target) }
        _ = csys_spawn_addclosefrom(&actions, 3)
        if let directory {
            _ = csys_spawn_addchdir(&actions, directory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        var result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // ETXTBSY: another thread's child still holds a just-written script open for writing
        // until its own exec closes it; that passes in moments, so try again briefly.
        var busyRetries = 0
        while result == ETXTBSY, busyRetries < 100 {
            busyRetries += 1
            usleep(10_000)
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard result == 0 else {
            for fd in parentEnds { close(fd) }
            throw SpawnError(reason: String(cString: strerror(result)))
        }
        return (Child(pid: pid), (stdin.write, stdout.read, stderr.read))
    }

    public static func makePipe() throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        let result = fds.withUnsafeMutableBufferPointer { csys_pipe($0.baseAddress) }
        guard result == 0 else { throw SpawnError(reason: String(cString: strerror(errno))) }
        return (fds[0], fds[1])
    }
}

private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    kill(pid, signal)
}
