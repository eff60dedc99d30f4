import Foundation
import EvalKitResults
import EvalKitSuite

/// One request to a model: the rendered prompt, the system instruction and the settings.
public struct ModelRequest: Sendable, Equatable {
    public var prompt: String
    public var system: String?
    public var settings: GenerationSettings
    public var caseID: String
    /// Which sample of a repeated case this request is, from 0 (SPEC §5.4); batch keys are `CASE_ID#SAMPLE`.
    public var sample: Int

    public init(prompt: String, system: String? = nil, settings: GenerationSettings = GenerationSettings(), caseID: String = "", sample: Int = 0) {
        self.prompt = prompt
        self.system = system
        self.settings = settings
        self.caseID = caseID
        self.sample = sample
    }

    /// The request of one sample of a case against a target: the case's system text over the
    /// target's, the target's settings overlaid by the case's.
    public init(_ resolved: ResolvedCase, target: Suite.ResolvedTarget, sample: Int) {
        self.init(
            prompt: resolved.prompt, system: resolved.system ?? target.system,
            settings: target.settings.overlaid(by: resolved.settings), caseID: resolved.id, sample: sample)
    }
}

/// A model's answer to one request.
public struct ModelResponse: Sendable, Equatable {
    public var text: String
    /// The protocol's own word: Gemini `STOP`/`MAX_TOKENS`/`SAFETY`, OpenAI `stop`/`length`.
    public var finishReason: String?
    /// The answer was cut by the token limit; it is scored as it came and flagged.
    public var truncated: Bool
    /// Set when the model refused or a safety filter blocked the prompt: the case is `failed` with this reason.
    public var blockReason: String?
    public var usage: TokenUsage?
    /// The model version that served the answer, as the server names it (SPEC §10.3): Gemini's and
    /// Vertex's `modelVersion`, an OpenAI-compatible `model` (with `system_fingerprint` as
    /// `"MODEL (FINGERPRINT)"`); nil when the server does not say.
    public var modelVersion: String?
    /// True when the answer came through a provider's batch API (SPEC §13): it has no latency of its own.
    public var batch: Bool

    public init(text: String, finishReason: String? = nil, truncated: Bool = false, blockReason: String? = nil, usage: TokenUsage? = nil, modelVersion: String? = nil, batch: Bool = false) {
        self.text = text
        self.finishReason = finishReason
        self.truncated = truncated
        self.blockReason = blockReason
        self.usage = usage
        self.modelVersion = modelVersion
        self.batch = batch
    }
}

/// Why an attempt got no usable answer, classified for the runner's retry policy (SPEC §6).
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Connection errors, timeouts, HTTP 408/429/500/502/503/504: retried with backoff.
        case transient
        /// 400, quota exhausted, malformed or unusable response: the case is an `error`, not retried.
        case permanent
        /// The endpoint rejected the target's configuration: authentication (401/403), model not
        /// found (404), TLS trust. The target's remaining cases stop and the run exits 2.
        case fatal
    }

    public var kind: Kind
    /// One line, never holding a key.
    public var message: String
    /// Seconds the server asked to wait (`Retry-After`, Gemini `RetryInfo.retryDelay`).
    public var retryAfter: Double?
    public var httpStatus: Int?

    public init(_ kind: Kind, _ message: String, retryAfter: Double? = nil, httpStatus: Int? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
        self.httpStatus = httpStatus
    }

    public var description: String { message }
}

/// A model endpoint: one attempt per call; retries, timeouts and concurrency belong to the runner.
/// Cancellation of the calling task must end the attempt promptly.
public protocol Provider: Sendable {
    func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse

    /// The executor its answers arrive on, if any: the runner runs the cases there, so an answer
    /// resumes its case on the thread that read it.
    var executor: (any TaskExecutor)? { get }

    /// True when `complete` ends promptly once the calling task's `DeadlineSignal.current` fires
    /// (it sends one request, through a transport that ends it then): the runner times its
    /// attempts out with that signal. Otherwise each attempt runs in a task of its own, which the
    /// runner cancels at the deadline.
    var honoursDeadlineSignal: Bool { get }
}

extension Provider {
    public var executor: (any TaskExecutor)? { nil }
    public var honoursDeadlineSignal: Bool { false }
}
