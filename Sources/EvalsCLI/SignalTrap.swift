import Foundation
import Synchronization

/// Whether the user asked the command to stop (SIGINT, SIGTERM), and what to do when they do.
public final class Interruption: Sendable {
    private struct State {
        var happened = false
        var actions: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether an interrupt has come.
    public var happened: Bool { state.withLock { $0.happened } }

    /// Records the interrupt and runs the registered actions, once.
    public func trigger() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.happened else { return [] }
            state.happened = true
            defer { state.actions = [] }
            return state.actions
        }
        for action in actions { action() }
    }

    /// Runs `action` when the interrupt comes, or at once when it already has.
    func onTrigger(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.happened { return true }
            state.actions.append(action)
            return false
        }
        if now { action() }
    }
}

/// Signals received since the trap was set, counted by the handler itself.
private let signalCount = Atomic<Int>(0)
/// The write end of the pipe that wakes the thread turning the first signal into an `Interruption`.
private let wakeDescriptor = Atomic<Int32>(-1)

/// Turns SIGINT and SIGTERM into an `Interruption` for as long as the process runs; a second
/// signal exits at once with 130.
///
/// A `sigaction` handler counts each signal the moment it arrives, so `received` is true as soon
/// as the kernel has delivered one, however late the threads are scheduled; it wakes a thread
/// (through a pipe, the one thing a handler may safely do) that runs the interruption's actions.
final class SignalTrap: Sendable {
    init(_ interruption: Interruption) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        wakeDescriptor.store(fds[1], ordering: .sequentiallyConsistent)
        let reader = fds[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(reader, &byte, 1) < 0, errno == EINTR {}
            interruption.trigger()
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if signalCount.add(1, ordering: .sequentiallyConsistent).newValue > 1 { _exit(130) }
            var byte: UInt8 = 1
            _ = write(wakeDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }

    /// Whether a signal has been delivered, even if its interruption's actions have not run yet.
    var received: Bool { signalCount.load(ordering: .sequentiallyConsistent) > 0 }
}
