import Synchronization

/// Fires the alarms of attempts whose deadline has passed, from one clock loop for the whole run.
///
/// One sleeping timer per attempt would linger in the timer queue until its deadline even after
/// the attempt ended, so a fast run would pile up tens of thousands of them; the watchdog keeps
/// one short sleep at a time instead, and an alarm is an entry in a table until it fires or is
/// disarmed.
final class DeadlineWatchdog: Sendable {
    /// Names an armed alarm.
    struct Alarm: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    private struct Armed {
        let deadline: ContinuousClock.Instant
        let fire: @Sendable () -> Void
    }

    private struct State {
        var armed: [UInt64: Armed] = [:]
        /// Alarms that went off and have not been disarmed since.
        var fired: Set<UInt64> = []
        var nextID: UInt64 = 0
        var stopped = false
    }

    /// The longest the loop sleeps, so a deadline armed while it sleeps is late by at most this.
    static let tick: Duration = .milliseconds(50)

    private let state = Mutex(State())

    /// Calls `fire` once `duration` has passed, unless the alarm is disarmed first; nil (and
    /// never a call) once the watchdog has stopped.
    func arm(after duration: Duration, _ fire: @escaping @Sendable () -> Void) -> Alarm? {
        let deadline = ContinuousClock.now + duration
        return state.withLock { state in
            guard !state.stopped else { return nil }
            state.nextID += 1
            state.armed[state.nextID] = Armed(deadline: deadline, fire: fire)
            return Alarm(id: state.nextID)
        }
    }

    /// Forgets `alarm`; true if it had gone off already.
    func disarm(_ alarm: Alarm) -> Bool {
        state.withLock { state in
            state.armed[alarm.id] = nil
            return state.fired.remove(alarm.id) != nil
        }
    }

    /// Fires alarms until the calling task is cancelled, then stops.
    func run() async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            var wake = now + Self.tick
            let due: [@Sendable () -> Void] = state.withLock { state in
                var due: [@Sendable () -> Void] = []
                for (id, alarm) in state.armed {
                    if alarm.deadline <= now {
                        state.armed[id] = nil
                        state.fired.insert(id)
                        due.append(alarm.fire)
                    } else {
                        wake = min(wake, alarm.deadline)
                    }
                }
                return due
            }
            for fire in due { fire() }
            try? await Task.sleep(until: wake, clock: .continuous)
        }
        stop()
    }

    /// Drops every alarm unfired; later calls to `arm` return nil.
    func stop() {
        state.withLock { state in
            state.stopped = true
            state.armed = [:]
        }
    }
}
