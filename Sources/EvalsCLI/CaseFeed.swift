import EvalKit
import Synchronization

/// The cases of one unit as the runner asks for them, made one at a time from the suite's cases
/// in order, so that a run holds no list of its cases (SPEC §11): `PlannedCases` over it reads
/// case `i` after case `i - 1`. Asking for an earlier case (the runner does when an interrupt
/// leaves cases unfinished) reads the suite again from its start.
final class CaseFeed: Sendable {
    let count: Int
    private let suite: Suite
    private let target: Suite.ResolvedTarget
    private let selection: CaseSelection
    private let skipping: Set<Int>
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var cursor: Suite.CaseCursor
        var walk: CaseSelection.Walk
        /// The suite position of the next case the cursor gives.
        var position = 0
        /// How many cases have been handed out since the cursor started.
        var made = 0
    }

    /// The selected cases of `planned` for `target`, leaving out the suite positions in `skipping`
    /// (cases a rerun reuses).
    init(_ planned: PlannedSuite, target: Suite.ResolvedTarget, skipping: Set<Int>) {
        count = planned.selectedCount - skipping.count
        suite = planned.suite
        self.target = target
        selection = planned.selection
        self.skipping = skipping
        state = Mutex(State(cursor: planned.suite.makeCaseCursor(), walk: planned.selection.walk()))
    }

    var cases: PlannedCases {
        PlannedCases(count: count) { self.planned(at: $0) }
    }

    /// The case at `index` (from 0) of those to run, resolved for the target.
    func planned(at index: Int) -> PlannedCase {
        let (suiteCase, position) = state.withLock { state in
            if index < state.made {
                state = State(cursor: suite.makeCaseCursor(), walk: selection.walk())
            }
            while true {
                guard let suiteCase = state.cursor.next() else { preconditionFailure("case \(index) of \(count) asked of a suite that has fewer") }
                let position = state.position
                state.position += 1
                guard state.walk.exclusion(for: suiteCase) == nil, !skipping.contains(position) else { continue }
                state.made += 1
                if state.made == index + 1 { return (suiteCase, position) }
            }
        }
        return PlannedCase(resolved: suite.resolve(suiteCase, for: target), index: position)
    }
}
