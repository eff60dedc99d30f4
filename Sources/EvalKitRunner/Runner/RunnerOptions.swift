import Foundation
import EvalKitSupport

/// How the runner schedules, times out, retries and repeats requests (SPEC §2, §5, §6).
public struct RunnerOptions: Sendable {
    /// Requests in flight at once, over every unit.
    public var concurrency: Int
    /// Seconds per attempt from `--timeout`; beats the case's own timeout.
    public var timeoutOverride: Double?
    /// Seconds per attempt when neither `--timeout` nor the case sets one.
    public var defaultTimeout: Double
    /// Retries of a transient failure; `retries + 1` attempts in all.
    public var retries: Int
    /// Samples per case from `--repeat`; beats the case's own count.
    public var repeatOverride: Int?
    /// Seconds of the first backoff's ceiling; each retry doubles it.
    public var backoffBase: Double
    /// Seconds that no backoff ceiling exceeds.
    public var backoffCap: Double
    /// The longest server-requested wait honoured; a longer one ends the case as `error` at once.
    public var maxRetryAfter: Double
    /// Waits out backoff delays and rate-limit spacing (not attempt timeouts, which use the real clock).
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Full jitter: a uniform value in `0...x` for a backoff ceiling `x`.
    public var jitter: @Sendable (Double) -> Double
    /// A monotonic clock in seconds, read to space the requests of a rate-limited target.
    public var now: @Sendable () -> Double
    /// The response cache (SPEC §12.1); nil or mode `off` sends every request.
    public var cache: ResponseCache?
    /// US dollars the run may spend over every target (SPEC §13.1): once the answers' cost
    /// reaches it, cases that sent nothing yet end `skipped` (reason `cost_limit`); requests in
    /// flight finish and count. Nil for no limit. Only targets with a price count.
    public var maxCost: Double?

    public init(
        concurrency: Int = 8,
        timeoutOverride: Double? = nil,
        defaultTimeout: Double = 60,
        retries: Int = 4,
        repeatOverride: Int? = nil,
        backoffBase: Double = 0.5,
        backoffCap: Double = 30,
        maxRetryAfter: Double = 60,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable (Double) -> Double = { $0 > 0 ? Double.random(in: 0...$0) : 0 },
        now: @escaping @Sendable () -> Double = RunnerOptions.monotonicSeconds,
        cache: ResponseCache? = nil,
        maxCost: Double? = nil
    ) {
        self.concurrency = concurrency
        self.timeoutOverride = timeoutOverride
        self.defaultTimeout = defaultTimeout
        self.retries = retries
        self.repeatOverride = repeatOverride
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.maxRetryAfter = maxRetryAfter
        self.sleep = sleep
        self.jitter = jitter
        self.now = now
        self.cache = cache
        self.maxCost = maxCost
    }

    private static let origin = ContinuousClock.now

    /// Seconds since the first time the runner read the clock, on the continuous clock.
    @Sendable public static func monotonicSeconds() -> Double {
        (ContinuousClock.now - origin).inSeconds
    }
}

extension Duration {
    /// The longest duration the runner waits for at once: a year, far beyond every range of `NumberRange`.
    static let longestWait: Double = 365 * 86_400

    /// `seconds` as a duration, clamped to `0...longestWait` (NaN is 0), so no value given through
    /// the Swift API traps converting to a `Duration`.
    public static func clampedSeconds(_ seconds: Double) -> Duration {
        .seconds(seconds >= 0 ? min(seconds, longestWait) : 0)
    }
}
