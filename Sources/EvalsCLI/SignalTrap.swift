import Dispatch
import Foundation
import Synchronization

/// Whether the user asked the command to stop (SIGINT, SIGTERM), and what to do when they do.
public final class Interruption: Sendable {
    private struct State {
        var happened = false
        var actions: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether an interrupt has come.
    public var happened: Bool { state.withLock { $0.happened } }

    /// Records the interrupt and runs the registered actions, once.
    public func trigger() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.happened else { return [] }
            state.happened = true
            defer { state.actions = [] }
            return state.actions
        }
        for action in actions { action() }
    }

    /// Runs `action` when the interrupt comes, or at once when it already has.
    func onTrigger(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.happened { return true }
            state.actions.append(action)
            return false
        }
        if now { action() }
    }
}

/// Turns SIGINT and SIGTERM into an `Interruption` for as long as the process runs; a second
/// signal exits at once with 130.
final class SignalTrap: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ interruption: Interruption) {
        let received = Atomic<Bool>(false)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.exchange(true, ordering: .sequentiallyConsistent) { _exit(130) }
                interruption.trigger()
            }
            source.resume()
            sources.append(source)
        }
    }
}
