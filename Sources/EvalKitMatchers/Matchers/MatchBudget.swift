import Foundation
import Synchronization

/// The time a long synchronous match may take: until the case's timeout has passed or the
/// evaluating task is cancelled, whichever comes first.
///
/// `run` does the work on a Dispatch queue, off Swift's cooperative pool, so a long match holds up
/// no other task; the work polls `exhausted` and gives up when it is set.
final class MatchBudget: Sendable {
    /// Why the work had to stop.
    enum Stop: Sendable, Equatable {
        case timedOut
        case cancelled
    }

    private let deadline: ContinuousClock.Instant
    private let cancelled = Atomic<Bool>(false)

    init(timeout: Duration) {
        deadline = ContinuousClock.now + timeout
    }

    /// Why the work must stop now, or nil while it may go on.
    var exhausted: Stop? {
        if cancelled.load(ordering: .relaxed) { return .cancelled }
        return ContinuousClock.now >= deadline ? .timedOut : nil
    }

    /// Runs `work` with a budget of `timeout`, cancelled with the calling task.
    static func run<Value: Sendable>(timeout: Duration, _ work: @escaping @Sendable (MatchBudget) -> Value) async -> Value {
        let budget = MatchBudget(timeout: timeout)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: work(budget)) }
            }
        } onCancel: {
            budget.cancelled.store(true, ordering: .relaxed)
        }
    }

    /// `5`, `0.2`: a timeout as a message shows it.
}
