import Foundation

public enum Outcome: String, Sendable, Codable, CaseIterable {
    case passed, failed, error, skipped
}

public enum SkipReason: String, Sendable, Codable {
    case interrupted
    /// The run's spend reached `--max-cost` or the gate's `max_cost` before the case was sent (SPEC §13.1).
    case costLimit = "cost_limit"

    /// The reason with what it means, for a JUnit `<skipped message>`.
    public var explanation: String {
        switch self {
        case .interrupted: "interrupted"
        case .costLimit: "cost_limit: not sent, the run's spend had reached its cost limit"
        }
    }
}

/// Why a case ended in `error`, when that matters beyond the message: `configuration` when the
/// endpoint rejected the target's configuration (authentication, model not found, TLS trust), so
/// rerunning will not help and the run exits 2 (SPEC §2).
public enum ErrorKind: String, Sendable, Codable {
    case configuration
}

public enum GoldenStatus: String, Sendable, Codable {
    case unchanged, changed, new, updated, off
}

public enum Transition: String, Sendable, Codable, CaseIterable {
    case fixed, regressed
    case stillPassing = "still_passing"
    case stillFailing = "still_failing"
    case incomparable
}

/// The result of one case on one target.
public struct CaseReport: Sendable, Equatable, Codable {
    public var id: String
    /// The case's position in its suite, from 0: merged shards put their cases back in suite order.
    public var index: Int? = nil
    public var prompt: String
    public var system: String?
    public var tags: [String]
    /// Sample 1's output; nil when no answer came.
    public var output: String?
    public var outcome: Outcome
    /// The matchers' verdict on the answer before any golden check: `passed` or `failed`; nil
    /// for a case without `expect` (golden-only) and for one that was not judged (error,
    /// skipped). Transitions compare it on both sides (SPEC §7.2).
    public var matcherVerdict: Outcome?
    public var reason: SkipReason?
    /// One line per problem: the deciding matcher's message first.
    public var messages: [String]
    /// The JUnit failure or error type: the failing matcher's name, `golden`, or an error kind.
    public var failureType: FailureType?
    /// For an `error`, `configuration` when the endpoint rejected the target's configuration.
    public var errorKind: ErrorKind?
    /// Expected, got and any diff, shown under the message.
    public var details: String?
    public var golden: GoldenStatus
    public var goldenOutput: String?
    /// The unified diff against the golden output, when it differs.
    public var goldenDiff: String?
    public var transition: Transition?
    public var outputChanged: Bool?
    public var latencyMs: Double?
    /// Wall time of the case in seconds, retries and samples included.
    public var durationSeconds: Double
    public var retries: Int
    public var finishReason: String?
    public var truncated: Bool
    public var usage: TokenUsage?
    /// The model version that served the answer (SPEC §10.3): Gemini's and Vertex's
    /// `modelVersion`, an OpenAI-compatible server's `model` (`"MODEL (FINGERPRINT)"` with a
    /// `system_fingerprint`); that of the first sample that says, with repeats. Nil when no
    /// answer said.
    public var modelVersion: String?
    public var samples: Int
    public var passes: Int
    public var flaky: Bool
    /// Every sample's output and verdict, when the case ran more than once.
    public var sampleResults: [SampleReport]
    /// With a response cache (SPEC §12.1): true when every sample's answer came from the cache
    /// (its original latency kept); nil without one.
    public var cached: Bool? = nil
    /// Samples answered from the cache, and samples the cache did not hold.
    public var cacheHits = 0
    public var cacheMisses = 0
    /// True when a rerun (SPEC §12.2) kept this result from the earlier run instead of running the case.
    public var reused = false
    /// What this case's requests cost in the run that sent them, when the target has a price
    /// (SPEC §13.1): answers from the response cache cost nothing; a reused case keeps the cost
    /// recorded when it ran. Nil when the target has no price.
    public var cost: Cost? = nil

    /// True when a sample's answer came through the provider's batch API (SPEC §13), so its
    /// tokens are billed at the batch discount.
    public var batch = false

    public init(id: String, prompt: String, system: String? = nil, tags: [String] = [], output: String? = nil, outcome: Outcome, matcherVerdict: Outcome? = nil, reason: SkipReason? = nil, messages: [String] = [], failureType: FailureType? = nil, errorKind: ErrorKind? = nil, details: String? = nil, golden: GoldenStatus = .off, goldenOutput: String? = nil, goldenDiff: String? = nil, transition: Transition? = nil, outputChanged: Bool? = nil, latencyMs: Double? = nil, durationSeconds: Double = 0, retries: Int = 0, finishReason: String? = nil, truncated: Bool = false, usage: TokenUsage? = nil, modelVersion: String? = nil, samples: Int = 1, passes: Int = 0, flaky: Bool = false, sampleResults: [SampleReport] = [], cached: Bool? = nil, cacheHits: Int = 0, cacheMisses: Int = 0, batch: Bool = false) {
        self.id = id
        self.prompt = prompt
        self.system = system
        self.tags = tags
        self.output = output
        self.outcome = outcome
        self.matcherVerdict = matcherVerdict
        self.reason = reason
        self.messages = messages
        self.failureType = failureType
        self.errorKind = errorKind
        self.details = details
        self.golden = golden
        self.goldenOutput = goldenOutput
        self.goldenDiff = goldenDiff
        self.transition = transition
        self.outputChanged = outputChanged
        self.latencyMs = latencyMs
        self.durationSeconds = durationSeconds
        self.retries = retries
        self.finishReason = finishReason
        self.truncated = truncated
        self.usage = usage
        self.modelVersion = modelVersion
        self.samples = samples
        self.passes = passes
        self.flaky = flaky
        self.sampleResults = sampleResults
        self.cached = cached
        self.cacheHits = cacheHits
        self.cacheMisses = cacheMisses
        self.batch = batch
    }

    enum CodingKeys: String, CodingKey {
        case id, index, prompt, system, tags, output, outcome, matcherVerdict = "matcher_verdict", reason, messages, failureType = "failure_type", errorKind = "error_kind", details
        case golden, goldenOutput = "golden_output", goldenDiff = "golden_diff", transition, outputChanged = "output_changed"
        case latencyMs = "latency_ms", durationSeconds = "duration_s", retries, finishReason = "finish_reason"
        case truncated, usage, modelVersion = "model_version", samples, passes, flaky, sampleResults = "sample_results"
        case cached, cacheHits = "cache_hits", cacheMisses = "cache_misses", reused, cost, batch
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        index = try c.decodeIfPresent(Int.self, forKey: .index)
        prompt = try c.decode(String.self, forKey: .prompt)
        system = try c.decodeIfPresent(String.self, forKey: .system)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        output = try c.decodeIfPresent(String.self, forKey: .output)
        outcome = try c.decode(Outcome.self, forKey: .outcome)
        if c.contains(.matcherVerdict) {
            matcherVerdict = try c.decodeIfPresent(Outcome.self, forKey: .matcherVerdict)
        } else {
            // A file written before the field existed: its outcome is the best verdict it has.
            matcherVerdict = outcome == .passed || outcome == .failed ? outcome : nil
        }
        reason = try c.decodeIfPresent(SkipReason.self, forKey: .reason)
        messages = try c.decodeIfPresent([String].self, forKey: .messages) ?? []
        failureType = try c.decodeIfPresent(FailureType.self, forKey: .failureType)
        errorKind = try c.decodeIfPresent(ErrorKind.self, forKey: .errorKind)
        details = try c.decodeIfPresent(String.self, forKey: .details)
        golden = try c.decodeIfPresent(GoldenStatus.self, forKey: .golden) ?? .off
        goldenOutput = try c.decodeIfPresent(String.self, forKey: .goldenOutput)
        goldenDiff = try c.decodeIfPresent(String.self, forKey: .goldenDiff)
        transition = try c.decodeIfPresent(Transition.self, forKey: .transition)
        outputChanged = try c.decodeIfPresent(Bool.self, forKey: .outputChanged)
        latencyMs = try c.decodeIfPresent(Double.self, forKey: .latencyMs)
        durationSeconds = try c.decodeIfPresent(Double.self, forKey: .durationSeconds) ?? 0
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? 0
        finishReason = try c.decodeIfPresent(String.self, forKey: .finishReason)
        truncated = try c.decodeIfPresent(Bool.self, forKey: .truncated) ?? false
        usage = try c.decodeIfPresent(TokenUsage.self, forKey: .usage)
        modelVersion = try c.decodeIfPresent(String.self, forKey: .modelVersion)
        samples = try c.decodeIfPresent(Int.self, forKey: .samples) ?? 1
        passes = try c.decodeIfPresent(Int.self, forKey: .passes) ?? 0
        flaky = try c.decodeIfPresent(Bool.self, forKey: .flaky) ?? false
        sampleResults = try c.decodeIfPresent([SampleReport].self, forKey: .sampleResults) ?? []
        cached = try c.decodeIfPresent(Bool.self, forKey: .cached)
        cacheHits = try c.decodeIfPresent(Int.self, forKey: .cacheHits) ?? 0
        cacheMisses = try c.decodeIfPresent(Int.self, forKey: .cacheMisses) ?? 0
        reused = try c.decodeIfPresent(Bool.self, forKey: .reused) ?? false
        cost = try c.decodeIfPresent(Cost.self, forKey: .cost)
        batch = try c.decodeIfPresent(Bool.self, forKey: .batch) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(index, forKey: .index)
        try c.encode(prompt, forKey: .prompt)
        try c.encode(system, forKey: .system)
        try c.encode(tags, forKey: .tags)
        try c.encode(output, forKey: .output)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(matcherVerdict, forKey: .matcherVerdict)
        try c.encode(reason, forKey: .reason)
        try c.encode(messages, forKey: .messages)
        try c.encode(failureType, forKey: .failureType)
        try c.encode(errorKind, forKey: .errorKind)
        try c.encode(details, forKey: .details)
        try c.encode(golden, forKey: .golden)
        try c.encode(goldenOutput, forKey: .goldenOutput)
        try c.encode(goldenDiff, forKey: .goldenDiff)
        try c.encode(transition, forKey: .transition)
        try c.encode(outputChanged, forKey: .outputChanged)
        try c.encode(latencyMs, forKey: .latencyMs)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(retries, forKey: .retries)
        try c.encode(finishReason, forKey: .finishReason)
        try c.encode(truncated, forKey: .truncated)
        try c.encode(usage, forKey: .usage)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encode(samples, forKey: .samples)
        try c.encode(passes, forKey: .passes)
        try c.encode(flaky, forKey: .flaky)
        try c.encode(sampleResults, forKey: .sampleResults)
        if let cached {
            try c.encode(cached, forKey: .cached)
            try c.encode(cacheHits, forKey: .cacheHits)
            try c.encode(cacheMisses, forKey: .cacheMisses)
        }
        if reused { try c.encode(reused, forKey: .reused) }
        if let cost { try c.encode(cost, forKey: .cost) }
        if batch { try c.encode(batch, forKey: .batch) }
    }
}

/// One sample of a repeated case.
public struct SampleReport: Sendable, Equatable, Codable {
    public var output: String?
    public var outcome: Outcome
    public var message: String?
    public var failureType: FailureType?

    public init(output: String?, outcome: Outcome, message: String? = nil, failureType: FailureType? = nil) {
        self.output = output
        self.outcome = outcome
        self.message = message
        self.failureType = failureType
    }

    enum CodingKeys: String, CodingKey {
        case output, outcome, message, failureType = "failure_type"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(output, forKey: .output)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(message, forKey: .message)
        try c.encode(failureType, forKey: .failureType)
    }
}
