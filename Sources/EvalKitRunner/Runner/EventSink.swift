import Synchronization
import EvalKitResults

/// Delivers run events to the caller's handler one at a time and numbers finished cases.
final class EventSink: Sendable {
    private let handler: @Sendable (RunEvent) -> Void
    private let completed: Mutex<Int> = Mutex(0)
    let total: Int

    init(total: Int, handler: @escaping @Sendable (RunEvent) -> Void) {
        self.total = total
        self.handler = handler
    }

    func emit(_ event: RunEvent) {
        completed.withLock { _ in handler(event) }
    }

    func finished(suite: String, target: String, caseID: String, outcome: Outcome) {
        completed.withLock { count in
            count += 1
            handler(.caseFinished(suite: suite, target: target, caseID: caseID, outcome: outcome, completed: count, total: total))
        }
    }
}
