import EvalKitTesting
import Synchronization

/// Collects the failures EvalKit's assertions record, instead of failing the test.
final class FailureLog: Sendable {
    private let entries = Mutex<[(message: String, severity: FailureRecorder.Severity, place: SourcePlace)]>([])

    var recorder: FailureRecorder {
        FailureRecorder { message, severity, place in self.entries.withLock { $0.append((message, severity, place)) } }
    }

    /// The failures' messages.
    var messages: [String] { entries.withLock { $0.filter { $0.severity == .failure }.map(\.message) } }
    var warnings: [String] { entries.withLock { $0.filter { $0.severity == .warning }.map(\.message) } }
    var lines: [UInt] { entries.withLock { $0.map(\.place.line) } }

    /// Runs `body` with this log as the recorder.
    func collect(_ body: () async throws -> Void) async rethrows {
        try await FailureRecorder.$override.withValue(recorder) { try await body() }
    }
}
