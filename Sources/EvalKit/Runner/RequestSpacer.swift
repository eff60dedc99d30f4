import Synchronization

/// Spaces the request starts of a rate-limited target evenly: a token bucket of size one.
final class RequestSpacer: Sendable {
    /// Seconds between two request starts.
    let interval: Double
    private let nextStart: Mutex<Double?> = Mutex(nil)

    /// A spacer for `requestsPerMinute`, or nil when there is no positive rate.
    init?(requestsPerMinute: Double?) {
        guard let rate = requestsPerMinute, rate > 0, rate.isFinite else { return nil }
        interval = 60 / rate
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
