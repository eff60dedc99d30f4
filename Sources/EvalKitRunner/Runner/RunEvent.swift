import Foundation
import EvalKitResults

/// Something the runner reports while it runs, for progress lines and logs; delivered one at a time.
public enum RunEvent: Sendable, Equatable {
    /// The run began; `total` is the number of case × target runs to do.
    case started(total: Int)
    /// The case's first request is about to be sent.
    case caseStarted(suite: String, target: String, caseID: String)
    /// The case ended (not by an interrupt); `completed` counts finished runs so far, 1 to `total`.
    case caseFinished(suite: String, target: String, caseID: String, outcome: Outcome, completed: Int, total: Int)
    /// A transient failure will be retried after `delay` seconds; `attempt` is the retry's number, from 1.
    case retrying(suite: String, target: String, caseID: String, attempt: Int, delay: Double, reason: String)
    /// An authentication or not-found error stopped the target: its unsent cases end as errors.
    case targetStopped(suite: String, target: String, message: String)
    /// A batch job of the target was polled (SPEC §13): its state in the provider's words, the
    /// requests finished so far and in all, when the provider says.
    case batchPolled(suite: String, target: String, job: String, state: String, completed: Int?, total: Int?)
}
