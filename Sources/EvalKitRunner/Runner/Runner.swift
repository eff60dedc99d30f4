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
        var collected: [[CaseReport]] = units.map { unit in
            var cases: [CaseReport] = []
            cases.reserveCapacity(unit.cases.count)
            return cases
        }
        let stops = await run(units) { unit, report in collected[unit].append(report) }
        return units.indices.map { u in
            UnitResult(suite: units[u].suite, target: units[u].target.name, cases: collected[u], stopMessage: stops[u])
        }
    }

    /// Runs every planned case of `units`, handing each case's report to `deliver` with the
    /// index of its unit as soon as it and every case before it in its unit have finished, so
    /// each unit's reports arrive in suite order and none has to be kept (SPEC §11). No new case
    /// starts while `deliver` runs. Returns each unit's stop message.
    ///
    /// Cancelling the calling task stops new requests and cancels those in flight; cases that had
    /// not finished are delivered `skipped` with reason `interrupted`.
    public func run(_ units: [RunUnit], deliver: @escaping (Int, CaseReport) async -> Void) async -> [String?] {
        await withTaskExecutorPreference(units.lazy.compactMap(\.provider.executor).first) {
            await runPreferring(units, deliver: deliver)
        }
    }

    private func runPreferring(_ units: [RunUnit], deliver: @escaping (Int, CaseReport) async -> Void) async -> [String?] {
        let total = units.reduce(0) { sum, unit in sum + unit.cases.count }
        let sink = EventSink(total: total, handler: onEvent)
        sink.emit(.started(total: total))
        let lanes = makeLanes(units)
        var order = InOrder(units: units, deliver: deliver)
        let watchdog = DeadlineWatchdog()
        await withTaskGroup(of: Void.self) { clock in
            clock.addTask { await watchdog.run() }
            await runCases(units, lanes: lanes, watchdog: watchdog, sink: sink, order: &order)
            clock.cancelAll()
        }
        // Every case not finished (an interrupt) is delivered as not run.
        for u in units.indices {
            await order.finishUnit(u) { i in
                let planned = units[u].cases[i]
                var report = lanes[u].skippedReport(planned.resolved, reason: .interrupted)
                report.index = planned.index
                return report
            }
        }
        return lanes.map(\.stopMessage)
    }

    /// Puts finished reports (their `index` set) back in suite order per unit: a report waits
    /// while a case before it in its unit is still running.
    private struct InOrder {
        let units: [RunUnit]
        let deliver: (Int, CaseReport) async -> Void
        var next: [Int]
        var waiting: [[Int: CaseReport]]

        init(units: [RunUnit], deliver: @escaping (Int, CaseReport) async -> Void) {
            self.units = units
            self.deliver = deliver
            next = Array(repeating: 0, count: units.count)
            waiting = Array(repeating: [:], count: units.count)
        }

        /// How many finished reports of unit `u` wait for an earlier case.
        func waitingCount(_ u: Int) -> Int { waiting[u].count }

        /// The first case a unit in step with `others` may not start yet: `ahead` past the next
        /// case to deliver of the furthest behind of `others` that has cases left.
        func stepLimit(_ others: [Int], ahead: Int) -> Int {
            var behind = Int.max
            for v in others where next[v] < units[v].cases.count { behind = min(behind, next[v]) }
            return behind == .max ? .max : behind.addingReportingOverflow(ahead).overflow ? .max : behind + ahead
        }

        mutating func finished(unit u: Int, index i: Int, _ report: CaseReport) async {
            guard i == next[u] else {
                waiting[u][i] = report
                return
            }
            await hand(u, report)
            while let report = waiting[u].removeValue(forKey: next[u]) { await hand(u, report) }
        }

        /// Delivers the rest of unit `u`, a waiting report or `missing(i)` for each case.
        mutating func finishUnit(_ u: Int, missing: (Int) -> CaseReport) async {
            while next[u] < units[u].cases.count {
                await hand(u, waiting[u].removeValue(forKey: next[u]) ?? missing(next[u]))
            }
        }

        private mutating func hand(_ u: Int, _ report: CaseReport) async {
            next[u] += 1
            await deliver(u, report)
        }
    }

    /// Feeds the cases of every unit into a task group as room frees up, and files their reports.
    ///
    /// Each unit keeps at most `window` cases alive (waiting for a slot, sending or backing off),
    /// and at most `window` finished reports waiting for an earlier case, so memory stays flat
    /// however many cases there are, while cases backing off leave room for others. The units of
    /// one suite (its targets) keep in step: none starts a case more than `waitingLimit` cases
    /// past the case any other unfinished one delivers next, so whoever joins their reports case
    /// by case (a comparison) holds only that many, however much faster one target is.
    private func runCases(_ units: [RunUnit], lanes: [UnitLane], watchdog: DeadlineWatchdog, sink: EventSink, order: inout InOrder) async {
        let concurrency = max(1, options.concurrency)
        let global = Limiter(capacity: concurrency)
        let (doubled, overflow) = concurrency.multipliedReportingOverflow(by: 2)
        let window = overflow ? Int.max : doubled
        let waitingLimit = max(window, 1024)
        let options = options
        let spend = SpendMeter(limit: options.maxCost)
        var cursors = Array(repeating: 0, count: units.count)
        var live = Array(repeating: 0, count: units.count)
        let steps = units.indices.map { u in units.indices.filter { $0 != u && units[$0].suite == units[u].suite } }
        await withTaskGroup(of: (unit: Int, index: Int, planned: Int?, result: CaseExecution.Result).self) { group in
            while true {
                for u in units.indices where !Task.isCancelled {
                    let cases = units[u].cases
                    if let message = lanes[u].stopMessage {
                        while cursors[u] < cases.count {
                            let i = cursors[u]
                            cursors[u] += 1
                            let planned = cases[i]
                            var report = lanes[u].notSentReport(planned.resolved, message: message)
                            report.index = planned.index
                            sink.finished(suite: lanes[u].suite, target: lanes[u].target.name, caseID: report.id, outcome: report.outcome)
                            await order.finished(unit: u, index: i, report)
                        }
                        continue
                    }
                    let inStep = order.stepLimit(steps[u], ahead: waitingLimit)
                    while live[u] < window, order.waitingCount(u) < waitingLimit, cursors[u] < cases.count, cursors[u] < inStep {
                        let i = cursors[u]
                        cursors[u] += 1
                        live[u] += 1
                        let planned = cases[i]
                        let execution = CaseExecution(
                            resolved: planned.resolved, lane: lanes[u], global: global, watchdog: watchdog, options: options, sink: sink, spend: spend)
                        group.addTask { (u, i, planned.index, await execution.run()) }
                    }
                }
                guard let done = await group.next() else { break }
                live[done.unit] -= 1
                if case .finished(var report) = done.result {
                    report.index = done.planned
                    sink.finished(suite: lanes[done.unit].suite, target: lanes[done.unit].target.name, caseID: report.id, outcome: report.outcome)
                    await order.finished(unit: done.unit, index: done.index, report)
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
