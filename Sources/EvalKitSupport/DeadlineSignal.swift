import Synchronization

/// Ends one attempt's request at its deadline without cancelling the task that waits for it.
///
/// The runner fires it when an attempt's time is up; a transport that honours it reads
/// ``current`` when it sends, and ends that request (as if cancelled) when the signal fires. The
/// waiting task is not cancelled, so it may retry. Cheaper than running each attempt in a task of
/// its own that a timer cancels.
public final class DeadlineSignal: Sendable {
    private struct State {
        var fired = false
        var action: (@Sendable () -> Void)?
    }

    /// The signal of the attempt the calling task is making, if its runner set one.
    @TaskLocal public static var current: DeadlineSignal?

    private let state = Mutex(State())

    public init() {}

    public var hasFired: Bool {
        state.withLock { $0.fired }
    }

    /// Runs the action given to ``onFire(_:)``, once; later calls do nothing.
    public func fire() {
        let action: (@Sendable () -> Void)? = state.withLock { state in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.action = nil }
            return state.action
        }
        action?()
    }

    /// Sets what firing does, replacing what was set before; false, and nothing set, when the
    /// signal has fired already: the caller should not start.
    public func onFire(_ action: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard !state.fired else { return false }
            state.action = action
            return true
        }
    }

    /// Forgets the action: the request it would end is over.
    public func clear() {
        state.withLock { $0.action = nil }
    }
}
