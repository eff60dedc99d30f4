import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitRunner

/// Concurrency bounds, ordering, rate limits, interrupts and scale of the runner (SPEC §5.1, §5.3).
@Suite(.timeLimit(.minutes(1))) struct RunnerSchedulingTests {
    /// A provider whose requests are held until `ready` holds of the tracker's counters; a held
    /// request keeps its slot, so the runner must fill the others for the run to go on.
    private func gathering(_ tracker: RequestTracker, label: String = "t", until ready: @escaping @Sendable (RequestTracker.Snapshot) -> Bool) -> ScriptedProvider {
        ScriptedProvider(label: label, tracker: tracker) { request, _ in
            await tracker.wait(until: ready)
            return ModelResponse(text: request.prompt)
        }
    }

    @Test func concurrencyBoundIsHeldAndReached() async {
        let tracker = RequestTracker()
        // Each request waits for 8 in flight (or for the last requests to have started).
        let unit = runnerUnit(provider: gathering(tracker) { $0.inFlight >= 8 || $0.calls == 40 }, cases: runnerCases(40))
        let results = await Runner(options: .test(concurrency: 8)).run([unit])
        #expect(results[0].cases.map(\.outcome) == Array(repeating: .passed, count: 40))
        #expect(await tracker.maxInFlight == 8)
        #expect(await tracker.calls == 40)
    }

    @Test func casesRunOnTheExecutorTheirProviderNames() async {
        let queue = QueueExecutor()
        let onQueue = ConcurrentLog<Bool>()
        let delivered = ConcurrentLog<Bool>()
        let unit = runnerUnit(provider: ExecutorProvider(queue: queue, onQueue: onQueue), cases: runnerCases(20))
        _ = await Runner(options: .test(concurrency: 4)).run([unit]) { _, report in
            delivered.append(report.outcome == .passed && queue.isCurrent)
        }
        #expect(onQueue.all == Array(repeating: true, count: 20))
        #expect(delivered.all == Array(repeating: true, count: 20))
        #expect(queue.isCurrent == false)
    }

    @Test func targetMaxConcurrencyBoundsThatTargetOnly() async {
        let tracker = RequestTracker()
        // A slow request waits for a second slow one, a fast request for 8 in flight over both.
        let slowProvider = gathering(tracker, label: "slow") { $0.inFlight(label: "slow") >= 2 || $0.calls(label: "slow") == 6 }
        let fastProvider = gathering(tracker, label: "fast") { $0.inFlight >= 8 || $0.calls(label: "fast") == 12 }
        let slow = runnerUnit(target: "slow", provider: slowProvider, cases: runnerCases(6), maxConcurrency: 2)
        let fast = runnerUnit(target: "fast", provider: fastProvider, cases: runnerCases(12))
        let results = await Runner(options: .test(concurrency: 8)).run([slow, fast])
        #expect(results.map(\.target) == ["slow", "fast"])
        #expect(results.allSatisfy { $0.cases.allSatisfy { $0.outcome == .passed } })
        let byLabel = await tracker.maxInFlightByLabel
        #expect(byLabel["slow"] == 2)
        #expect(await tracker.maxInFlight == 8)
    }

    @Test func resultsKeepSuiteOrderWhenLaterCasesFinishFirst() async {
        let tracker = RequestTracker()
        let lateDone = ConcurrentLog<String>()
        let provider = ScriptedProvider(tracker: tracker) { request, _ in
            let index = Int(request.caseID.dropFirst())!
            if index < 5 {
                await lateDone.wait { $0.count == 5 }
            } else {
                lateDone.append(request.caseID)
            }
            return ModelResponse(text: "answer \(request.caseID)")
        }
        let results = await Runner(options: .test(concurrency: 10)).run([runnerUnit(provider: provider, cases: runnerCases(10))])
        #expect(lateDone.all.count == 5)
        #expect(results[0].cases.map(\.id) == (0..<10).map { "c\($0)" })
        #expect(results[0].cases.map(\.output) == (0..<10).map { "answer c\($0)" })
    }

    @Test func reportsCarryThePlannedSuiteIndex() async {
        let tracker = RequestTracker()
        var cases = runnerCases(3)
        for i in cases.indices { cases[i].index = [0, 2, 5][i] }
        let events = RunEventLog()
        let results = await Runner(options: .test()) { events.append($0) }.run([runnerUnit(provider: ScriptedProvider.echo(tracker), cases: cases)])
        let reports = results[0].cases
        #expect(reports.map(\.id) == ["c0", "c1", "c2"])
        #expect(reports.map(\.index) == [0, 2, 5])
        #expect(reports.map(\.outcome) == [.passed, .passed, .passed])
        #expect(events.all.first == .started(total: 3))
    }

    @Test func finishedEventsCountUpToTheTotal() async {
        let tracker = RequestTracker()
        let events = RunEventLog()
        let units = [
            runnerUnit(target: "a", provider: ScriptedProvider.echo(tracker), cases: runnerCases(5)),
            runnerUnit(target: "b", provider: ScriptedProvider.echo(tracker), cases: runnerCases(3)),
        ]
        _ = await Runner(options: .test()) { events.append($0) }.run(units)
        let finished = events.all.compactMap { event -> (Int, Int)? in
            if case .caseFinished(_, _, _, _, let completed, let total) = event { return (completed, total) }
            return nil
        }
        #expect(finished.map(\.0) == Array(1...8))
        #expect(finished.allSatisfy { $0.1 == 8 })
        let started = events.all.filter { if case .caseStarted = $0 { true } else { false } }
        #expect(started.count == 8)
    }

    @Test func aCaseWaitingToRetryHoldsNoSlot() async {
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { request, _ throws(ProviderError) in
            if await tracker.calls == 1 { throw ProviderError(.transient, "HTTP 503") }
            return ModelResponse(text: request.prompt)
        }
        let otherRanDuringBackoff = ConcurrentLog<Bool>()
        var options = RunnerOptions.test(concurrency: 1)
        // The backoff ends only once the other case was sent: were the slot held, the run would never end.
        options.sleep = { _ in
            await tracker.wait { $0.calls >= 2 }
            otherRanDuringBackoff.append(true)
        }
        let results = await Runner(options: options).run([runnerUnit(provider: provider, cases: runnerCases(2))])
        #expect(results[0].cases.map(\.outcome) == [.passed, .passed])
        #expect(results[0].cases.map(\.retries).reduce(0, +) == 1)
        #expect(otherRanDuringBackoff.all == [true])
        #expect(await tracker.maxInFlight == 1)
    }

    @Test(arguments: [(60.0, [1.0, 2, 3, 4]), (120.0, [0.5, 1, 1.5, 2]), (30.0, [2.0, 4, 6, 8])])
    func rateLimitSpacesRequestStarts(rate: Double, expected: [Double]) async {
        let tracker = RequestTracker()
        let sleeps = SleepLog()
        var options = RunnerOptions.test(sleeps: sleeps)
        options.now = { 100 }
        let unit = runnerUnit(provider: ScriptedProvider.echo(tracker), cases: runnerCases(5), rateLimit: rate)
        let results = await Runner(options: options).run([unit])
        #expect(results[0].cases.allSatisfy { $0.outcome == .passed })
        #expect(sleeps.seconds.sorted() == expected)
    }

    @Test func rateLimitWaitsOnlyForTheTimeLeft() async {
        let clock = VirtualClock()
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { request, _ in
            // Each request takes 0.75 virtual seconds; at 60 per minute the next may start 0.25 s after it ends.
            clock.advance(by: 0.75)
            return ModelResponse(text: request.prompt)
        }
        let sleeps = ConcurrentLog<Double>()
        var options = RunnerOptions.test()
        options.now = { clock.now }
        options.sleep = { duration in
            sleeps.append(duration.inSeconds)
            clock.advance(by: duration.inSeconds)
        }
        let unit = runnerUnit(provider: provider, cases: runnerCases(4), maxConcurrency: 1, rateLimit: 60)
        _ = await Runner(options: options).run([unit])
        #expect(sleeps.all.map { ($0 * 1000).rounded() } == [250, 250, 250])
    }

    @Test func cancellingTheRunSkipsUnfinishedCasesAndKeepsFinishedOnes() async {
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { request, _ throws(ProviderError) in
            switch request.caseID {
            case "c0", "c1": return ModelResponse(text: request.prompt)
            case "c2": throw ProviderError(.transient, "HTTP 503")
            default: return try await ScriptedProvider.hang(tracker)
            }
        }
        let events = RunEventLog()
        // The backoff of c2 lasts until the run is cancelled, and notes that it was cut short.
        let backoffsCut = ConcurrentLog<Bool>()
        var options = RunnerOptions.test(concurrency: 64)
        options.sleep = { _ in
            await waitForCancellation()
            backoffsCut.append(true)
            throw CancellationError()
        }
        let unit = runnerUnit(provider: provider, cases: runnerCases(50))
        let run = Task { await Runner(options: options) { events.append($0) }.run([unit]) }
        await events.wait { log in
            log.count { if case .caseFinished = $0 { true } else { false } } == 2
                && log.contains { if case .retrying = $0 { true } else { false } }
        }
        await tracker.wait { $0.inFlight == 47 }
        run.cancel()
        let results = await run.value
        let reports = results[0].cases
        #expect(backoffsCut.all == [true])
        #expect(reports.count == 50)
        #expect(reports[0].outcome == .passed && reports[1].outcome == .passed)
        #expect(reports.dropFirst(2).allSatisfy { $0.outcome == .skipped && $0.reason == .interrupted && $0.samples == 0 })
        #expect(await tracker.cancellations == 47)
        #expect(events.finishedIDs.sorted() == ["c0", "c1"])
    }

    @Test func cancellingWhileCasesWaitForASlotSkipsThem() async {
        let tracker = RequestTracker()
        let unit = runnerUnit(provider: ScriptedProvider.hanging(tracker), cases: runnerCases(30))
        let run = Task { await Runner(options: .test(concurrency: 1)).run([unit]) }
        await tracker.wait { $0.inFlight == 1 }
        run.cancel()
        let results = await run.value
        #expect(results[0].cases.allSatisfy { $0.outcome == .skipped && $0.reason == .interrupted })
        #expect(await tracker.calls == 1)
    }

    @Test func manyCasesAllRunWithinTheBound() async {
        let tracker = RequestTracker()
        let events = RunEventLog()
        let unit = runnerUnit(provider: ScriptedProvider.echo(tracker), cases: runnerCases(3000, matchers: [OutputEqualsMatcher(expected: "p0")]))
        let results = await Runner(options: .test(concurrency: 16)) { event in
            if case .caseFinished = event { events.append(event) }
        }.run([unit])
        let reports = results[0].cases
        #expect(reports.count == 3000)
        #expect(reports[0].outcome == .passed)
        #expect(reports.dropFirst().allSatisfy { $0.outcome == .failed })
        #expect(events.all.count == 3000)
        #expect(await tracker.maxInFlight <= 16)
    }

    @Test func targetsOfOneSuiteKeepInStepAndOtherSuitesDoNot() async {
        let tracker = RequestTracker()
        let delivered = ConcurrentLog<String>()
        let ahead = 1024
        // The slow target's first case waits until the fast target has started every case it
        // may (`ahead` of them while the slow one has delivered none), and until the target of
        // another suite, which does not keep in step with it, has started all its cases.
        let slow = ScriptedProvider(label: "slow", tracker: tracker) { request, _ in
            if request.caseID == "c0" { await tracker.wait { $0.calls(label: "fast") >= ahead && $0.calls(label: "other") == 3000 } }
            return ModelResponse(text: request.prompt)
        }
        // Every fast request records how far the slow target had got when it started.
        let leads = ConcurrentLog<Int>()
        let fast = ScriptedProvider(label: "fast", tracker: tracker) { request, _ in
            let slowDelivered = delivered.all.count { $0.hasPrefix("slow ") }
            leads.append(Int(request.caseID.dropFirst())! - slowDelivered)
            return ModelResponse(text: request.prompt)
        }
        let other = ScriptedProvider.echo(tracker, label: "other")
        let units = [
            runnerUnit(suite: "s", target: "slow", provider: slow, cases: runnerCases(3000)),
            runnerUnit(suite: "s", target: "fast", provider: fast, cases: runnerCases(3000)),
            runnerUnit(suite: "elsewhere", target: "other", provider: other, cases: runnerCases(3000)),
        ]
        let stops = await Runner(options: .test(concurrency: 4)).run(units) { unit, report in
            delivered.append("\(units[unit].target.name) \(report.id)")
        }
        #expect(stops == [nil, nil, nil])
        #expect(delivered.all.count == 9000)
        #expect(leads.all.count == 3000)
        #expect(leads.all.max() == ahead - 1, "the fast target started cases up to, not past, \(ahead) past the slow one's next")
    }
}
