import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitRunner

/// Retries, backoff, server-requested waits, timeouts and fatal errors (SPEC §6).
@Suite struct RunnerRetryTests {
    /// Runs one case `c0` against a provider that fails with `errors[attempt - 1]`, then answers `p0`.
    private func runOne(
        failing errors: [ProviderError], retries: Int = 4, sleeps: SleepLog = SleepLog(),
        jitter: @escaping @Sendable (Double) -> Double = { $0 }, configure: (inout RunnerOptions) -> Void = { _ in }
    ) async -> (report: CaseReport, tracker: RequestTracker, events: RunEventLog) {
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { request, attempt throws(ProviderError) in
            if attempt <= errors.count { throw errors[attempt - 1] }
            return ModelResponse(text: request.prompt)
        }
        var options = RunnerOptions.test(retries: retries, sleeps: sleeps, jitter: jitter)
        configure(&options)
        let events = RunEventLog()
        let results = await Runner(options: options) { events.append($0) }.run([runnerUnit(provider: provider, cases: runnerCases(1))])
        return (results[0].cases[0], tracker, events)
    }

    @Test func transientFailuresAreRetriedThenPass() async {
        let sleeps = SleepLog()
        let (report, tracker, events) = await runOne(failing: [ProviderError(.transient, "HTTP 503"), ProviderError(.transient, "connection reset")], sleeps: sleeps)
        #expect(report.outcome == .passed)
        #expect(report.retries == 2)
        #expect(report.output == "p0")
        #expect(report.latencyMs != nil)
        #expect(await tracker.attempts("c0") == 3)
        #expect(sleeps.seconds == [0.5, 1])
        #expect(events.retries.map(\.attempt) == [1, 2])
        #expect(events.retries.map(\.reason) == ["HTTP 503", "connection reset"])
        #expect(events.retries.map(\.delay) == [0.5, 1])
    }

    @Test func backoffIsCappedAndJittered() async {
        let sleeps = SleepLog()
        let errors = Array(repeating: ProviderError(.transient, "HTTP 500"), count: 4)
        let (report, _, _) = await runOne(failing: errors, sleeps: sleeps, jitter: { $0 / 2 }) { options in
            options.backoffBase = 1
            options.backoffCap = 3
        }
        #expect(report.outcome == .passed)
        #expect(sleeps.seconds == [0.5, 1, 1.5, 1.5])
    }

    @Test func defaultJitterStaysWithinTheCeiling() {
        let jitter = RunnerOptions().jitter
        for ceiling in [0.0, 0.5, 30] {
            let value = jitter(ceiling)
            #expect(value >= 0 && value <= ceiling)
        }
    }

    @Test(arguments: [7.0, 60.0])
    func retryAfterIsWaitedExactly(seconds: Double) async {
        let sleeps = SleepLog()
        let (report, _, _) = await runOne(failing: [ProviderError(.transient, "HTTP 429", retryAfter: seconds, httpStatus: 429)], sleeps: sleeps, jitter: { _ in 0.25 })
        #expect(report.outcome == .passed)
        #expect(report.retries == 1)
        #expect(sleeps.seconds == [seconds])
    }

    @Test func retryAfterLongerThanTheLimitEndsTheCaseAtOnce() async {
        let sleeps = SleepLog()
        let (report, tracker, events) = await runOne(failing: [ProviderError(.transient, "HTTP 429", retryAfter: 120)], sleeps: sleeps)
        #expect(report.outcome == .error)
        #expect(report.messages == ["HTTP 429 (the server asked to wait 120 s, more than 60 s)"])
        #expect(report.failureType == "transient")
        #expect(report.retries == 0)
        #expect(await tracker.attempts("c0") == 1)
        #expect(sleeps.seconds.isEmpty)
        #expect(events.retries.isEmpty)
    }

    @Test func permanentErrorsAreNotRetried() async {
        let sleeps = SleepLog()
        let (report, tracker, _) = await runOne(failing: [ProviderError(.permanent, "HTTP 400: bad request", httpStatus: 400)], sleeps: sleeps)
        #expect(report.outcome == .error)
        #expect(report.messages == ["HTTP 400: bad request"])
        #expect(report.failureType == "permanent")
        #expect(report.output == nil)
        #expect(report.latencyMs == nil)
        #expect(await tracker.attempts("c0") == 1)
        #expect(sleeps.seconds.isEmpty)
    }

    @Test(arguments: [0, 1, 3])
    func exhaustedRetriesEndInError(retries: Int) async {
        let sleeps = SleepLog()
        let errors = Array(repeating: ProviderError(.transient, "HTTP 503"), count: 10)
        let (report, tracker, _) = await runOne(failing: errors, retries: retries, sleeps: sleeps)
        #expect(report.outcome == .error)
        #expect(report.retries == retries)
        #expect(await tracker.attempts("c0") == retries + 1)
        let expected = [0: "HTTP 503", 1: "HTTP 503 (gave up after 1 retry)", 3: "HTTP 503 (gave up after 3 retries)"]
        #expect(report.messages == [expected[retries]!])
        #expect(sleeps.seconds == Array([0.5, 1, 2].prefix(retries)))
    }

    @Test func aHangingAttemptTimesOutAndIsRetried() async {
        let tracker = RequestTracker()
        var options = RunnerOptions.test(retries: 1)
        options.timeoutOverride = 0.2
        var cases = runnerCases(1, timeout: 100)
        cases[0].resolved.matchers = [OutputEqualsMatcher(expected: "x")]
        let results = await Runner(options: options).run([runnerUnit(provider: ScriptedProvider.hanging(tracker), cases: cases)])
        let report = results[0].cases[0]
        #expect(report.outcome == .error)
        #expect(report.messages == ["timed out after 0.2s (gave up after 1 retry)"])
        #expect(report.failureType == "timeout")
        #expect(report.retries == 1)
        #expect(report.durationSeconds >= 0.4)
        #expect(await tracker.attempts("c0") == 2)
        #expect(await tracker.cancellations == 2)
    }

    @Test func aProviderHonouringTheDeadlineSignalIsTimedOutByItNotByCancellation() async {
        let tracker = RequestTracker()
        let cancelled = ConcurrentLog<Bool>()
        var options = RunnerOptions.test(retries: 1)
        options.timeoutOverride = 0.2
        let provider = SignalledProvider(tracker: tracker, cancelled: cancelled)
        let results = await Runner(options: options).run([runnerUnit(provider: provider, cases: runnerCases(1, timeout: 100))])
        let report = results[0].cases[0]
        #expect(report.outcome == .error)
        #expect(report.messages == ["timed out after 0.2s (gave up after 1 retry)"])
        #expect(report.failureType == "timeout")
        #expect(await tracker.attempts("c0") == 2)
        // Both attempts ended by the signal; the case's task, which retried, was never cancelled.
        #expect(cancelled.all == [false, false])
    }

    @Test func theCaseTimeoutAppliesWithoutAnOverride() async {
        let tracker = RequestTracker()
        let results = await Runner(options: .test(retries: 0)).run([runnerUnit(provider: ScriptedProvider.hanging(tracker), cases: runnerCases(1, timeout: 0.25))])
        #expect(results[0].cases[0].outcome == .error)
        #expect(results[0].cases[0].messages == ["timed out after 0.25s"])
    }

    @Test func aFatalErrorStopsTheTargetOnceAndSparesTheOthers() async {
        let tracker = RequestTracker()
        let bad = ScriptedProvider(label: "bad", tracker: tracker) { _, _ throws(ProviderError) in
            try? await Task.sleep(for: .milliseconds(20))
            throw ProviderError(.fatal, "HTTP 401: invalid API key", httpStatus: 401)
        }
        let events = RunEventLog()
        let units = [
            runnerUnit(target: "bad", provider: bad, cases: runnerCases(30)),
            runnerUnit(target: "good", provider: ScriptedProvider.echo(tracker, label: "good"), cases: runnerCases(5)),
        ]
        let results = await Runner(options: .test(concurrency: 4)) { events.append($0) }.run(units)
        let badCases = results[0].cases
        let sent = await tracker.calls(label: "bad")
        #expect(sent >= 1 && sent <= 4)
        #expect(badCases.allSatisfy { $0.outcome == .error })
        #expect(badCases.count(where: { $0.messages == ["HTTP 401: invalid API key"] && $0.failureType == "fatal" }) == sent)
        let notSent = badCases.filter { $0.messages == ["not sent: HTTP 401: invalid API key"] }
        #expect(notSent.count == 30 - sent)
        #expect(notSent.allSatisfy { $0.failureType == "not_sent" && $0.samples == 0 })
        #expect(badCases.allSatisfy { $0.errorKind == .configuration })
        #expect(results[1].cases.allSatisfy { $0.errorKind == nil })
        #expect(results[0].stopMessage == "HTTP 401: invalid API key")
        #expect(events.stops.map(\.target) == ["bad"])
        #expect(events.stops.map(\.message) == ["HTTP 401: invalid API key"])
        #expect(results[1].cases.allSatisfy { $0.outcome == .passed })
        #expect(results[1].stopMessage == nil)
        #expect(events.finishedIDs.count == 35)
    }

    @Test(.timeLimit(.minutes(1)))
    func aStoppedRateLimitedTargetDrainsWithoutWaitingOutItsRate() async {
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { _, _ throws(ProviderError) in
            throw ProviderError(.fatal, "HTTP 404: model not found")
        }
        let unit = runnerUnit(provider: provider, cases: runnerCases(10), rateLimit: 60)
        // Waits for a turn are counted, and a wait ends once the target has stopped (however long
        // a loaded machine takes to get there): the request at the head of the line waits one
        // interval, and the rest are dropped when the target stops, not waited out.
        let waits = ConcurrentLog<Duration>()
        let stopped = ConcurrentLog<String>()
        let options = RunnerOptions(sleep: { duration in
            waits.append(duration)
            await stopped.wait { !$0.isEmpty }
        })
        let results = await Runner(options: options, onEvent: { event in
            if case .targetStopped(_, let target, _) = event { stopped.append(target) }
        }).run([unit])
        #expect(waits.all.count <= 2, "\(waits.all)")
        #expect(await tracker.calls <= 2)
        #expect(results[0].cases.count(where: { $0.failureType == "not_sent" }) >= 8)
    }

    @Test func aFatalErrorStopsTheRemainingSamplesOfItsCase() async {
        let tracker = RequestTracker()
        let provider = ScriptedProvider(tracker: tracker) { request, attempt throws(ProviderError) in
            if attempt == 2 { throw ProviderError(.fatal, "HTTP 404: model not found") }
            return ModelResponse(text: request.prompt)
        }
        let results = await Runner(options: .test()).run([runnerUnit(provider: provider, cases: runnerCases(1, repeatCount: 3))])
        let report = results[0].cases[0]
        #expect(report.outcome == .error)
        #expect(report.samples == 3 && report.passes == 1)
        #expect(report.sampleResults.map(\.outcome) == [.passed, .error, .error])
        #expect(report.sampleResults.map(\.message) == [nil, "HTTP 404: model not found", "not sent: HTTP 404: model not found"])
        #expect(report.messages == ["HTTP 404: model not found", "1 of 3 samples passed (pass_if all needs 3)"])
        #expect(await tracker.calls == 2)
    }
}
