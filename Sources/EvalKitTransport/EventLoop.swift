#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Foundation
import Synchronization

/// One thread waiting on epoll for the sockets of one client, and the jobs that other threads hand it.
///
/// The handlers and jobs run one at a time under one lock, the loop's. The loop's thread takes it
/// after each wait, to tell handlers their events and run the queued jobs. A job handed to
/// ``execute(_:inline:)`` with `inline` runs on the calling thread when the lock is free (a plain
/// request's bytes are written by the thread that made them, with no wake-up of the loop's
/// thread); otherwise it is queued for the loop's thread, which an eventfd wakes if it sleeps.
/// Only the loop's thread runs queued jobs and handlers, so a job that is not inline, and all
/// reading, happens there. The thread starts with the first job and ends after ``stop()``, closing
/// its epoll and eventfd; sockets belong to the handlers.
final class EventLoop: @unchecked Sendable {
    /// Something with a registered socket: told its ready events under the loop's lock.
    protocol Handler: AnyObject {
        func handle(events: UInt32)
    }

    typealias Job = @Sendable () -> Void

    private struct Shared {
        var jobs: [Job] = []
        /// The thread is (about to be) in `epoll_wait` with no job pending: a queued job must wake it.
        var sleeping = false
        var started = false
        var stopping = false
    }

    /// Bytes every handler reads into, under the loop's lock, and must consume before returning.
    static let readBufferSize = 64 << 10
    private static let eventCapacity = 128
    /// The longest the thread sleeps while sockets are registered: the pool's idle timeouts count these ticks.
    private static let tickMilliseconds: Int32 = 1000

    private let shared = Mutex(Shared())
    /// Held while handlers or jobs run; everything below it is touched only by its holder.
    private let running = Mutex(())
    private var epoll: Int32 = -1
    private var wake: Int32 = -1
    private var handlers: [UInt64: any Handler] = [:]
    private var nextToken: UInt64 = 1
    private var tickHandler: ((UInt64) -> Void)?
    private var lastTick: UInt64 = 0
    private let name: String

    /// Shared by the handlers; valid under the loop's lock while the loop runs.
    private(set) var readBuffer = UnsafeMutableRawPointer.allocate(byteCount: EventLoop.readBufferSize, alignment: 16)

    init(name: String) {
        self.name = name
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Runs `job` under the loop's lock: with `inline`, on the calling thread when the lock is
    /// free, else on the loop's thread; starts the thread if needed. False when the loop has
    /// stopped or cannot start.
    ///
    /// An inline job must not raise `SIGPIPE` on the calling thread (it writes with `MSG_NOSIGNAL`):
    /// TLS, which writes through OpenSSL, stays on the loop's thread, where `SIGPIPE` is blocked.
    @discardableResult
    func execute(inline: Bool = false, _ job: @escaping Job) -> Bool {
        let accepted = shared.withLock { shared -> Bool in
            guard !shared.stopping else { return false }
            if !shared.started {
                shared.started = true
                guard begin() else {
                    shared.stopping = true
                    return false
                }
            }
            return true
        }
        guard accepted else { return false }
        if inline, running.withLockIfAvailable({ _ in job() }) != nil { return true }
        let wakeUp = shared.withLock { shared -> Bool in
            shared.jobs.append(job)
            let wakeUp = shared.sleeping
            shared.sleeping = false
            return wakeUp
        }
        if wakeUp { signal() }
        return true
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

    /// Runs the queued jobs until none is left; on the loop's thread, under its lock.
    private func runQueuedJobs() {
        var batch: [Job] = []
        while true {
            shared.withLock { shared in swap(&shared.jobs, &batch) }
            if batch.isEmpty { return }
            for job in batch { job() }
            batch.removeAll(keepingCapacity: true)
        }
    }

    // MARK: Under the loop's lock

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
        guard epoll >= 0, wake >= 0, EPoll.add(epoll, wake, events: EPoll.input, token: 0) == 0 else {
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

    private func signal() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    private func run() {
        // OpenSSL writes to sockets with write(2), which raises SIGPIPE on a connection the server
        // closed: blocked on this thread, the write fails with EPIPE instead of ending the process.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        let events = UnsafeMutableBufferPointer<EPoll.Event>.allocate(capacity: Self.eventCapacity)
        defer {
            events.deallocate()
            running.withLock { _ in
                handlers = [:]
                tickHandler = nil
            }
            close(epoll)
            close(wake)
        }
        running.withLock { _ in lastTick = Self.now() }
        var count: Int32 = 0
        while true {
            let stopped = running.withLock { _ -> Bool in
                for index in 0..<Int(max(count, 0)) {
                    let (ready, token) = (events[index].events, events[index].token)
                    if token == 0 {
                        var value: UInt64 = 0
                        _ = read(wake, &value, 8)
                    } else {
                        // A token whose handler is gone (closed by a job since the wait) is skipped: tokens are never reused.
                        handlers[token]?.handle(events: ready)
                    }
                }
                if let tickHandler, !handlers.isEmpty {
                    let now = Self.now()
                    if now &- lastTick >= 1_000_000_000 {
                        lastTick = now
                        tickHandler(now)
                    }
                }
                while true {
                    runQueuedJobs()
                    let (stopping, idle) = shared.withLock { shared -> (Bool, Bool) in
                        guard shared.jobs.isEmpty else { return (false, false) }
                        shared.sleeping = !shared.stopping
                        return (shared.stopping, true)
                    }
                    if stopping { return true }
                    if idle { return false }
                }
            }
            if stopped { return }
            count = EPoll.wait(epoll, events, timeoutMilliseconds: Self.tickMilliseconds)
        }
    }
}
#endif
