#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Foundation
import Synchronization

/// One thread waiting on epoll for the sockets of one client, running jobs that other threads hand it.
///
/// Other threads only call ``execute(_:)`` and ``stop()``: a job goes into a locked queue and an
/// eventfd wakes the thread if it sleeps. Everything else (registering sockets, the handlers
/// themselves) runs on the loop's thread. The thread starts with the first job and ends after
/// ``stop()``, closing its epoll and eventfd; sockets belong to the handlers.
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
        var stopping = false
    }

    /// Bytes every handler reads into, on the loop's thread, and must consume before returning.
    static let readBufferSize = 64 << 10
    private static let eventCapacity = 128

    private let shared = Mutex(Shared())
    /// The loop's thread, once it runs.
    private let thread = Atomic<UInt>(0)
    private var epoll: Int32 = -1
    private var wake: Int32 = -1
    private var handlers: [UInt64: any Handler] = [:]
    private var nextToken: UInt64 = 1
    private var tickHandler: ((UInt64) -> Void)?
    private var lastTick: UInt64 = 0
    private let name: String

    /// Shared by the handlers; valid on the loop's thread while it runs.
    private(set) var readBuffer = UnsafeMutableRawPointer.allocate(byteCount: EventLoop.readBufferSize, alignment: 16)

    init(name: String) {
        self.name = name
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Runs `job` on the loop's thread, starting the thread if needed; false when the loop has stopped or cannot start.
    @discardableResult
    func execute(_ job: @escaping Job) -> Bool {
        let (accepted, wakeUp) = shared.withLock { shared -> (Bool, Bool) in
            guard !shared.stopping else { return (false, false) }
            if !shared.started {
                shared.started = true
                guard begin() else {
                    shared.stopping = true
                    return (false, false)
                }
            }
            shared.jobs.append(job)
            let wakeUp = shared.sleeping
            shared.sleeping = false
            return (true, wakeUp)
        }
        if wakeUp { signal() }
        return accepted
    }

    /// Whether the caller runs on the loop's thread, where it may touch the loop's state directly.
    var isCurrent: Bool {
        thread.load(ordering: .relaxed) == pthread_self()
    }

    /// Runs a Swift task's job on the loop's thread; a task preferring this executor has the
    /// answers to its requests handed to it without waking another thread. Once the loop has
    /// stopped, jobs go to the global executor.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let (accepted, wakeUp) = shared.withLock { shared -> (Bool, Bool) in
            guard !shared.stopping else { return (false, false) }
            if !shared.started {
                shared.started = true
                guard begin() else {
                    shared.stopping = true
                    return (false, false)
                }
            }
            shared.tasks.append(job)
            let wakeUp = shared.sleeping
            shared.sleeping = false
            return (true, wakeUp)
        }
        if wakeUp { signal() }
        if !accepted { globalConcurrentExecutor.enqueue(job) }
    }

    /// Asks the thread to run its pending jobs, then `last`, and end; a loop that never started just stays stopped. Safe from any thread, more than once.
    func stop(after last: Job? = nil) {
        let wakeUp = shared.withLock { shared -> Bool in
            guard !shared.stopping else { return false }
            shared.stopping = true
            guard shared.started else { return false }
            if let last { shared.jobs.append(last) }
            shared.sleeping = false
            return true
        }
        if wakeUp { signal() }
    }

    // MARK: On the loop's thread

    /// Calls `handler` about once a second with the monotonic time in nanoseconds while any socket is registered.
    func onTick(_ handler: @escaping (UInt64) -> Void) {
        tickHandler = handler
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

    /// Opens the epoll set and the eventfd and starts the thread, under the lock of the first `execute`.
    private func begin() -> Bool {
        epoll = EPoll.create()
        wake = EPoll.eventFD()
        guard epoll >= 0, wake >= 0, EPoll.add(epoll, wake, events: EPoll.input | EPoll.edgeTriggered, token: 0) == 0 else {
            if epoll >= 0 { close(epoll) }
            if wake >= 0 { close(wake) }
            return false
        }
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 512 << 10
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
        defer { thread.store(0, ordering: .relaxed) }
        // OpenSSL writes to sockets with write(2), which raises SIGPIPE on a connection the server
        // closed: blocked on this thread, the write fails with EPIPE instead of ending the process.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        let events = UnsafeMutableBufferPointer<EPoll.Event>.allocate(capacity: Self.eventCapacity)
        defer {
            events.deallocate()
            handlers = [:]
            tickHandler = nil
            close(epoll)
            close(wake)
        }
        var batch: [Job] = []
        var tasks: [UnownedJob] = []
        lastTick = Self.now()
        while true {
            let stopping = shared.withLock { shared -> Bool in
                swap(&shared.jobs, &batch)
                swap(&shared.tasks, &tasks)
                return shared.stopping
            }
            for job in batch { job() }
            batch.removeAll(keepingCapacity: true)
            for task in tasks { task.runSynchronously(on: asUnownedTaskExecutor()) }
            tasks.removeAll(keepingCapacity: true)
            if stopping {
                if shared.withLock({ $0.jobs.isEmpty && $0.tasks.isEmpty }) { return }
                continue
            }
            // It sleeps only if no job came while it ran these: one queued from now on wakes it.
            let idle = shared.withLock { shared -> Bool in
                shared.sleeping = shared.jobs.isEmpty && shared.tasks.isEmpty && !shared.stopping
                return shared.sleeping
            }
            let timeout: Int32 = idle ? (handlers.isEmpty ? -1 : 1000) : 0
            let count = EPoll.wait(epoll, events, timeoutMilliseconds: timeout)
            if count > 0 {
                // The eventfd (token 0) is edge-triggered: each write is one event, with no count to read back.
                for index in 0..<Int(count) where events[index].token != 0 {
                    handlers[events[index].token]?.handle(events: events[index].events)
                }
            }
            if let tickHandler, !handlers.isEmpty {
                let now = Self.now()
                if now &- lastTick >= 1_000_000_000 {
                    lastTick = now
                    tickHandler(now)
                }
            }
        }
    }
}
#endif
