import Synchronization

/// Spaces the request starts of a rate-limited target evenly: a token bucket of size one.
///
/// Requests take turns, so only the next one in line sleeps, and for at most one interval; the
/// rest wait in a queue that a stopped target or an interrupt drains at once.
final class RequestSpacer: Sendable {
    /// Seconds between two request starts.
    let interval: Double
    private let nextStart: Mutex<Double?> = Mutex(nil)
    private let turn = Limiter(capacity: 1)

    /// A spacer for `requestsPerMinute`, or nil when there is no positive rate.
    init?(requestsPerMinute: Double?) {
        guard let rate = requestsPerMinute, rate > 0, rate.isFinite else { return nil }
        interval = 60 / rate
    }

    /// Waits until this request may start, reading the time from `options.now` and waiting with
    /// `options.sleep`; returns at once when `skip` says the request will not be sent.
    func waitForTurn(_ options: RunnerOptions, skip: () -> Bool) async throws(CancellationError) {
        try await turn.acquire()
        defer { turn.release() }
        guard !skip() else { return }
        let delay = reserve(now: options.now())
        if delay > 0 { try? await options.sleep(.clampedSeconds(delay)) }
        if Task.isCancelled { throw CancellationError() }
    }

    /// Reserves the next start time and returns how many seconds to wait for it from `now`.
    func reserve(now: Double) -> Double {
        nextStart.withLock { next in
            let start = max(now, next ?? now)
            next = start + interval
            return start - now
        }
    }
}
