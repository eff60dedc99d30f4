import Foundation
import Synchronization
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSupport
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitRunner

/// Counts requests in flight (overall and per provider label), attempts per case and cancellations.
actor RequestTracker {
    private(set) var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var calls = 0
    private(set) var cancellations = 0
    private(set) var requests: [ModelRequest] = []
    private var inFlightByLabel: [String: Int] = [:]
    private(set) var maxInFlightByLabel: [String: Int] = [:]
    private var callsByLabel: [String: Int] = [:]
    private var attemptsByCase: [String: Int] = [:]
    private var waiters: [(condition: @Sendable (Snapshot) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

    /// The counters a waiter's condition looks at.
    struct Snapshot: Sendable {
        var inFlight: Int
        var calls: Int
        var cancellations: Int
        var inFlightByLabel: [String: Int]
        var callsByLabel: [String: Int]

        func inFlight(label: String) -> Int { inFlightByLabel[label] ?? 0 }
        func calls(label: String) -> Int { callsByLabel[label] ?? 0 }
    }

    private var snapshot: Snapshot {
        Snapshot(inFlight: inFlight, calls: calls, cancellations: cancellations, inFlightByLabel: inFlightByLabel, callsByLabel: callsByLabel)
    }

    /// Returns once `condition` holds, checked now and after every change of the counters; never by time.
    func wait(until condition: @escaping @Sendable (Snapshot) -> Bool) async {
        if condition(snapshot) { return }
        await withCheckedContinuation { waiters.append((condition, $0)) }
    }

    private func wake() {
        let now = snapshot
        var waiting: [(condition: @Sendable (Snapshot) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        for waiter in waiters {
            if waiter.condition(now) { waiter.continuation.resume() } else { waiting.append(waiter) }
        }
        waiters = waiting
    }

    /// Records a request's start and returns its attempt number for that case and label, from 1.
    func begin(label: String, request: ModelRequest) -> Int {
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        inFlightByLabel[label, default: 0] += 1
        maxInFlightByLabel[label] = max(maxInFlightByLabel[label] ?? 0, inFlightByLabel[label]!)
        calls += 1
        callsByLabel[label, default: 0] += 1
        requests.append(request)
        let key = "\(label)/\(request.caseID)"
        attemptsByCase[key, default: 0] += 1
        wake()
        return attemptsByCase[key]!
    }

    func end(label: String) {
        inFlight -= 1
        inFlightByLabel[label, default: 0] -= 1
        wake()
    }

    func noteCancelled() {
        cancellations += 1
        wake()
    }

    func attempts(_ caseID: String, label: String = "t") -> Int {
        attemptsByCase["\(label)/\(caseID)"] ?? 0
    }

    func calls(label: String) -> Int {
        callsByLabel[label] ?? 0
    }
}

/// A provider whose answers come from a closure given the request and its attempt number.
struct ScriptedProvider: Provider {
    typealias Behaviour = @Sendable (_ request: ModelRequest, _ attempt: Int) async throws(ProviderError) -> ModelResponse

    var label = "t"
    let tracker: RequestTracker
    let behaviour: Behaviour

    init(label: String = "t", tracker: RequestTracker, behaviour: @escaping Behaviour) {
        self.label = label
        self.tracker = tracker
        self.behaviour = behaviour
    }

    func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        let attempt = await tracker.begin(label: label, request: request)
        do throws(ProviderError) {
            let response = try await behaviour(request, attempt)
            await tracker.end(label: label)
            return response
        } catch {
            await tracker.end(label: label)
            throw error
        }
    }

    /// Answers the prompt back.
    static func echo(_ tracker: RequestTracker, label: String = "t") -> ScriptedProvider {
        ScriptedProvider(label: label, tracker: tracker) { request, _ in ModelResponse(text: request.prompt) }
    }

    /// Never answers until cancelled, then reports the cancellation.
    static func hanging(_ tracker: RequestTracker, label: String = "t") -> ScriptedProvider {
        ScriptedProvider(label: label, tracker: tracker) { _, _ throws(ProviderError) in
            try await hang(tracker)
        }
    }

    static func hang(_ tracker: RequestTracker) async throws(ProviderError) -> ModelResponse {
        await waitForCancellation()
        await tracker.noteCancelled()
        throw ProviderError(.transient, "cancelled")
    }
}

/// Compares the output with a string.
struct OutputEqualsMatcher: Matcher {
    let expected: String
    var name: String { "equals" }
    var description: String { "equals \"\(expected)\"" }

    func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        output == expected
            ? MatchResult(.passed, matcher: name, message: "")
            : MatchResult(.failed, matcher: name, message: "expected \"\(expected)\", got \"\(output)\"")
    }
}

/// Always gives the same verdict, noting in a log that it ran.
struct VerdictMatcher: Matcher {
    let name: String
    let status: MatchResult.Status
    var message = ""
    var log: MatcherCallLog?

    var description: String { name }

    func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        log?.append(name)
        return MatchResult(status, matcher: name, message: message)
    }
}

/// A thread-safe list of values recorded by test doubles, which a test can wait on.
final class ConcurrentLog<Value: Sendable>: Sendable {
    private struct State {
        var values: [Value] = []
        var waiters: [(condition: @Sendable ([Value]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func append(_ value: Value) {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.values.append(value)
            let values = state.values
            let ready = state.waiters.filter { $0.condition(values) }.map(\.continuation)
            state.waiters.removeAll { $0.condition(values) }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    var all: [Value] {
        state.withLock { $0.values }
    }

    /// Returns once `condition` holds of the values, checked now and after every append; never by time.
    func wait(until condition: @escaping @Sendable ([Value]) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let holds = state.withLock { state in
                if condition(state.values) { return true }
                state.waiters.append((condition, continuation))
                return false
            }
            if holds { continuation.resume() }
        }
    }
}

typealias MatcherCallLog = ConcurrentLog<String>
typealias RunEventLog = ConcurrentLog<RunEvent>

extension ConcurrentLog where Value == RunEvent {
    var finishedIDs: [String] {
        all.compactMap { event in
            if case .caseFinished(_, _, let id, _, _, _) = event { return id }
            return nil
        }
    }

    var stops: [(target: String, message: String)] {
        all.compactMap { event in
            if case .targetStopped(_, let target, let message) = event { return (target, message) }
            return nil
        }
    }

    var retries: [(caseID: String, attempt: Int, delay: Double, reason: String)] {
        all.compactMap { event in
            if case .retrying(_, _, let id, let attempt, let delay, let reason) = event { return (id, attempt, delay, reason) }
            return nil
        }
    }
}

/// Records the seconds the runner asks to sleep and returns at once.
final class SleepLog: Sendable {
    private let recorder = ConcurrentLog<Double>()

    var seconds: [Double] { recorder.all }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [recorder] duration in recorder.append(duration.inSeconds) }
    }
}

/// Returns once `condition` holds, re-checking it every millisecond, however long that takes.
///
/// For state that has no way to signal a change (a limiter's queue); the pause only spares the CPU
/// and decides nothing, and the test's time limit ends a wait for something that never happens.
func poll(until condition: @Sendable () async -> Bool) async {
    while await !condition() {
        try? await Task.sleep(for: .milliseconds(1))
    }
}

/// Suspends until the current task is cancelled; never returns by time.
func waitForCancellation() async {
    let signal = Mutex<CheckedContinuation<Void, Never>?>(nil)
    await withTaskCancellationHandler {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if Task.isCancelled {
                continuation.resume()
                return
            }
            signal.withLock { $0 = continuation }
        }
    } onCancel: {
        signal.withLock { continuation in
            continuation?.resume()
            continuation = nil
        }
    }
}

/// Cases `c0`, `c1`, … with prompts `p0`, `p1`, ….
func runnerCases(_ count: Int, matchers: [any Matcher] = [], repeatCount: Int = 1, passIf: PassRule = .all, timeout: Double? = nil) -> [PlannedCase] {
    (0..<count).map { index in
        PlannedCase(resolved: ResolvedCase(
            id: "c\(index)", prompt: "p\(index)", matchers: matchers, repeatCount: repeatCount, passIf: passIf, timeout: timeout))
    }
}

func runnerUnit(suite: String = "s", target: String = "t", provider: any Provider, cases: [PlannedCase], system: String? = nil, maxConcurrency: Int? = nil, rateLimit: Double? = nil, secrets: [String] = []) -> RunUnit {
    RunUnit(
        suite: suite,
        target: Suite.ResolvedTarget(name: target, config: .reference(model: "next-number"), system: system, maxConcurrency: maxConcurrency, rateLimit: rateLimit, secrets: secrets),
        provider: provider, cases: cases)
}

extension RunnerOptions {
    /// Options for tests: no jitter, sleeps recorded instead of waited.
    static func test(concurrency: Int = 8, retries: Int = 4, sleeps: SleepLog = SleepLog(), jitter: @escaping @Sendable (Double) -> Double = { $0 }) -> RunnerOptions {
        RunnerOptions(concurrency: concurrency, retries: retries, sleep: sleeps.sleep, jitter: jitter)
    }
}

/// A clock the test moves by hand, read through `RunnerOptions.now`.
final class VirtualClock: Sendable {
    private let seconds = Mutex(0.0)

    var now: Double { seconds.withLock { $0 } }

    func advance(by delta: Double) {
        seconds.withLock { $0 += delta }
    }
}

/// An executor running jobs one at a time on a queue of its own, which can tell whether the caller runs on it.
final class QueueExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "evals test executor")
    private let key = DispatchSpecificKey<Bool>()

    init() {
        queue.setSpecific(key: key, value: true)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    var isCurrent: Bool { DispatchQueue.getSpecific(key: key) == true }
}

/// A provider whose answers arrive on `executor`, as a socket transport's do; it notes whether each request was made there.
struct ExecutorProvider: Provider {
    let queue: QueueExecutor
    let onQueue: ConcurrentLog<Bool>

    var executor: (any TaskExecutor)? { queue }

    func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        onQueue.append(queue.isCurrent)
        return ModelResponse(text: request.prompt)
    }
}

/// A provider that, like the socket transport's, never answers but ends its request when the
/// attempt's `DeadlineSignal` fires; it notes whether its task was cancelled by then.
struct SignalledProvider: Provider {
    let tracker: RequestTracker
    let cancelled: ConcurrentLog<Bool>

    var honoursDeadlineSignal: Bool { true }

    func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        _ = await tracker.begin(label: "t", request: request)
        guard let deadline = DeadlineSignal.current else {
            await tracker.end(label: "t")
            throw ProviderError(.permanent, "no deadline signal")
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if !deadline.onFire({ continuation.resume() }) { continuation.resume() }
        }
        cancelled.append(Task.isCancelled)
        await tracker.end(label: "t")
        throw ProviderError(.transient, "request cancelled")
    }
}
