import Foundation
import EvalKitMatchers
import EvalKitSupport
import EvalKitResults
import EvalKitSuite
import EvalKitProviders

/// One case run against one target: its samples, each one request with its own retries and timeout.
struct CaseExecution: Sendable {
    /// The JUnit error type of a case that was never sent because its target stopped.

    /// How a case run ended.
    enum Result: Sendable {
        case finished(CaseReport)
        /// The run was cancelled before the case finished.
        case interrupted
    }

    /// One sample's verdict and what its answer carried.
    struct Sample: Sendable {
        var outcome: Outcome
        var output: String?
        var message: String?
        var failureType: FailureType?
        /// Expected and got, or a diff of them, shown under the message.
        var details: String?
        var latencyMs: Double?
        var finishReason: String?
        var truncated = false
        var usage: TokenUsage?
        /// The model version that served the answer, when the server said.
        var modelVersion: String?
        var retries = 0
        /// False when the sample ended before any request was sent.
        var sent = true
        /// True when the answer came from the response cache, false when the cache missed; nil without a cache.
        var cacheHit: Bool?
        /// What the answer that came over the network cost, when the target has a price; nil for
        /// an answer from the cache and for an error.
        var cost: Cost?

        /// A sample that was not sent because the run's spend reached its limit: the case is skipped.
        static let overCostLimit = Sample(outcome: .skipped, sent: false)
        /// True when the answer came through a batch API (SPEC §13).
        var batch = false
    }

    /// How one attempt ended.
    private enum Attempt: Sendable {
        case response(ModelResponse, latencyMs: Double)
        case failure(ProviderError)
        case timedOut
    }

    let resolved: ResolvedCase
    let lane: UnitLane
    let global: Limiter
    let watchdog: DeadlineWatchdog
    let options: RunnerOptions
    let sink: EventSink
    let spend: SpendMeter

    private var timeout: Double {
        options.timeoutOverride ?? resolved.timeout ?? options.defaultTimeout
    }


    /// Runs every sample and folds them into the case's report.
    func run() async -> Result {
        let count = max(1, options.repeatOverride ?? resolved.repeatCount)
        let clock = ContinuousClock()
        var startedAt: ContinuousClock.Instant?
        var samples: [Sample] = []
        samples.reserveCapacity(min(count, NumberRange.repeatCount.upperWhole))
        for index in 0..<count {
            // Once a case has sent a request it finishes, whatever the run spends meanwhile.
            let requested = samples.contains { $0.sent && $0.cacheHit != true }
            guard let sample = await runSample(index, mayStopForCost: !requested, onFirstSend: {
                if startedAt == nil {
                    startedAt = clock.now
                    sink.emit(.caseStarted(suite: lane.suite, target: lane.target.name, caseID: resolved.id))
                }
            }) else { return .interrupted }
            if sample.outcome == .skipped { return .finished(lane.skippedReport(resolved, reason: .costLimit)) }
            samples.append(sample)
        }
        if !samples.contains(where: \.sent), let message = lane.stopMessage {
            return .finished(lane.notSentReport(resolved, message: message))
        }
        let duration = startedAt.map { (clock.now - $0).inSeconds } ?? 0
        return .finished(report(samples, durationSeconds: duration))
    }

    /// Runs one sample until it has a verdict; nil when the run was cancelled first.
    /// `Sample.overCostLimit` when `mayStopForCost` and the run's spend reached its limit before
    /// the sample's first request.
    private func runSample(_ index: Int, mayStopForCost: Bool, onFirstSend: () -> Void) async -> Sample? {
        let request = ModelRequest(resolved, target: lane.target, sample: index)
        let cache = options.cache.flatMap { $0.mode == .off ? nil : $0 }
        let cacheKey = cache.map { _ in ResponseCache.key(target: lane.cacheDescription, request: request, sample: index) }
        if let cache, let cacheKey, cache.reads {
            if let entry = cache.lookup(cacheKey) {
                onFirstSend()
                var sample = await evaluate(entry.response)
                if Task.isCancelled { return nil }
                sample.latencyMs = entry.latencyMs
                sample.cacheHit = true
                return sample
            }
            if cache.mode == .only {
                var sample = errorSample(ResponseCache.notInCache, type: "cache", retries: 0)
                sample.cacheHit = false
                return sample
            }
        }
        var retry = 0
        while true {
            if Task.isCancelled { return nil }
            if let message = lane.stopMessage { return notSent(message, retries: retry) }
            let stopsForCost = mayStopForCost && retry == 0 && !lane.target.batch
            if stopsForCost && spend.reachedLimit { return .overCostLimit }
            do {
                try await lane.limiter?.acquire()
            } catch {
                return nil
            }
            do {
                try await lane.spacer?.waitForTurn(options) { lane.stopMessage != nil }
                try await global.acquire()
            } catch {
                lane.limiter?.release()
                return nil
            }
            if let message = lane.stopMessage {
                global.release()
                lane.limiter?.release()
                return notSent(message, retries: retry)
            }
            // Checked again with the slot held: the answers that held it before are counted by now.
            if stopsForCost && spend.reachedLimit {
                global.release()
                lane.limiter?.release()
                return .overCostLimit
            }
            onFirstSend()
            let attempt = await self.attempt(request)
            var cost: Cost?
            if case .response(let response, _) = attempt, let price = lane.target.price {
                let answerCost = price.cost(of: response.usage, viaBatch: response.batch)
                spend.add(answerCost)
                cost = answerCost
            }
            if case .failure(let error) = attempt, error.kind == .fatal, lane.stop(error.message) {
                // Stopped before the slots go back, so no other case of the target is sent after this answer.
                sink.emit(.targetStopped(suite: lane.suite, target: lane.target.name, message: lane.redact(error.message)))
            }
            global.release()
            lane.limiter?.release()
            if Task.isCancelled { return nil }

            let failure: ProviderError
            let errorType: FailureType
            switch attempt {
            case .response(let response, let measured):
                // A batch answer waited in a queue with the others: it has no latency of its own.
                let latencyMs = response.batch ? nil : measured
                if let cache, let cacheKey, cache.writes {
                    cache.store(cacheKey, response: response, latencyMs: latencyMs)
                }
                var sample = await evaluate(response)
                sample.cacheHit = cache.map { _ in false }
                sample.cost = cost
                sample.batch = response.batch
                if Task.isCancelled { return nil }
                sample.latencyMs = latencyMs
                sample.retries = retry
                return sample
            case .timedOut:
                failure = ProviderError(.transient, "timed out after \(Self.format(timeout))s")
                errorType = .timeout
            case .failure(let error):
                failure = error
                errorType = .provider(error.kind)
            }
            guard failure.kind == .transient else {
                return errorSample(failure.message, type: errorType, retries: retry)
            }
            if let wait = failure.retryAfter, wait > options.maxRetryAfter {
                let message = "\(failure.message) (the server asked to wait \(Self.format(wait)) s, more than \(Self.format(options.maxRetryAfter)) s)"
                return errorSample(message, type: errorType, retries: retry)
            }
            if retry >= options.retries {
                let message = retry > 0 ? "\(failure.message) (gave up after \(retry) \(retry == 1 ? "retry" : "retries"))" : failure.message
                return errorSample(message, type: errorType, retries: retry)
            }
            let ceiling = min(options.backoffCap, options.backoffBase * pow(2, Double(retry)))
            let delay = max(0, failure.retryAfter ?? options.jitter(ceiling))
            retry += 1
            sink.emit(.retrying(suite: lane.suite, target: lane.target.name, caseID: resolved.id, attempt: retry, delay: delay, reason: lane.redact(failure.message)))
            if delay > 0 { try? await options.sleep(.clampedSeconds(delay)) }
        }
    }

    /// Sends one request, ended at the attempt's deadline: through the provider's transport,
    /// which the watchdog's alarm signals, or else in a task of its own, which the alarm cancels.
    /// An answer that arrives although the deadline passed is kept; a failure after it is a
    /// timeout.
    private func attempt(_ request: ModelRequest) async -> Attempt {
        let provider = lane.provider
        let outcome: Attempt
        let alarm: DeadlineWatchdog.Alarm?
        if provider.honoursDeadlineSignal {
            let deadline = DeadlineSignal()
            alarm = watchdog.arm(after: .clampedSeconds(timeout)) { deadline.fire() }
            outcome = await DeadlineSignal.$current.withValue(deadline) { await Self.send(request, to: provider) }
        } else {
            let sending = Task(executorPreference: provider.executor) { await Self.send(request, to: provider) }
            alarm = watchdog.arm(after: .clampedSeconds(timeout)) { sending.cancel() }
            outcome = await withTaskCancellationHandler {
                await sending.value
            } onCancel: {
                sending.cancel()
            }
        }
        guard let alarm, watchdog.disarm(alarm) else { return outcome }
        if case .response = outcome { return outcome }
        return .timedOut
    }

    private static func send(_ request: ModelRequest, to provider: any Provider) async -> Attempt {
        let clock = ContinuousClock()
        let start = clock.now
        do throws(ProviderError) {
            let response = try await provider.complete(request)
            return .response(response, latencyMs: (clock.now - start).inSeconds * 1000)
        } catch {
            return .failure(error)
        }
    }

    /// Judges an answer: a block fails it; otherwise the first matcher that does not pass decides.
    /// The answer is redacted first, so matchers, golden files and reports all see the same text
    /// and no message that quotes a cut of it can hold part of a secret.
    private func evaluate(_ response: ModelResponse) async -> Sample {
        let text = lane.redact(response.text)
        var sample = Sample(
            outcome: .passed, output: text, finishReason: lane.redact(response.finishReason),
            truncated: response.truncated, usage: response.usage, modelVersion: response.modelVersion)
        if let reason = response.blockReason {
            sample.outcome = .failed
            sample.output = text.isEmpty ? nil : text
            sample.message = "blocked by the model: \(reason)"
            sample.failureType = .blocked
            return sample
        }
        let context = MatchContext(prompt: resolved.prompt, caseID: resolved.id, directory: lane.directory, timeout: .clampedSeconds(timeout))
        for matcher in resolved.matchers {
            let result = await matcher.evaluate(text, in: context)
            switch result.status {
            case .passed:
                continue
            case .failed:
                sample.outcome = .failed
            case .error:
                sample.outcome = .error
            }
            sample.message = result.message
            sample.failureType = .matcher(result.matcher)
            sample.details = Self.details(of: result)
            return sample
        }
        return sample
    }

    private func errorSample(_ message: String, type: FailureType, retries: Int) -> Sample {
        Sample(outcome: .error, message: message, failureType: type, retries: retries)
    }

    private func notSent(_ message: String, retries: Int) -> Sample {
        Sample(outcome: .error, message: "not sent: \(message)", failureType: .notSent, retries: retries, sent: retries > 0)
    }

    /// What a failing matcher compared, for the report: the matcher's own details when it gave
    /// some, else a unified diff when either side has several lines; nil when both fit on one
    /// line (the message already shows them) or the matcher compared no text.
    static func details(of result: MatchResult) -> String? {
        if let details = result.details { return details }
        guard let expected = result.expected, var actual = result.actual else { return nil }
        if expected == expected.trimmingCharacters(in: .whitespacesAndNewlines) {
            actual = actual.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if expected.contains("\n") || actual.contains("\n") {
            return UnifiedDiff.render(old: expected, new: actual, oldLabel: "expected", newLabel: "output")
        }
        return nil
    }

    /// Folds the samples into the case's report by the case's `pass_if` (SPEC §5.4).
    private func report(_ samples: [Sample], durationSeconds: Double) -> CaseReport {
        let redact = lane.redact
        let passes = samples.count(where: { $0.outcome == .passed })
        let failures = samples.count(where: { $0.outcome == .failed })
        let errors = samples.count(where: { $0.outcome == .error })
        let rule = resolved.passIf
        let outcome = rule.outcome(passes: passes, failures: failures, errors: errors)
        var messages: [String] = []
        var failureType: FailureType?
        var details: String?
        if outcome != .passed, let deciding = samples.first(where: { $0.outcome == outcome }) {
            messages.append(redact(deciding.message ?? ""))
            failureType = deciding.failureType
            details = deciding.details.map { redact($0) }
            if samples.count > 1 {
                let needed = rule.required(of: samples.count)
                messages.append("\(passes) of \(samples.count) samples passed (pass_if \(rule.text) needs \(needed))")
            }
        }
        let usages = samples.compactMap(\.usage)
        let cacheUses = samples.compactMap(\.cacheHit)
        let first = samples[0]
        var report = CaseReport(
            id: resolved.id, prompt: redact(resolved.prompt), system: redact(resolved.system ?? lane.target.system), tags: resolved.tags,
            output: redact(first.output), outcome: outcome,
            matcherVerdict: resolved.hasExpect && (outcome == .passed || outcome == .failed) ? outcome : nil, messages: messages, failureType: failureType,
            errorKind: outcome == .error && failureType?.isConfigurationError == true ? .configuration : nil,
            details: details, golden: .off,
            latencyMs: first.latencyMs, durationSeconds: durationSeconds, retries: samples.reduce(0) { $0 + $1.retries },
            finishReason: first.finishReason, truncated: first.truncated,
            usage: usages.isEmpty ? nil : usages.dropFirst().reduce(usages[0], +),
            modelVersion: redact(samples.lazy.compactMap(\.modelVersion).first),
            samples: samples.count, passes: passes, flaky: passes > 0 && passes < passes + failures,
            sampleResults: samples.count > 1
                ? samples.map { SampleReport(output: redact($0.output), outcome: $0.outcome, message: redact($0.message), failureType: $0.failureType) }
                : [],
            cached: cacheUses.isEmpty ? nil : cacheUses.allSatisfy { $0 },
            cacheHits: cacheUses.count(where: { $0 }), cacheMisses: cacheUses.count(where: { !$0 }),
            batch: samples.contains(where: \.batch))
        report.cost = lane.target.price.map { _ in samples.compactMap(\.cost).reduce(Cost(), +) }
        return report
    }

    /// Seconds as a suite would write them: `60`, `0.2`, `1.25`.
    static func format(_ seconds: Double) -> String {
        var text = String(format: "%.3f", seconds)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
