import Synchronization

/// An async counting semaphore: at most `capacity` holders at once, waiters served in arrival order.
///
/// A waiter whose task is cancelled leaves the queue at once and its `acquire` throws; a slot is
/// never handed to a cancelled waiter.
final class Limiter: Sendable {
    private enum Waiter {
        /// Asked for a slot; its continuation is not stored yet.
        case registered
        case waiting(CheckedContinuation<Void, any Error>)
        /// Cancelled before its continuation was stored.
        case cancelled
    }

    private struct State {
        var available: Int
        /// Waiter ids in arrival order; ids no longer in `waiters` are stale and skipped.
        var queue: [UInt64] = []
        var head = 0
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>
    /// Runs after a waiter registers and before it queues; lets tests release a slot in that gap.
    private let onRegistered: (@Sendable (Limiter) -> Void)?

    init(capacity: Int, onRegistered: (@Sendable (Limiter) -> Void)? = nil) {
        state = Mutex(State(available: max(1, capacity)))
        self.onRegistered = onRegistered
    }

    /// Waits for a slot; throws when the calling task is cancelled first.
    func acquire() async throws(CancellationError) {
        if Task.isCancelled { throw CancellationError() }
        let id: UInt64? = state.withLock { state in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextID += 1
            state.waiters[state.nextID] = .registered
            return state.nextID
        }
        guard let id else { return }
        onRegistered?(self)
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    enum Next { case wait, proceed, cancel }
                    let next: Next = state.withLock { state in
                        if case .cancelled = state.waiters[id] {
                            state.waiters[id] = nil
                            return .cancel
                        }
                        // A slot released since this waiter registered went to the pool, not to it.
                        if state.available > 0 {
                            state.available -= 1
                            state.waiters[id] = nil
                            return .proceed
                        }
                        state.waiters[id] = .waiting(continuation)
                        state.queue.append(id)
                        return .wait
                    }
                    switch next {
                    case .wait: break
                    case .proceed: continuation.resume()
                    case .cancel: continuation.resume(throwing: CancellationError())
                    }
                }
            } onCancel: {
                let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
                    switch state.waiters[id] {
                    case .registered:
                        state.waiters[id] = .cancelled
                        return nil
                    case .waiting(let continuation):
                        state.waiters[id] = nil
                        return continuation
                    case .cancelled, nil:
                        return nil
                    }
                }
                continuation?.resume(throwing: CancellationError())
            }
        } catch {
            throw CancellationError()
        }
    }

    /// How many tasks are queued for a slot.
    var waiting: Int {
        state.withLock { state in
            state.waiters.values.count { if case .waiting = $0 { true } else { false } }
        }
    }

    /// Gives a slot back: to the longest-waiting live waiter, or to the pool.
    func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            defer {
                if state.head >= 64, state.head * 2 >= state.queue.count {
                    state.queue.removeFirst(state.head)
                    state.head = 0
                }
            }
            while state.head < state.queue.count {
                let id = state.queue[state.head]
                state.head += 1
                if case .waiting(let continuation) = state.waiters.removeValue(forKey: id) {
                    return continuation
                }
            }
            state.available += 1
            return nil
        }
        next?.resume()
    }
}
