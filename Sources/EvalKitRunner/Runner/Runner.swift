import Foundation
import EvalKitResults

/// Runs the cases of every unit against their targets with bounded concurrency, timeouts, retries
/// and repeats (SPEC §5, §6), and returns their reports in suite order.
public struct Runner: Sendable {
    public var options: RunnerOptions
    private let onEvent: @Sendable (RunEvent) -> Void

    /// `onEvent` is called one event at a time, from any task; it should return quickly.
    public init(options: RunnerOptions, onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }) {
        self.options = options
        self.onEvent = onEvent
    }

    /// Runs every planned case of `units` and returns one result per unit, in the same order.
    ///
    /// Cancelling the calling task stops new requests and cancels those in flight; cases that had
    /// not finished are reported `skipped` with reason `interrupted`.
    public func run(_ units: [RunUnit]) async -> [UnitResult] {
        let total = units.reduce(0) { sum, unit in sum + unit.cases.count }
        let sink = EventSink(total: total, handler: onEvent)
        sink.emit(.started(total: total))
        let lanes = makeLanes(units)
        // Every case starts as not run (interrupted); finishing replaces its report in place.
        var reports: [[CaseReport]] = units.enumerated().map { u, unit in
            unit.cases.map { lanes[u].skippedReport($0.resolved, reason: .interrupted) }
        }
        let watchdog = DeadlineWatchdog()
        await withTaskGroup(of: Void.self) { clock in
            clock.addTask { await watchdog.run() }
            await runCases(units, lanes: lanes, watchdog: watchdog, sink: sink, reports: &reports)
            clock.cancelAll()
        }
        var results: [UnitResult] = []
        results.reserveCapacity(units.count)
        for (u, unit) in units.enumerated() {
            for i in reports[u].indices { reports[u][i].index = unit.cases[i].index }
            results.append(UnitResult(suite: unit.suite, target: unit.target.name, cases: reports[u], stopMessage: lanes[u].stopMessage))
            reports[u] = []
        }
        return results
    }

    /// Feeds the cases of every unit into a task group as room frees up, and files their reports.
    ///
    /// Each unit keeps at most `window` cases alive (waiting for a slot, sending or backing off), so
    /// memory stays flat however many cases there are, while cases backing off leave room for others.
    private func runCases(_ units: [RunUnit], lanes: [UnitLane], watchdog: DeadlineWatchdog, sink: EventSink, reports: inout [[CaseReport]]) async {
        let concurrency = max(1, options.concurrency)
        let global = Limiter(capacity: concurrency)
        let (doubled, overflow) = concurrency.multipliedReportingOverflow(by: 2)
        let window = overflow ? Int.max : doubled
        let options = options
        let spend = SpendMeter(limit: options.maxCost)
        var cursors = Array(repeating: 0, count: units.count)
        var live = Array(repeating: 0, count: units.count)
        await withTaskGroup(of: (unit: Int, index: Int, result: CaseExecution.Result).self) { group in
            while true {
                for u in units.indices where !Task.isCancelled {
                    let cases = units[u].cases
                    if let message = lanes[u].stopMessage {
                        while cursors[u] < cases.count {
                            let i = cursors[u]
                            cursors[u] += 1
                            let report = lanes[u].notSentReport(cases[i].resolved, message: message)
                            reports[u][i] = report
                            sink.finished(suite: lanes[u].suite, target: lanes[u].target.name, caseID: report.id, outcome: report.outcome)
                        }
                        continue
                    }
                    while live[u] < window, cursors[u] < cases.count {
                        let i = cursors[u]
                        cursors[u] += 1
                        live[u] += 1
                        let execution = CaseExecution(
                            resolved: cases[i].resolved, lane: lanes[u], global: global, watchdog: watchdog, options: options, sink: sink, spend: spend)
                        group.addTask { (u, i, await execution.run()) }
                    }
                }
                guard let done = await group.next() else { break }
                live[done.unit] -= 1
                if case .finished(let report) = done.result {
                    reports[done.unit][done.index] = report
                    sink.finished(suite: lanes[done.unit].suite, target: lanes[done.unit].target.name, caseID: report.id, outcome: report.outcome)
                }
            }
        }
    }

    /// One lane per unit; units of the same suite and target share its concurrency and rate limits.
    private func makeLanes(_ units: [RunUnit]) -> [UnitLane] {
        var shared: [String: (Limiter?, RequestSpacer?)] = [:]
        return units.map { unit in
            let key = "\(unit.suite)\u{0}\(unit.target.name)"
            let limits = shared[key] ?? (
                unit.target.maxConcurrency.map { Limiter(capacity: $0) },
                RequestSpacer(requestsPerMinute: unit.target.rateLimit))
            shared[key] = limits
            return UnitLane(unit: unit, limiter: limits.0, spacer: limits.1)
        }
    }
}
