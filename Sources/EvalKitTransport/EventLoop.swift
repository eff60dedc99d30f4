#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Foundation
import Synchronization

/// The one thread that waits on epoll for the sockets of every client in the process, running jobs that other threads hand it.
///
/// Other threads only call ``execute(_:)`` and ``enqueue(_:)``: a job goes into a locked queue and
/// an eventfd wakes the thread if it sleeps. Everything else (registering sockets, the handlers
/// themselves) runs on the loop's thread. The thread starts with the first job and runs for the
/// rest of the process, asleep in `epoll_wait` while there is nothing to do; sockets belong to the
/// handlers, and a client going away closes its own.
///
/// It is also a `TaskExecutor`: a Swift task that prefers it runs its jobs on the loop's thread
/// between polls, so the answer the loop reads resumes that task without waking another thread,
/// whichever client read it. Such a task must not block, or every socket waits with it.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    /// Something with a registered socket: told its ready events on the loop's thread.
    protocol Handler: AnyObject {
        func handle(events: UInt32)
    }

    typealias Job = @Sendable () -> Void

    private struct Shared {
        var jobs: [Job] = []
        /// Swift tasks that prefer this loop as their executor, to run on its thread.
        var tasks: [UnownedJob] = []
        /// The thread is (about to be) in `epoll_wait` with no job pending: a new job must wake it.
        var sleeping = false
        var started = false
    }

    /// The loop every client shares.
    static let shared = EventLoop(name: "evals http")

    /// Bytes every handler reads into, on the loop's thread, and must consume before returning.
    static let readBufferSize = 64 << 10
    private static let eventCapacity = 128

    private let state = Mutex(Shared())
    /// The loop's thread, once it runs.
    private let thread = Atomic<UInt>(0)
    private var epoll: Int32 = -1
    private var wake: Int32 = -1
    private var handlers: [UInt64: any Handler] = [:]
    private var nextToken: UInt64 = 1
    private var tickHandlers: [ObjectIdentifier: (UInt64) -> Void] = [:]
    private var lastTick: UInt64 = 0
    private let name: String

    /// Shared by the handlers; valid on the loop's thread.
    let readBuffer = UnsafeMutableRawPointer.allocate(byteCount: EventLoop.readBufferSize, alignment: 16)

    private init(name: String) {
        self.name = name
    }

    /// Runs `job` on the loop's thread, starting the thread if needed; false when it cannot start
    /// (no epoll or eventfd to be had: a later call tries again).
    @discardableResult
    func execute(_ job: @escaping Job) -> Bool {
        add { $0.jobs.append(job) }
    }

    /// Runs a Swift task's job on the loop's thread; a task preferring this executor has the
    /// answers to its requests handed to it without waking another thread. A job the loop cannot
    /// take (its thread cannot start) goes to the global executor.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if !add({ $0.tasks.append(job) }) { globalConcurrentExecutor.enqueue(job) }
    }

    /// Whether the caller runs on the loop's thread, where it may touch the loop's state directly.
    var isCurrent: Bool {
        thread.load(ordering: .relaxed) == pthread_self()
    }

    /// Queues a job with `append`, starting the thread first if it is not running, and wakes it if it sleeps.
    private func add(_ append: (inout Shared) -> Void) -> Bool {
        let (accepted, wakeUp) = state.withLock { state -> (Bool, Bool) in
            if !state.started {
                guard begin() else { return (false, false) }
                state.started = true
            }
            append(&state)
            let wakeUp = state.sleeping
            state.sleeping = false
            return (true, wakeUp)
        }
        if wakeUp { signal() }
        return accepted
    }

    // MARK: On the loop's thread

    /// Calls `handler` about once a second with the monotonic time in nanoseconds while any socket
    /// is registered, until ``removeTick(_:)`` with the same `owner`.
    func onTick(_ owner: AnyObject, _ handler: @escaping (UInt64) -> Void) {
        tickHandlers[ObjectIdentifier(owner)] = handler
    }

    func removeTick(_ owner: AnyObject) {
        tickHandlers[ObjectIdentifier(owner)] = nil
    }

    /// Watches `fd` for `events` on behalf of `handler`; returns the token that names the registration, or nil.
    func register(_ fd: Int32, events: UInt32, handler: any Handler) -> UInt64? {
        let token = nextToken
        nextToken += 1
        guard EPoll.add(epoll, fd, events: events, token: token) == 0 else { return nil }
        handlers[token] = handler
        return token
    }

    func modify(_ fd: Int32, events: UInt32, token: UInt64) {
        EPoll.modify(epoll, fd, events: events, token: token)
    }

    /// Forgets a registration; the handler then closes its socket (which leaves the epoll set).
    func deregister(token: UInt64) {
        handlers[token] = nil
    }

    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    // MARK: The thread

    /// Opens the epoll set and the eventfd and starts the thread, under the lock of the first job.
    private func begin() -> Bool {
        epoll = EPoll.create()
        wake = EPoll.eventFD()
        guard epoll >= 0, wake >= 0, EPoll.add(epoll, wake, events: EPoll.input | EPoll.edgeTriggered, token: 0) == 0 else {
            if epoll >= 0 { close(epoll) }
            if wake >= 0 { close(wake) }
            epoll = -1
            wake = -1
            return false
        }
        let thread = Thread { [self] in run() }
        thread.name = name
        // Tasks that prefer the loop as their executor run here too (providers parsing answers,
        // matchers judging them), so it gets an ordinary thread's stack, not a small one.
        thread.stackSize = 8 << 20
        thread.start()
        return true
    }

    /// Wakes the thread. The eventfd's count is never read back, which would take 2^64 - 1 writes to fill.
    private func signal() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    private func run() {
        thread.store(pthread_self(), ordering: .relaxed)
        // OpenSSL writes to sockets with write(2), which raises SIGPIPE on a connection the server
        // closed: blocked on this thread, the write fails with EPIPE instead of ending the process.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        let events = UnsafeMutableBufferPointer<EPoll.Event>.allocate(capacity: Self.eventCapacity)
        var batch: [Job] = []
        var tasks: [UnownedJob] = []
        lastTick = Self.now()
        while true {
            state.withLock { state in
                swap(&state.jobs, &batch)
                swap(&state.tasks, &tasks)
            }
            for job in batch { job() }
            batch.removeAll(keepingCapacity: true)
            for task in tasks { task.runSynchronously(on: asUnownedTaskExecutor()) }
            tasks.removeAll(keepingCapacity: true)
            // It sleeps only if no job came while it ran these: one queued from now on wakes it.
            let idle = state.withLock { state -> Bool in
                state.sleeping = state.jobs.isEmpty && state.tasks.isEmpty
                return state.sleeping
            }
            let timeout: Int32 = idle ? (handlers.isEmpty ? -1 : 1000) : 0
            let count = EPoll.wait(epoll, events, timeoutMilliseconds: timeout)
            if count > 0 {
                // The eventfd (token 0) is edge-triggered: each write is one event, with no count to read back.
                for index in 0..<Int(count) where events[index].token != 0 {
                    handlers[events[index].token]?.handle(events: events[index].events)
                }
            }
            if !tickHandlers.isEmpty, !handlers.isEmpty {
                let now = Self.now()
                if now &- lastTick >= 1_000_000_000 {
                    lastTick = now
                    for tick in tickHandlers.values { tick(now) }
                }
            }
        }
    }
}
#endif
