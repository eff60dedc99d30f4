import Synchronization
import EvalKitResults

/// What a run has spent so far over every target (SPEC §13.1), against the limit it may spend.
///
/// Each answer's cost is added before its request's concurrency slot goes back, so a case that
/// waited for that slot sees the spend of every answer before it.
final class SpendMeter: Sendable {
    /// US dollars; nil for no limit.
    let limit: Double?
    private let spent = Mutex(0.0)

    init(limit: Double?) {
        self.limit = limit
    }

    func add(_ cost: Cost) {
        spent.withLock { $0 += cost.usd }
    }

    /// Whether the spend has reached the limit, so no new case may be sent.
    var reachedLimit: Bool {
        guard let limit else { return false }
        return spent.withLock { $0 } >= limit
    }
}
