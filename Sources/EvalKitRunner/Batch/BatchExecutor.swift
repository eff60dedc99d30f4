import Foundation
import EvalKitSupport
import EvalKitResults
import EvalKitSuite
import EvalKitProviders

/// How a run uses the batch APIs (SPEC §13).
public struct BatchOptions: Sendable {
    /// Between polls of a job.
    public var pollInterval: Duration
    /// Where job state is saved: `DIRECTORY/SUITE/TARGET.json`.
    public var directory: URL
    /// Overrides the provider's limits per job (OpenAI: 50,000 requests, 200 MB), for tests.
    public var limits: BatchLimits?
    /// Overrides the size under which Gemini requests go inline (20 MB), for tests.
    public var inlineLimit: Int?
    /// Waits between polls and before retries; cancelling the task ends the wait.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Says something the user should know that is not an error (a changed request set).
    public var warn: @Sendable (String) -> Void

    public init(pollInterval: Duration = .seconds(30), directory: URL, limits: BatchLimits? = nil, inlineLimit: Int? = nil, sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.pollInterval = pollInterval
        self.directory = directory
        self.limits = limits
        self.inlineLimit = inlineLimit
        self.sleep = sleep
        self.warn = warn
    }
}

/// What sending one unit through a batch API gave.
public struct BatchOutcome: Sendable {
    /// The unit with a provider that answers from the batch's results; unchanged when nothing was batched.
    public var unit: RunUnit
    /// The ids of the jobs that answered (or were to answer) the unit.
    public var jobs: [String]
    /// Interrupted while submitting or polling: the jobs stay saved for the next run to resume.
    public var interrupted: Bool
}

/// Sends a unit's requests through its provider's batch API (SPEC §13): builds the request set
/// (`CASE_ID#SAMPLE` keys, one per sample, cache hits left out), resumes the saved job of the
/// same request set or submits new ones (split at the provider's limits), saves the job ids
/// before polling, polls until every job ends, and hands the runner a provider that answers
/// from the results, so matchers, golden files and reports work as in any run.
public enum BatchExecutor {
    /// The providers that have a batch API.
    public static let providers = ProviderConfig.withBatchAPI

    static let missingMessage = "missing from batch output"

    static func client(for provider: any Provider, options: BatchOptions? = nil) -> (any BatchClient)? {
        if let gemini = provider as? GeminiProvider {
            return GeminiBatchClient(gemini, inlineLimit: options?.inlineLimit ?? GeminiBatchClient.defaultInlineLimit)
        }
        if let openAI = provider as? OpenAIProvider {
            return OpenAIBatchClient(openAI, limits: options?.limits ?? OpenAIBatchClient.defaultLimits)
        }
        return nil
    }

    /// Runs the unit's requests through the batch API; `onEvent` hears of every poll.
    public static func run(_ unit: RunUnit, options: BatchOptions, runner: RunnerOptions, onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }) async -> BatchOutcome {
        guard let client = client(for: unit.provider, options: options) else { return BatchOutcome(unit: unit, jobs: [], interrupted: false) }
        let items = requestSet(unit, client: client, runner: runner)
        guard !items.isEmpty else { return BatchOutcome(unit: unit, jobs: [], interrupted: false) }
        let url = BatchState.url(directory: options.directory, suite: unit.suite, target: unit.target.name)
        var hasher = SHA256()
        hasher.update(client.endpointDescription)
        for item in items {
            hasher.update("\u{0}\(item.key)\u{0}")
            hasher.update(item.body)
        }
        let digest = hasher.hexDigest()
        var state = BatchState(
            suite: unit.suite, target: unit.target.name, provider: unit.target.config.name, model: unit.target.shownModel,
            requestsSHA256: digest, requests: items.count, submittedAt: ISO8601DateFormatter().string(from: Date()), jobs: [])
        let redact = Redactor(unit.target.secrets)
        if let saved = BatchState.load(from: url) {
            if saved.requestsSHA256 == digest {
                state = saved
            } else {
                options.warn("\(unit.suite)[\(unit.target.name)]: the request set changed since batch job \(saved.jobIDs.joined(separator: ", ")) was submitted; submitting a new job (the old one is left to finish unused; cancel it in the provider's console if it is still running)")
            }
        }

        var answers: [String: BatchAnswer] = [:]
        let chunks = split(items, client: client, limits: options.limits ?? client.limits)
        let display = "evals \(unit.suite) \(unit.target.name)"
        for (number, chunk) in chunks.enumerated() where !state.jobs.contains(where: { $0.first == chunk.startIndex }) {
            do {
                let id = try await retrying(runner: runner) { () async throws(ProviderError) -> String in
                    try await client.submit(chunk, displayName: chunks.count > 1 ? "\(display) \(number + 1)/\(chunks.count)" : display)
                }
                state.jobs.append(BatchState.Job(id: id, first: chunk.startIndex, count: chunk.count))
                do {
                    try state.save(to: url)
                } catch {
                    options.warn("cannot save the batch job state to \(url.path) (\(error)); an interrupted run will not resume job \(redact(id))")
                }
            } catch {
                if Task.isCancelled { return BatchOutcome(unit: unit, jobs: state.jobIDs, interrupted: true) }
                for item in chunk { answers[item.key] = .error(error) }
            }
        }

        var open = state.jobs
        var failures: [String: Int] = [:]
        while !open.isEmpty {
            var stillOpen: [BatchState.Job] = []
            for job in open {
                let chunk = items[job.first..<min(items.count, job.first + job.count)]
                let poll: BatchPoll
                do {
                    poll = try await client.poll(job.id)
                } catch {
                    if Task.isCancelled { return BatchOutcome(unit: unit, jobs: state.jobIDs, interrupted: true) }
                    failures[job.id, default: 0] += 1
                    if error.kind == .transient && failures[job.id, default: 0] <= runner.retries {
                        stillOpen.append(job)
                    } else {
                        for item in chunk { answers[item.key] = .error(ProviderError(error.kind, "batch job \(redact(job.id)): \(error.message)")) }
                    }
                    continue
                }
                failures[job.id] = 0
                onEvent(.batchPolled(suite: unit.suite, target: unit.target.name, job: redact(job.id), state: poll.state, completed: poll.completed, total: poll.total))
                guard poll.phase.isTerminal else {
                    stillOpen.append(job)
                    continue
                }
                await collect(poll, chunk: chunk, client: client, redact: redact, into: &answers)
                if Task.isCancelled { return BatchOutcome(unit: unit, jobs: state.jobIDs, interrupted: true) }
            }
            open = stillOpen
            if !open.isEmpty {
                do {
                    try await options.sleep(options.pollInterval)
                } catch {
                    return BatchOutcome(unit: unit, jobs: state.jobIDs, interrupted: true)
                }
                if Task.isCancelled { return BatchOutcome(unit: unit, jobs: state.jobIDs, interrupted: true) }
            }
        }
        try? FileManager.default.removeItem(at: url)
        var answered = unit
        answered.provider = BatchAnswers(answers: answers, fallback: unit.provider)
        // The answers are here already: the target's request limits have nothing left to pace.
        answered.target.rateLimit = nil
        answered.target.maxConcurrency = nil
        // Paid for when the job ran: reading the answers never stops for a cost limit.
        answered.target.batch = true
        return BatchOutcome(unit: answered, jobs: state.jobIDs, interrupted: false)
    }

    /// Files a finished job's answers; its requests without one get the job's reason, or
    /// `missing from batch output` when the job succeeded.
    private static func collect(_ poll: BatchPoll, chunk: ArraySlice<BatchItem>, client: any BatchClient, redact: Redactor, into answers: inout [String: BatchAnswer]) async {
        var results: [String: BatchAnswer] = [:]
        var readError: ProviderError?
        do {
            results = try await client.results(of: poll, items: chunk)
        } catch {
            readError = error
        }
        let job = redact(poll.job)
        let word: String
        switch poll.phase {
        case .succeeded: word = ""
        case .expired: word = "expired"
        case .cancelled: word = "was cancelled"
        case .failed, .running: word = "failed"
        }
        let reason = poll.reason.map { ": \($0)" } ?? ""
        for item in chunk {
            if let answer = results[item.key] {
                answers[item.key] = answer
            } else if let readError, poll.phase == .succeeded {
                answers[item.key] = .error(ProviderError(readError.kind == .fatal ? .fatal : .permanent, "batch job \(job): cannot read its results: \(readError.message)"))
            } else if poll.phase == .succeeded {
                answers[item.key] = .error(ProviderError(.permanent, missingMessage))
            } else {
                answers[item.key] = .error(ProviderError(.permanent, "batch job \(job) \(word) (\(poll.state))\(reason)"))
            }
        }
    }

    /// The requests of the unit, one per sample, in suite order; samples the cache answers are left out.
    static func requestSet(_ unit: RunUnit, client: any BatchClient, runner: RunnerOptions) -> [BatchItem] {
        let cache = runner.cache.flatMap { $0.mode == .off ? nil : $0 }
        if cache?.mode == .only { return [] }
        let description = TargetFingerprint.requestDescription(unit.target)
        var items: [BatchItem] = []
        items.reserveCapacity(unit.cases.count)
        for planned in unit.cases {
            let resolved = planned.resolved
            for sample in 0..<max(1, runner.repeatOverride ?? resolved.repeatCount) {
                let request = ModelRequest(resolved, target: unit.target, sample: sample)
                if let cache, cache.reads, cache.lookup(ResponseCache.key(target: description, request: request, sample: sample)) != nil { continue }
                items.append(BatchItem(key: "\(resolved.id)#\(sample)", body: client.body(for: request)))
            }
        }
        return items
    }

    /// Consecutive runs of items, each within the limits (a single item over them goes alone).
    static func split(_ items: [BatchItem], client: any BatchClient, limits: BatchLimits) -> [ArraySlice<BatchItem>] {
        var chunks: [ArraySlice<BatchItem>] = []
        var start = 0
        var bytes = 0
        for (index, item) in items.enumerated() {
            let size = client.size(of: item)
            if index > start && (index - start >= limits.maxRequests || bytes + size > limits.maxBytes) {
                chunks.append(items[start..<index])
                start = index
                bytes = 0
            }
            bytes += size
        }
        if start < items.count { chunks.append(items[start...]) }
        return chunks
    }

    /// Runs `body`, retrying a transient failure as the runner would (SPEC §6).
    private static func retrying<T>(runner: RunnerOptions, _ body: () async throws(ProviderError) -> T) async throws(ProviderError) -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch {
                guard error.kind == .transient, attempt < runner.retries, !Task.isCancelled else { throw error }
                let ceiling = min(runner.backoffCap, runner.backoffBase * pow(2, Double(attempt)))
                attempt += 1
                do {
                    try await runner.sleep(.clampedSeconds(error.retryAfter ?? runner.jitter(ceiling)))
                } catch {
                    throw ProviderError(.transient, "cancelled")
                }
            }
        }
    }
}

/// Answers the runner's requests from a batch's results by `CASE_ID#SAMPLE`; a request the
/// batch did not hold (a cache entry that expired meanwhile) goes to the provider itself.
struct BatchAnswers: Provider {
    let answers: [String: BatchAnswer]
    let fallback: any Provider

    func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        switch answers["\(request.caseID)#\(request.sample)"] {
        case .response(let response)?: return response
        case .error(let error)?: throw error
        case nil: return try await fallback.complete(request)
        }
    }
}
